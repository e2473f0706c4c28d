// A running SUT process speaking the JSON-lines protocol (docs/sut-protocol.md). execa starts
// it (through the shell, in its own process group, so that close() — or any failure — kills it
// and everything it started; nothing is left behind); readline frames its stdout. Every wait is
// bounded by the timeout.
//
// A failure is diagnosed only once the process is fully gone — execa's result, which settles
// when the process has exited and every stdio stream has ended — or a bounded wait has passed,
// never from whichever of exit, end of stdout or a broken stdin pipe happens to be seen first.
// Whether the process exited on its own is read from its exit status, not from the moment the
// tester happened to notice the exit: a process that had already exited when the tester killed
// its group keeps its own code (a zombie ignores SIGKILL). So the same broken SUT always gets
// the same diagnosis, with its exit status, its stderr tail and the stdout line at fault.
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import type { Role } from '../pics/pics.ts';
import { ByteTail, excerpt, exitStatus, lastLinePhrase, stderrPhrase, type ExitStatus } from './diagnosis.ts';
import { SutError, type SutErrorKind } from './errors.ts';
import { oversizedField, MAX_LINE_BYTES } from './limits.ts';
import { readLines, type LineProblem } from './line-reader.ts';
import { EXPECTED, PROTOCOL_NAME, PROTOCOL_VERSION, type ByteEncoding, type RequestBody, type RequestType, type Response } from './protocol.ts';
import { checkMessage } from './schemas.ts';

export interface SutProcessOptions {
  /** Milliseconds to wait for each answer (and for the process to start). */
  readonly timeoutMs: number;
  readonly cwd?: string;
  /** Called with each line exchanged (direction, text); secrets in `configure` are redacted. */
  readonly transcript?: (direction: '>' | '<', line: string) => void;
  /** Milliseconds a failed SUT is given to exit on its own before it is killed (default EXIT_GRACE_MS). */
  readonly exitGraceMs?: number;
}

export interface Handshake {
  readonly roles: readonly Role[];
  readonly encoding: ByteEncoding;
  readonly implementation: string;
  /** The SUT says why it discards (docs/sut-protocol.md `hello.discards`): its discards are compared. */
  readonly discards: boolean;
}

/** After a failure, how long the SUT may take to exit on its own (its exit status is then reported). */
export const EXIT_GRACE_MS = 500;
/**
 * After SIGKILL, how long to wait for execa's result (the group's pipes closed). Only a process
 * that escaped the group and holds a pipe makes this wait end by its bound; the exit status is
 * then the one Node saw.
 */
const KILL_WAIT_MS = 5000;

/** How the tester starts every SUT command. */
function spawnSut(command: string, cwd: string) {
  return execa(command, {
    shell: true,
    // Its own process group: one kill reaches everything it started.
    detached: true,
    cwd,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    // The tester reads stdout line by line and keeps only a tail of stderr itself.
    buffer: false,
    encoding: 'buffer',
    // A failed exit is a diagnosis, not an exception; installExitHook's group kill replaces execa's own exit hook.
    reject: false,
    cleanup: false,
    stripFinalNewline: false,
  });
}
type Subprocess = ReturnType<typeof spawnSut>;
type SubprocessResult = Awaited<Subprocess>;

/** Why a process that has no pid could not start (execa's result names the spawn error). */
function spawnFailure(r: SubprocessResult | undefined, cwd: string): string {
  const cause = r?.cause;
  // Node names the shell, not the directory, when the working directory is missing.
  if ((cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' && !existsSync(cwd)) return `its working directory ${cwd} does not exist`;
  if (cause instanceof Error) return cause.message;
  return r === undefined ? 'it did not start within the timeout' : (r.shortMessage ?? r.message ?? 'no pid');
}

/** The shell's exit codes for a command it could not run (POSIX: 127 not found, 126 not executable). */
const SHELL_CANNOT_RUN: Readonly<Record<number, string>> = { 126: 'the command is not executable', 127: 'the command was not found' };

/** What ended the session, in the order of precedence a diagnosis uses. */
type Cause =
  // A line (or the handshake) broke the protocol: the line read decides, not the timing.
  | { readonly kind: 'content'; readonly error: SutErrorKind; readonly text: string }
  | { readonly kind: 'timeout'; readonly request: RequestType }
  // The process went away (exited, closed stdout, or broke the stdin pipe).
  | { readonly kind: 'gone' };

const live = new Set<SutProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last line of defence: a tester that exits (or is interrupted) kills every SUT group it started.
  process.on('exit', () => {
    for (const sut of live) sut.kill();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

function problemText(p: LineProblem): string {
  return p.kind === 'utf8'
    ? `SUT wrote invalid UTF-8 at line ${p.line}: ${excerpt(p.head, p.cut)}`
    : `SUT wrote a line longer than ${MAX_LINE_BYTES} bytes at line ${p.line}: ${excerpt(p.head, p.cut)}`;
}

export class SutProcess {
  readonly pid: number;
  private nextId = 1;
  private pending: { id: number; resolve: (r: Response) => void; reject: (e: SutError) => void; timer: NodeJS.Timeout | undefined } | undefined;
  private cause: Cause | undefined;
  private failure: SutError | undefined;
  private settled: Promise<void> | undefined;
  private readonly stderr = new ByteTail();
  private lastLine: { n: number; text: string } | undefined;
  private stdoutEnded = false;
  /** The exit status from execa's result: set once the process exited and its stdio ended. */
  private exit: ExitStatus | undefined;
  /** The tester sent SIGKILL to the group while the process had not yet been seen to exit. */
  private killSent = false;
  private isClosed = false;
  private closing = false;
  private byeSent = false;
  /** Settles (never rejects) with execa's result: exited, and every stdio stream ended. */
  private readonly ended: Promise<void>;

  private constructor(
    readonly command: string,
    private readonly child: Subprocess,
    private readonly options: SutProcessOptions,
  ) {
    this.pid = child.pid!;
    live.add(this);
    // The subprocess is also the promise of execa's result; it settles after the exit and the end of every stream.
    this.ended = child.then(
      (r) => this.onEnded(r.exitCode, r.signal),
      () => this.onEnded(undefined, undefined),
    );
    readLines(child.stdout, {
      line: (n, text) => this.onLine(n, text),
      problem: (p) => this.trigger({ kind: 'content', error: 'protocol', text: problemText(p) }),
      end: () => {
        this.stdoutEnded = true;
        this.trigger({ kind: 'gone' });
      },
    });
    child.stderr.on('data', (chunk: Buffer | string) => this.stderr.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
    // EPIPE / ERR_STREAM_DESTROYED: the process is gone or going; its result tells the rest.
    child.stdin.on('error', () => this.trigger({ kind: 'gone' }));
  }

  private onEnded(code: number | undefined, signal: string | undefined): void {
    const status = code !== undefined || signal !== undefined ? { code: code ?? null, signal: (signal ?? null) as NodeJS.Signals | null } : this.nodeStatus();
    if (status !== undefined) this.exit = status;
    this.isClosed = true;
    live.delete(this);
    this.trigger({ kind: 'gone' });
  }

  /** The exit status Node recorded at the 'exit' event, before the pipes closed (undefined while it runs). */
  private nodeStatus(): ExitStatus | undefined {
    const { exitCode, signalCode } = this.child;
    return exitCode !== null || signalCode !== null ? { code: exitCode, signal: signalCode } : undefined;
  }

  /** Starts the command and performs the version handshake. */
  static async start(command: string, options: SutProcessOptions): Promise<{ sut: SutProcess; handshake: Handshake }> {
    installExitHook();
    const cwd = options.cwd ?? process.cwd();
    const child = spawnSut(command, cwd);
    if (child.pid === undefined) {
      const r = await Promise.race([child, sleep(options.timeoutMs).then(() => undefined)]);
      throw new SutError('spawn', `cannot start SUT command ${command}: ${spawnFailure(r, cwd)}`);
    }
    const sut = new SutProcess(command, child, options);
    try {
      const hello = await sut.request({ type: 'hello', protocol: PROTOCOL_NAME, version: PROTOCOL_VERSION });
      if (hello.type !== 'hello') throw await sut.abort('protocol', `expected hello, got ${hello.type}`);
      if (hello.protocol !== PROTOCOL_NAME || hello.version !== PROTOCOL_VERSION) {
        throw await sut.abort('version', `SUT speaks ${hello.protocol} version ${hello.version}; this tester speaks ${PROTOCOL_NAME} version ${PROTOCOL_VERSION}`);
      }
      return { sut, handshake: { roles: hello.roles, encoding: hello.encoding ?? 'hex', implementation: hello.implementation ?? command, discards: hello.discards ?? false } };
    } catch (e) {
      await sut.close();
      throw e;
    }
  }

  /** Sends one request and waits (bounded) for its answer; an `error` answer is a SutError. */
  request(body: RequestBody): Promise<Response> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.pending !== undefined) return Promise.reject(new SutError('protocol', 'tester bug: concurrent requests'));
    const id = this.nextId++;
    const message = { id, ...body };
    const line = JSON.stringify(message);
    this.options.transcript?.('>', body.type === 'configure' ? JSON.stringify({ ...message, provisioning: '<secrets omitted>' }) : line);
    return new Promise<Response>((resolve, reject) => {
      // While a failure is being diagnosed the diagnosis answers, within its own bounded wait.
      const timer = this.cause === undefined ? setTimeout(() => this.trigger({ kind: 'timeout', request: body.type }), this.options.timeoutMs) : undefined;
      this.pending = {
        id,
        timer,
        resolve: (r) => {
          if (r.type === 'error') reject(new SutError('sut-error', `SUT answered ${body.type} with error: ${r.message}`));
          else if (r.type !== EXPECTED[body.type]) reject(new SutError('protocol', `SUT answered ${body.type} with ${r.type}, expected ${EXPECTED[body.type]}`));
          else resolve(r);
        },
        reject,
      };
      this.send(line);
    });
  }

  private send(line: string): void {
    const stdin = this.child.stdin;
    if (stdin.destroyed || stdin.writableEnded) {
      this.trigger({ kind: 'gone' });
      return;
    }
    stdin.write(line + '\n', (e) => {
      if (e) this.trigger({ kind: 'gone' });
    });
  }

  private onLine(n: number, line: string): void {
    // After a protocol error or a timeout nothing the SUT writes changes the diagnosis; after
    // it merely went away, what it wrote before is still read and judged.
    if (this.closing || (this.cause !== undefined && this.cause.kind !== 'gone') || this.failure !== undefined) return;
    this.options.transcript?.('<', line);
    if (line.trim() === '') return;
    this.lastLine = { n, text: line };
    const fault = (error: SutErrorKind, text: string): void => this.trigger({ kind: 'content', error, text });
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return fault('garbage', `SUT wrote a line that is not JSON at line ${n}: ${excerpt(line)}`);
    }
    const oversized = oversizedField('response', value);
    if (oversized !== undefined) return fault('protocol', `SUT wrote an oversized message at line ${n}: ${oversized}`);
    let problems: string[];
    try {
      problems = checkMessage('response', value);
    } catch (e) {
      return fault('protocol', `SUT wrote a message at line ${n} that the schema check cannot handle: ${(e as Error).message}`);
    }
    if (problems.length > 0) return fault('protocol', `SUT wrote an invalid message at line ${n}: ${problems.slice(0, 3).join('; ')}`);
    const response = value as Response;
    const pending = this.pending;
    if (pending === undefined || pending.id !== response.id) {
      return fault('protocol', `SUT answered id ${response.id}, but the tester waits for ${pending === undefined ? 'nothing' : `id ${pending.id}`} (line ${n})`);
    }
    clearTimeout(pending.timer);
    this.pending = undefined;
    pending.resolve(response);
  }

  /** Records what ended the session (the first cause wins, except that a line read decides over a mere exit) and diagnoses it once. */
  private trigger(cause: Cause): void {
    if (this.closing || this.failure !== undefined) return;
    // After bye, exiting is what the SUT is asked to do.
    if (this.byeSent && cause.kind === 'gone') return;
    if (this.cause !== undefined) {
      if (cause.kind === 'content' && this.cause.kind === 'gone') this.cause = cause;
      return;
    }
    this.cause = cause;
    if (this.pending !== undefined) clearTimeout(this.pending.timer);
    if (cause.kind === 'timeout') {
      // It had its whole timeout already.
      this.killGroup();
      this.settled = this.settle(0);
    } else {
      // A well-behaved process exits when its input ends; give it the chance to say how.
      if (!this.child.stdin.destroyed) this.child.stdin.end();
      this.settled = this.settle(this.options.exitGraceMs ?? EXIT_GRACE_MS);
    }
  }

  private async settle(graceMs: number): Promise<void> {
    if (!this.isClosed) await Promise.race([this.ended, sleep(graceMs)]);
    this.killGroup(); // grandchildren too, even when the process itself exited
    if (!this.isClosed) await Promise.race([this.ended, sleep(KILL_WAIT_MS)]);
    this.failure = this.diagnosis();
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(this.failure);
  }

  private diagnosis(): SutError {
    const cause = this.cause!;
    const grace = this.options.exitGraceMs ?? EXIT_GRACE_MS;
    const status = this.exit ?? this.nodeStatus();
    // Killed by the tester only when the tester's SIGKILL is what it died of: a process that had
    // exited already (a zombie not yet reaped) keeps its own status, however late it was seen.
    const exited = status !== undefined && !(this.killSent && status.signal === 'SIGKILL') ? status : undefined;
    const end = exited !== undefined ? `; the process exited (${exitStatus(exited)})` : `; the process did not exit within ${grace} ms and was killed`;
    const stderr = stderrPhrase(this.stderr);
    switch (cause.kind) {
      case 'content':
        return new SutError(cause.error, `${cause.text}${end}${stderr}`);
      case 'timeout':
        return new SutError('timeout', `SUT did not answer ${cause.request} within ${this.options.timeoutMs} ms and was killed${stderr}${lastLinePhrase(this.lastLine)}`);
      case 'gone': {
        const cannotRun = exited !== undefined && exited.signal === null && this.lastLine === undefined ? SHELL_CANNOT_RUN[exited.code ?? -1] : undefined;
        if (cannotRun !== undefined) return new SutError('spawn', `cannot start SUT command ${this.command}: the shell exited with code ${exited!.code} (${cannotRun})${stderr}`);
        if (exited !== undefined) return new SutError('crash', `SUT process exited (${exitStatus(exited)})${stderr}${lastLinePhrase(this.lastLine)}`);
        return new SutError('closed', `SUT closed its ${this.stdoutEnded ? 'stdout' : 'stdin'} but did not exit within ${grace} ms and was killed${stderr}${lastLinePhrase(this.lastLine)}`);
      }
    }
  }

  /** Ends the session for a reason found in a valid answer (the handshake); resolves to its diagnosis. */
  private async abort(error: SutErrorKind, text: string): Promise<SutError> {
    this.trigger({ kind: 'content', error, text: `${text} (line ${this.lastLine?.n ?? 0})` });
    await this.settled;
    return this.failure!;
  }

  private killGroup(): void {
    if (this.exit === undefined) this.killSent = true;
    this.kill();
  }

  /** SIGKILL to the whole process group (idempotent). */
  kill(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** Says bye (bounded), then kills the group and waits for the exit. */
  async close(): Promise<void> {
    if (this.settled !== undefined) await this.settled;
    if (this.cause === undefined && !this.isClosed && this.nodeStatus() === undefined) {
      this.byeSent = true;
      try {
        await Promise.race([this.request({ type: 'bye' }), sleep(Math.min(1000, this.options.timeoutMs))]);
      } catch {
        // closing anyway
      }
    }
    this.closing = true;
    if (this.pending !== undefined) clearTimeout(this.pending.timer);
    this.kill();
    await Promise.race([this.ended, sleep(KILL_WAIT_MS)]);
    this.child.stdout.destroy();
    this.child.stderr.destroy();
    this.child.stdin.destroy();
    live.delete(this);
  }

  /** The failure that ended this process, if any. */
  get error(): SutError | undefined {
    return this.failure;
  }
}
