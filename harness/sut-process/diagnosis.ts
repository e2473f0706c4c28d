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

  push(chunk: Buffer): void {
    const all = Buffer.concat([this.bytes, chunk]);
    // A copy, so that the dropped bytes are not kept alive by a view into them.
    this.bytes = all.length > STDERR_TAIL_BYTES ? Buffer.from(all.subarray(-STDERR_TAIL_BYTES)) : all;
  }

  /** The last non-empty lines, each capped and escaped (empty when there are none). */
  lines(): string[] {
    const text = new TextDecoder('utf-8').decode(this.bytes);
    return text
      .split(/\r?\n|\r/)
      .filter((l) => l.trim() !== '')
      .slice(-STDERR_TAIL_LINES)
      .map((l) => escapeControl(cap(l.trimEnd(), STDERR_LINE_CHARS)));
  }
}

function cap(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars)}…` : text;
}

/** C0 and C1 control characters (and the JS line separators) as \uXXXX, so a message stays one line. */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A stdout line as a quoted, capped, escaped excerpt. */
export function excerpt(line: string): string {
  const long = line.length > LINE_HEAD_BYTES;
  return `${escapeControl(JSON.stringify(long ? line.slice(0, LINE_HEAD_BYTES) : line))}${long ? '…' : ''}`;
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
