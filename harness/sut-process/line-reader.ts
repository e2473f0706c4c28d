// Framing of the SUT's stdout into lines with Node's own readline, strict about what a line
// may be: valid UTF-8 (decoded per line with a fatal decoder) and at most MAX_LINE_BYTES long.
// The stream is read as latin1, one character per byte, so that a line's bytes survive
// readline intact and its length in characters is its length in bytes.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { MAX_LINE_BYTES } from './limits.ts';

/** How much of an offending line an error message shows. */
export const LINE_HEAD_BYTES = 120;

/** `head`: the line's first LINE_HEAD_BYTES bytes, decoded leniently; `cut` when the line is longer. */
export interface LineProblem {
  readonly kind: 'utf8' | 'too-long';
  readonly line: number;
  readonly head: string;
  readonly cut: boolean;
}

export interface LineHandlers {
  /** A complete line (1-based number, decoded text without its line break). */
  readonly line: (n: number, text: string) => void;
  /** The first line that breaks a rule; no line is delivered after it. */
  readonly problem: (p: LineProblem) => void;
  /** stdout ended (after its last line). */
  readonly end: () => void;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** Lenient decoding of a line's first bytes, for messages only. */
function headOf(latin1: string): string {
  return lenient.decode(Buffer.from(latin1.slice(0, LINE_HEAD_BYTES), 'latin1'));
}

export function readLines(input: Readable, handlers: LineHandlers): void {
  input.setEncoding('latin1');
  let count = 0;
  let stopped = false;
  // crlfDelay Infinity: "\r\n" is one line break however the bytes are split across chunks.
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });

  const stop = (p: LineProblem): void => {
    stopped = true;
    rl.close();
    // readline pauses its input on close; keep draining so that the pipe still ends.
    input.resume();
    handlers.problem(p);
  };

  rl.on('line', (raw: string) => {
    if (stopped) return;
    count++;
    const cut = raw.length > LINE_HEAD_BYTES;
    if (raw.length > MAX_LINE_BYTES) return stop({ kind: 'too-long', line: count, head: headOf(raw), cut });
    let text: string;
    try {
      text = strict.decode(Buffer.from(raw, 'latin1'));
    } catch {
      return stop({ kind: 'utf8', line: count, head: headOf(raw), cut });
    }
    handlers.line(count, text);
  });

  // Registered after readline's own listener, so every complete line of a chunk has been
  // delivered when this runs: what remains is the line still open, which readline would buffer
  // without bound.
  let open = 0;
  let head = '';
  input.on('data', (chunk: string) => {
    if (stopped) return;
    const lastBreak = Math.max(chunk.lastIndexOf('\n'), chunk.lastIndexOf('\r'));
    if (lastBreak >= 0) {
      open = chunk.length - lastBreak - 1;
      head = chunk.slice(lastBreak + 1, lastBreak + 1 + LINE_HEAD_BYTES);
    } else {
      open += chunk.length;
      if (head.length < LINE_HEAD_BYTES) head += chunk.slice(0, LINE_HEAD_BYTES - head.length);
    }
    if (open > MAX_LINE_BYTES) stop({ kind: 'too-long', line: count + 1, head: headOf(head), cut: true });
  });
  input.once('end', () => handlers.end());
}
