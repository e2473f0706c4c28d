// Progress of a long exploration on stderr: states, level, rate, resident memory and the ETA of
// the level being expanded (from the fraction of it expanded so far; a BFS level's size is known
// when it starts, the next one's is not, so no ETA of the whole run is honest). `proauth explore`
// prints it when asked (--progress: a line per level, and one every LINE_EVERY_MS inside a long
// level) or when stderr is a terminal (one status line redrawn in place, cleared at the end).
// The explorer is synchronous, so nothing here runs on a timer: the explorer's own calls
// (onLevel, onExpand) drive it.
import { shortDuration } from '../cli/progress.ts';
import type { ExpandProgress, LevelProgress } from './types.ts';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mib = (n: number): string => `${fmt(n / 2 ** 20)} MiB`;

/** The line of a finished level. */
export function levelLine(p: LevelProgress, levelSeconds: number, levelNew: number): string {
  const rate = levelSeconds > 0 ? levelNew / levelSeconds : 0;
  return `depth ${p.depth}: ${fmt(p.distinctStates)} states, ${fmt(p.transitions)} transitions, frontier ${fmt(p.frontier)}, ${p.seconds.toFixed(1)} s, ${fmt(rate)} new states/s, RSS ${mib(p.rss)}`;
}

/** The line of a level being expanded, with its ETA from the expanded fraction. */
export function expandLine(p: ExpandProgress, levelSeconds: number, levelNew: number): string {
  const fraction = p.levelSize > 0 ? p.expanded / p.levelSize : 1;
  const eta = p.expanded > 0 ? shortDuration((1000 * levelSeconds * (p.levelSize - p.expanded)) / p.expanded) : '?';
  const rate = levelSeconds > 0 ? levelNew / levelSeconds : 0;
  // Named by the level being found, as the level lines are: depth d + 1 comes of expanding depth d.
  return `depth ${p.depth + 1}: ${(fraction * 100).toFixed(0)} % of depth ${p.depth}'s ${fmt(p.levelSize)} states expanded, ${fmt(p.distinctStates)} states, ${fmt(rate)} new states/s, RSS ${mib(p.rss)}, level ETA ${eta}`;
}

export interface ProgressSink {
  /** Writes text to stderr. */
  readonly write: (text: string) => void;
  /** Redraw one status line in place (a terminal) instead of printing lines. */
  readonly inPlace: boolean;
  /** Print a line per level (--progress). */
  readonly levels: boolean;
  /** The clock, ms (a test passes its own). */
  readonly now?: () => number;
}

/** A line inside a long level at most this often when printing lines, and a redraw this often in place. */
export const LINE_EVERY_MS = 30_000;
export const REDRAW_EVERY_MS = 250;

/** The explorer's callbacks, writing progress to the sink; `end()` clears a status line. */
export function progressReporter(sink: ProgressSink): { onLevel: (p: LevelProgress) => void; onExpand: (p: ExpandProgress) => void; end: () => void } {
  const now = sink.now ?? ((): number => performance.now());
  let levelStart = now();
  let statesAtLevelStart = 1;
  let lastWrite = now();
  let drawn = false;
  const draw = (line: string): void => {
    sink.write(`\r${line}\u001b[K`);
    drawn = true;
  };
  return {
    onLevel(p) {
      const t = now();
      const line = levelLine(p, (t - levelStart) / 1000, p.distinctStates - statesAtLevelStart);
      if (sink.levels) {
        sink.write(drawn ? `\r${line}\u001b[K\n` : `${line}\n`);
        drawn = false;
        lastWrite = t;
      } else if (sink.inPlace && t - lastWrite >= REDRAW_EVERY_MS) {
        // Fast levels come by the hundred a second: the status line is redrawn a few times a second.
        draw(line);
        lastWrite = t;
      }
      levelStart = t;
      statesAtLevelStart = p.distinctStates;
    },
    onExpand(p) {
      const t = now();
      if (t - lastWrite < (sink.inPlace ? REDRAW_EVERY_MS : LINE_EVERY_MS)) return;
      lastWrite = t;
      const line = expandLine(p, (t - levelStart) / 1000, p.distinctStates - statesAtLevelStart);
      if (sink.inPlace) draw(line);
      else if (sink.levels) sink.write(`${line}\n`);
    },
    end() {
      if (drawn) sink.write('\r\u001b[K');
      drawn = false;
    },
  };
}
