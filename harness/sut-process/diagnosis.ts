// The text of an SUT failure: what the process did at the end (exit code, signal, or killed
// by the tester), the tail of its stderr and the stdout line at fault, each capped and with
// control characters escaped, so that the same failure always reads the same.
import { LINE_HEAD_BYTES } from './line-reader.ts';

/** stderr bytes kept; older output is dropped. */
export const STDERR_TAIL_BYTES = 4096;
export const STDERR_TAIL_LINES = 3;
export const STDERR_LINE_CHARS = 200;

/** The last STDERR_TAIL_BYTES bytes of a stream, however it was chunked. */
export class ByteTail {
  private bytes: Buffer = Buffer.alloc(0);
  private truncated = false;

  push(chunk: Buffer): void {
    const all = Buffer.concat([this.bytes, chunk]);
    this.truncated ||= all.length > STDERR_TAIL_BYTES;
    // A copy, so that the dropped bytes are not kept alive by a view into them.
    this.bytes = all.length > STDERR_TAIL_BYTES ? Buffer.from(all.subarray(-STDERR_TAIL_BYTES)) : all;
  }

  /** The last non-empty lines, each capped and escaped (empty when there are none). */
  lines(): string[] {
    const lines = new TextDecoder('utf-8').decode(this.bytes).split(/\r?\n|\r/);
    // A line cut at the front could show the tail of a key too short to be recognised as one.
    if (this.truncated) lines.shift();
    return lines
      .filter((l) => l.trim() !== '')
      .slice(-STDERR_TAIL_LINES)
      .map((l) => escapeControl(cap(l.trimEnd(), STDERR_LINE_CHARS)));
  }
}

/**
 * The first `chars` characters. Where the cut falls inside a run of hex or base64 characters,
 * the run is hidden: cut short, a key would be too short for the Redactor to recognise it.
 */
function cap(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars).replace(RUN_AT_CUT, '<cut>')}…` : text;
}
const RUN_AT_CUT = /[0-9A-Za-z+/=]{8,}$/;

/** C0 and C1 control characters (and the JS line separators) as \uXXXX, so a message stays one line. */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A stdout line as a quoted, capped, escaped excerpt; `cut` when `line` is already only the head of a longer one. */
export function excerpt(line: string, cut = false): string {
  const long = cut || line.length > LINE_HEAD_BYTES;
  const shown = long ? line.slice(0, LINE_HEAD_BYTES).replace(RUN_AT_CUT, '<cut>') : line;
  return `${escapeControl(JSON.stringify(shown))}${long ? '…' : ''}`;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export function exitStatus(exit: ExitStatus): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
}

export function stderrPhrase(tail: ByteTail): string {
  const lines = tail.lines();
  return lines.length === 0 ? '; its stderr was empty' : `; its stderr ends with: ${lines.join(' | ')}`;
}

export function lastLinePhrase(last: { readonly n: number; readonly text: string } | undefined): string {
  return last === undefined ? '; it wrote nothing on stdout' : `; its last stdout line (line ${last.n}) was ${excerpt(last.text)}`;
}
