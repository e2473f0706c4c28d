// The progress bar of `proauth check` and `proauth matrix` on stderr, through cli-progress: the
// bar, percentage, count, rate and ETA while the runs go, then a phase of its own while fast-check
// shrinks a counterexample (it can take as long as the runs did). Drawn only when interactive
// (stderr a TTY, not CI, not --json); each line fits the terminal's width, so a narrow terminal
// never wraps it into a scroll of half-drawn bars.
import { SingleBar } from 'cli-progress';
import type { CliIo } from './io.ts';

export interface Progress {
  /** `done` of the total units (seeds, matrix cells) are finished. */
  tick(done: number): void;
  /** Shrinking: `runs` shrink runs of at most `budget` are done. */
  shrinking(runs: number, budget: number): void;
  end(): void;
}

export interface ProgressState {
  readonly label: string;
  readonly phase: 'run' | 'shrink';
  readonly done: number;
  readonly total: number;
  /** Since the phase began. */
  readonly elapsedMs: number;
}

/** 75 s → "1m15s": short, so the line keeps room for the bar. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

const MIN_BAR = 8;
const MAX_BAR = 40;

/**
 * One line of the bar, at most `columns - 1` characters (the last column would make some
 * terminals wrap). Parts are dropped from the least useful (rate, count, ETA) until it fits.
 */
export function progressLine(s: ProgressState, columns: number): string {
  const total = Math.max(1, s.total);
  const done = Math.min(Math.max(0, s.done), total);
  const fraction = done / total;
  const seconds = s.elapsedMs / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  const unit = s.phase === 'shrink' ? 'shrink runs' : 'runs';
  const eta = done > 0 ? shortDuration(((total - done) * s.elapsedMs) / done) : '?';
  const head = s.phase === 'shrink' ? `${s.label}: shrinking` : s.label;
  const pct = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  // Most wanted first: the bar and percentage always, then the ETA, the count, the rate.
  const optional = [`ETA ${eta}`, `${done}/${total}`, `${rate.toFixed(rate >= 10 ? 0 : 1)} ${unit}/s`];
  const room = columns - 1;
  for (let keep = optional.length; keep >= 0; keep--) {
    const tail = [pct, ...optional.slice(0, keep)].join(' ');
    const barWidth = Math.min(MAX_BAR, room - head.length - tail.length - 4);
    if (barWidth >= MIN_BAR) {
      const filled = Math.round(fraction * barWidth);
      return `${head} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${tail}`;
    }
  }
  // Too narrow for any bar: the phase and the percentage, cut to the width.
  return `${head} ${pct.trim()}`.slice(0, Math.max(0, room));
}

/** A progress bar on stderr when `io` is interactive; a no-op otherwise. */
export function progress(io: CliIo, total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!io.interactive || total < 1) return { tick: () => undefined, shrinking: () => undefined, end: () => undefined };
  let phase: ProgressState['phase'] = 'run';
  let phaseStart = Date.now();
  let phaseTotal = total;
  const bar = new SingleBar({
    stream,
    clearOnComplete: true,
    hideCursor: true,
    linewrap: false,
    fps: 5,
    format: (_options, params) => progressLine({ label, phase, done: params.value, total: phaseTotal, elapsedMs: Date.now() - phaseStart }, params.maxWidth || 80),
  });
  bar.start(total, 0);
  return {
    tick(done) {
      // Once shrinking, the runs are over: a late tick must not redraw the run phase's count
      // against the shrink budget.
      if (phase === 'run') bar.update(done);
    },
    shrinking(runs, budget) {
      if (phase === 'run') {
        phase = 'shrink';
        phaseStart = Date.now();
      }
      phaseTotal = budget;
      bar.setTotal(budget);
      bar.update(runs);
    },
    end() {
      bar.stop();
    },
  };
}
