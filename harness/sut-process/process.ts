// A running SUT process speaking the JSON-lines protocol (docs/sut-protocol.md). The process
// runs in its own process group so that close() — or any failure — kills it and everything it
// started; nothing is left behind. Every wait is bounded by the timeout.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Role } from '../pics/pics.ts';
import { SutError } from './errors.ts';
import { EXPECTED, PROTOCOL_NAME, PROTOCOL_VERSION, type ByteEncoding, type RequestBody, type Response } from './protocol.ts';
import { checkMessage } from './schemas.ts';

export interface SutProcessOptions {
  /** Milliseconds to wait for each answer (and for the process to start). */
  readonly timeoutMs: number;
  readonly cwd?: string;
  /** Called with each line exchanged (direction, text); secrets in `configure` are redacted. */
  readonly transcript?: (direction: '>' | '<', line: string) => void;
}

export interface Handshake {
  readonly roles: readonly Role[];
  readonly encoding: ByteEncoding;
  readonly implementation: string;
}

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

export class SutProcess {
  readonly pid: number;
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = '';
  private nextId = 1;
  private pending: { id: number; resolve: (r: Response) => void; reject: (e: SutError) => void; timer: NodeJS.Timeout } | undefined;
  private failure: SutError | undefined;
  private stderrTail = '';
  private exited = false;
  private readonly exitPromise: Promise<void>;

  private constructor(
    readonly command: string,
    private readonly options: SutProcessOptions,
  ) {
    installExitHook();
    this.child = spawn(command, { shell: true, detached: true, stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd ?? process.cwd() });
    if (this.child.pid === undefined) throw new SutError('spawn', `cannot start SUT command: ${command}`);
    this.pid = this.child.pid;
    live.add(this);
    this.exitPromise = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        live.delete(this);
        this.fail(new SutError('crash', `SUT process exited (${signal !== null ? `signal ${signal}` : `code ${String(code)}`})${this.stderrHint()}`));
        resolve();
      });
    });
    this.child.once('error', (e) => this.fail(new SutError('spawn', `cannot start SUT command ${command}: ${e.message}`)));
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onData(chunk));
    // A crashing process closes stdout just before it exits: give the exit a moment to be seen,
    // so the message says "exited (code 7)" rather than only "closed its stdout".
    this.child.stdout.once('end', () => {
      setTimeout(() => this.fail(new SutError('closed', `SUT closed its stdout${this.stderrHint()}`)), 300).unref();
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.child.stdin.on('error', () => this.fail(new SutError('closed', `SUT closed its stdin${this.stderrHint()}`)));
  }

  /** Starts the command and performs the version handshake. */
  static async start(command: string, options: SutProcessOptions): Promise<{ sut: SutProcess; handshake: Handshake }> {
    const sut = new SutProcess(command, options);
    try {
      const hello = await sut.request({ type: 'hello', protocol: PROTOCOL_NAME, version: PROTOCOL_VERSION });
      if (hello.type !== 'hello') throw new SutError('protocol', `expected hello, got ${hello.type}`);
      if (hello.protocol !== PROTOCOL_NAME || hello.version !== PROTOCOL_VERSION) {
        throw new SutError('version', `SUT speaks ${hello.protocol} version ${hello.version}; this tester speaks ${PROTOCOL_NAME} version ${PROTOCOL_VERSION}`);
      }
      return { sut, handshake: { roles: hello.roles, encoding: hello.encoding ?? 'hex', implementation: hello.implementation ?? command } };
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
      const timer = setTimeout(() => {
        this.fail(new SutError('timeout', `SUT did not answer ${body.type} within ${this.options.timeoutMs} ms${this.stderrHint()}`));
      }, this.options.timeoutMs);
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
      this.child.stdin.write(line + '\n');
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    if (this.buffer.length > 16 * 1024 * 1024) {
      this.fail(new SutError('garbage', 'SUT wrote more than 16 MiB without a newline'));
      return;
    }
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim() === '') continue;
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    this.options.transcript?.('<', line);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.fail(new SutError('garbage', `SUT wrote a line that is not JSON: ${JSON.stringify(line.slice(0, 80))}`));
      return;
    }
    const problems = checkMessage('response', value);
    if (problems.length > 0) {
      this.fail(new SutError('protocol', `SUT wrote an invalid message: ${problems.slice(0, 3).join('; ')}`));
      return;
    }
    const response = value as Response;
    const pending = this.pending;
    if (pending === undefined || pending.id !== response.id) {
      this.fail(new SutError('protocol', `SUT answered id ${response.id}, but the tester waits for ${pending === undefined ? 'nothing' : `id ${pending.id}`}`));
      return;
    }
    clearTimeout(pending.timer);
    this.pending = undefined;
    pending.resolve(response);
  }

  private fail(error: SutError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    const pending = this.pending;
    this.pending = undefined;
    if (pending !== undefined) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    // A broken SUT is not given a second chance: kill the whole group now.
    this.kill();
  }

  private stderrHint(): string {
    const lines = this.stderrTail.trim().split('\n').filter((l) => l.trim() !== '');
    return lines.length === 0 ? '' : `; its stderr ends with: ${lines.slice(-3).join(' | ')}`;
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
    if (this.failure === undefined && !this.exited) {
      try {
        await Promise.race([this.request({ type: 'bye' }), new Promise((r) => setTimeout(r, Math.min(1000, this.options.timeoutMs)))]);
      } catch {
        // closing anyway
      }
    }
    this.kill();
    await Promise.race([this.exitPromise, new Promise((r) => setTimeout(r, 2000))]);
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
