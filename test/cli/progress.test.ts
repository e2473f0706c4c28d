// The progress bar: one line that fits the terminal at any width (a wrapped bar scrolls), with
// percentage, ETA, count and rate while it has room, a phase of its own while shrinking, and
// nothing at all when the CLI is not interactive.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progress, progressLine, shortDuration, type ProgressState } from '../../harness/cli/progress.ts';
import type { CliIo } from '../../harness/cli/io.ts';

const RUN: ProgressState = { label: 'proauth check', phase: 'run', done: 37, total: 1000, elapsedMs: 4_000 };

describe('progressLine', () => {
  for (const columns of [40, 80, 200]) {
    it(`fits ${columns} columns, run and shrink phases, at every count`, () => {
      for (const phase of ['run', 'shrink'] as const) {
        for (const done of [0, 1, 37, 999, 1000]) {
          const line = progressLine({ ...RUN, phase, done, elapsedMs: done * 12_345 }, columns);
          expect(line.length, line).toBeLessThanOrEqual(columns - 1);
          expect(line).toMatch(/\d+%/);
          if (phase === 'shrink') expect(line).toContain('shrinking');
        }
      }
    });
  }

  it('shows the bar, percentage, ETA, count and rate when there is room', () => {
    const line = progressLine(RUN, 200);
    expect(line).toMatch(/^proauth check \[#+\.+\] +3% ETA 1m44s 37\/1000 9\.3 runs\/s$/);
  });

  it('drops the rate and then the count before the ETA in a narrow terminal', () => {
    const line = progressLine(RUN, 50);
    expect(line).toContain('ETA 1m44s');
    expect(line).not.toContain('runs/s');
    expect(progressLine(RUN, 40)).toMatch(/\[[#.]{8,}\]/);
  });

  it('never exceeds the width, even too narrow for a bar', () => {
    for (let columns = 1; columns <= 40; columns++) expect(progressLine(RUN, columns).length).toBeLessThanOrEqual(Math.max(0, columns - 1));
  });

  it('counts shrink runs against the shrink budget', () => {
    expect(progressLine({ label: 'proauth check', phase: 'shrink', done: 150, total: 300, elapsedMs: 3_000 }, 200)).toBe(
      `proauth check: shrinking [${'#'.repeat(20)}${'.'.repeat(20)}]  50% ETA 3s 150/300 50 shrink runs/s`,
    );
  });

  it('formats durations short', () => {
    expect([shortDuration(0), shortDuration(59_400), shortDuration(75_000), shortDuration(3_720_000)]).toEqual(['0s', '59s', '1m15s', '1h02m']);
  });
});

/** A terminal of `columns` columns that keeps what was written. */
function fakeTty(columns: number): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  Object.assign(w, { isTTY: true, columns, rows: 24, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream: w as unknown as NodeJS.WriteStream, text: () => text };
}

const io = (interactive: boolean): CliIo => ({ out: () => undefined, err: () => undefined, interactive });

describe('progress', () => {
  it('draws lines that fit a 40-column terminal, through the run and shrink phases', () => {
    const tty = fakeTty(40);
    const bar = progress(io(true), 40, 'proauth check', tty.stream);
    for (let i = 1; i <= 5; i++) bar.tick(i);
    bar.shrinking(10, 300);
    bar.end();
    // eslint-disable-next-line no-control-regex
    const drawn = tty.text().split(/\r|\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/).filter((l) => l.trim().length > 0);
    expect(drawn.some((l) => l.includes('proauth check ['))).toBe(true);
    expect(drawn.some((l) => l.includes('shrinking'))).toBe(true);
    for (const l of drawn) expect(l.length, l).toBeLessThanOrEqual(39);
  });

  it('writes nothing when not interactive', () => {
    const tty = fakeTty(80);
    const bar = progress(io(false), 40, 'proauth check', tty.stream);
    bar.tick(3);
    bar.shrinking(1, 300);
    bar.end();
    expect(tty.text()).toBe('');
  });
});
