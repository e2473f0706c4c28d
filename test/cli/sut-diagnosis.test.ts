// The same broken SUT gets the very same diagnosis every time: kind, exit code or signal,
// stderr tail and the stdout line at fault. Each failure mode runs 20 times in a row; before
// the diagnosis waited for the process to close, the first of exit, end of stdout and EPIPE
// decided, and `false` was "closed its stdin" about half the time; and while whether the SUT
// exited on its own was decided by whether the tester had seen the exit when its grace timer
// fired, a busy tester reported a process that had exited as one it killed.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SutError } from '../../harness/sut-process/errors.ts';
import { SutProcess } from '../../harness/sut-process/process.ts';
import { cli } from './helpers.ts';

const REPEAT = 20;
const GRACE = 300;

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
/** A node one-liner as a shell command. */
const nodeSut = (script: string): string => `${quote(process.execPath)} -e ${quote(script)}`;

const HELLO = '{"id":1,"type":"hello","protocol":"proauth-sut","version":1,"roles":["TPoS"]}';
const ANSWER_HELLO = `const rl = require('readline').createInterface({ input: process.stdin });
const send = (o) => process.stdout.write(JSON.stringify(o) + '\\n');`;

interface Diagnosis {
  readonly kind: string;
  readonly message: string;
}

/** Runs a session: the handshake, then `after` requests; returns how it failed. */
interface SessionOptions {
  readonly timeoutMs?: number;
  readonly after?: number;
  readonly cwd?: string;
  readonly graceMs?: number;
}

async function diagnose(command: string, options: SessionOptions = {}): Promise<Diagnosis> {
  try {
    const { sut } = await SutProcess.start(command, { timeoutMs: options.timeoutMs ?? 3000, exitGraceMs: options.graceMs ?? GRACE, ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
    try {
      for (let i = 0; i < (options.after ?? 1); i++) await sut.request({ type: 'report' });
    } finally {
      await sut.close();
    }
  } catch (e) {
    if (e instanceof SutError) return { kind: e.kind, message: e.message };
    throw e;
  }
  throw new Error(`${command}: the session did not fail`);
}

async function repeated(command: string, options: SessionOptions = {}): Promise<Diagnosis> {
  const seen: Diagnosis[] = [];
  for (let i = 0; i < REPEAT; i++) seen.push(await diagnose(command, options));
  expect(new Set(seen.map((d) => JSON.stringify(d))).size, JSON.stringify(seen, null, 1)).toBe(1);
  return seen[0]!;
}

describe('an SUT failure has one diagnosis, every time', () => {
  it('exits at once with code 1: the exit code and the last three stderr lines, escaped', async () => {
    const d = await repeated(`for i in 1 2 3 4 5; do echo "line $i" >&2; done; printf '\\033[31mred\\033[0m\\n' >&2; exit 1`);
    expect(d).toEqual({ kind: 'crash', message: 'SUT process exited (code 1); its stderr ends with: line 4 | line 5 | \\u001b[31mred\\u001b[0m; it wrote nothing on stdout' });
  });

  it('is killed by a signal: the signal is named', async () => {
    const d = await repeated('kill -SEGV $$');
    expect(d).toEqual({ kind: 'crash', message: 'SUT process exited (signal SIGSEGV); its stderr was empty; it wrote nothing on stdout' });
  });

  it('prints garbage and exits: the line, its number and the exit code', async () => {
    const d = await repeated('echo hello');
    expect(d).toEqual({ kind: 'garbage', message: 'SUT wrote a line that is not JSON at line 1: "hello"; the process exited (code 0); its stderr was empty' });
  });

  it('prints a wrong handshake and exits', async () => {
    const d = await repeated(`echo ${quote(HELLO.replace('"version":1', '"version":2'))}; echo 'tpos 0.2 starting' >&2`);
    expect(d).toEqual({ kind: 'version', message: 'SUT speaks proauth-sut version 2; this tester speaks proauth-sut version 1 (line 1); the process exited (code 0); its stderr ends with: tpos 0.2 starting' });
  });

  it('hangs past the timeout: killed, with what it wrote', async () => {
    const d = await repeated(`echo 'waiting for nothing' >&2; exec sleep 30`, { timeoutMs: 500 });
    expect(d).toEqual({ kind: 'timeout', message: 'SUT did not answer hello within 500 ms and was killed; its stderr ends with: waiting for nothing; it wrote nothing on stdout' });
  });

  it('closes stdout but keeps running: killed after the grace period', async () => {
    const d = await repeated(`exec 1>&-; echo 'stdout closed' >&2; exec sleep 30`);
    expect(d).toEqual({ kind: 'closed', message: `SUT closed its stdout but did not exit within ${GRACE} ms and was killed; its stderr ends with: stdout closed; it wrote nothing on stdout` });
  });

  it('crashes mid-session: the exit code, the panic on stderr and its last answer', async () => {
    const script = `${ANSWER_HELLO}
rl.on('line', (l) => { const r = JSON.parse(l);
  if (r.type === 'hello') send({ id: r.id, type: 'hello', protocol: 'proauth-sut', version: 1, roles: ['TPoS'] });
  else if (r.id === 2) send({ id: r.id, type: 'report', mns: [], poss: [] });
  else { process.stderr.write('panic: ' + r.type + ' ' + r.id + '\\n'); process.exit(3); } });`;
    const d = await repeated(nodeSut(script), { after: 3 });
    expect(d).toEqual({ kind: 'crash', message: 'SUT process exited (code 3); its stderr ends with: panic: report 3; its last stdout line (line 2) was "{\\"id\\":2,\\"type\\":\\"report\\",\\"mns\\":[],\\"poss\\":[]}"' });
  });

  /** An SUT that answers hello and the first report, then does `third` with request 3. */
  const midSession = (third: string): string =>
    nodeSut(`${ANSWER_HELLO}
rl.on('line', (l) => { const r = JSON.parse(l);
  if (r.type === 'hello') send({ id: r.id, type: 'hello', protocol: 'proauth-sut', version: 1, roles: ['TPoS'] });
  else if (r.id === 2) send({ id: r.id, type: 'report', mns: [], poss: [] });
  else { ${third} } });`);

  it('answers garbage mid-session and lives on: the line, its number, killed after the grace period', async () => {
    const d = await repeated(midSession(`process.stderr.write('confused\\n'); process.stdout.write('<html>oops</html>\\n'); setInterval(() => {}, 1000);`), { after: 3 });
    expect(d).toEqual({ kind: 'garbage', message: `SUT wrote a line that is not JSON at line 3: "<html>oops</html>"; the process did not exit within ${GRACE} ms and was killed; its stderr ends with: confused` });
  });

  it('is killed by a signal mid-session: the signal and its last answer', async () => {
    // exec: the signal reaches the process itself, not a shell that would report it as code 137.
    const d = await repeated(`exec ${midSession(`process.stderr.write('killing myself\\n', () => process.kill(process.pid, 'SIGKILL'));`)}`, { after: 3 });
    expect(d).toEqual({ kind: 'crash', message: 'SUT process exited (signal SIGKILL); its stderr ends with: killing myself; its last stdout line (line 2) was "{\\"id\\":2,\\"type\\":\\"report\\",\\"mns\\":[],\\"poss\\":[]}"' });
  });

  it('never answers mid-session: a timeout naming the request and its last answer', async () => {
    // Long enough for node to start and answer hello on a loaded machine: only request 3 must time out.
    const d = await repeated(midSession(`process.stderr.write('thinking\\n');`), { after: 3, timeoutMs: 1500 });
    expect(d).toEqual({ kind: 'timeout', message: 'SUT did not answer report within 1500 ms and was killed; its stderr ends with: thinking; its last stdout line (line 2) was "{\\"id\\":2,\\"type\\":\\"report\\",\\"mns\\":[],\\"poss\\":[]}"' });
  });

  it('a command that is not found: a start failure with what the shell said, not a crash', async () => {
    const d = await repeated('/nonexistent/sut-binary --stdio');
    expect(d).toEqual({ kind: 'spawn', message: 'cannot start SUT command /nonexistent/sut-binary --stdio: the shell exited with code 127 (the command was not found); its stderr ends with: /bin/sh: 1: /nonexistent/sut-binary: not found' });
  });

  it('a working directory that does not exist: named, not the shell', async () => {
    const d = await repeated('true', { cwd: '/nonexistent-dir/sut' });
    expect(d).toEqual({ kind: 'spawn', message: 'cannot start SUT command true: its working directory /nonexistent-dir/sut does not exist' });
  });

  it('a tester too busy to see the exit within the grace period still reports the exit code', async () => {
    // The SUT closes stdout (the grace period starts), then exits well within it; the tester's
    // event loop is blocked meanwhile, so it sees the grace timer expire before it sees the
    // exit. Whether the SUT exited on its own must come from its exit status, not from which
    // of the two the tester happened to notice first.
    const seen: Diagnosis[] = [];
    for (let i = 0; i < 5; i++) {
      const session = diagnose(`exec 1>&-; echo closing >&2; sleep 0.6; exit 5`, { graceMs: 1000 });
      await new Promise((r) => setTimeout(r, 300));
      // Busy in an I/O callback (libuv's poll phase): the next turn runs the timers before it polls for the exit.
      await readFile(import.meta.filename);
      const until = Date.now() + 1500;
      while (Date.now() < until) {
        // busy: no event is handled
      }
      seen.push(await session);
    }
    expect(new Set(seen.map((d) => JSON.stringify(d))).size, JSON.stringify(seen, null, 1)).toBe(1);
    expect(seen[0]).toEqual({ kind: 'crash', message: 'SUT process exited (code 5); its stderr ends with: closing; it wrote nothing on stdout' });
  });

  it('emits invalid UTF-8: a protocol error naming the line, never judged as behaviour', async () => {
    const d = await repeated(`printf '%s\\351"}\\n' ${quote(HELLO.replace('}', ',"implementation":"caf'))}`);
    expect(d.kind).toBe('protocol');
    expect(d.message).toBe(`SUT wrote invalid UTF-8 at line 1: ${JSON.stringify(HELLO.replace('}', ',"implementation":"caf\uFFFD"}'))}; the process exited (code 0); its stderr was empty`);
  });

  it('emits an over-long line: a protocol error with the size, the tester still standing', async () => {
    const d = await repeated(`head -c 2000000 /dev/zero | tr '\\000' -; echo`);
    expect(d).toEqual({ kind: 'protocol', message: `SUT wrote a line longer than 1048576 bytes at line 1: "${'-'.repeat(120)}"…; the process exited (code 0); its stderr was empty` });
  });
});

describe('proauth check --sut-cmd on a process that fails at once', () => {
  for (const [command, error] of [
    ['false', 'SUT crash: SUT process exited (code 1); its stderr was empty; it wrote nothing on stdout'],
    ['echo hello', 'SUT garbage: SUT wrote a line that is not JSON at line 1: "hello"; the process exited (code 0); its stderr was empty'],
    ['/nonexistent/sut-binary', 'SUT spawn: cannot start SUT command /nonexistent/sut-binary: the shell exited with code 127 (the command was not found); its stderr ends with: /bin/sh: 1: /nonexistent/sut-binary: not found'],
  ] as const) {
    it(`${command}: exit 3 and the same message ${REPEAT} times`, async () => {
      for (let i = 0; i < REPEAT; i++) {
        const r = await cli(['check', '--sut-cmd', command, '--runs', '1', '--json']);
        expect(r.code).toBe(3);
        expect((JSON.parse(r.out) as { error: string }).error).toBe(error);
      }
    });
  }
});
