// Every way an external SUT can fail the tester, as one typed error. The CLI turns it into
// verdict `error` and exit code 3. A message may quote the SUT's output, so whatever shows it
// passes it through the Redactor of the secrets the tester provisioned (harness/report/redact.ts).

export type SutErrorKind =
  | 'spawn' // the command could not be started (no process, or the shell's 127/126: not found, not executable)
  | 'crash' // the process exited (code or signal) before the session ended
  | 'closed' // the process closed its stdout or stdin but kept running (then killed)
  | 'timeout' // no answer within the timeout
  | 'garbage' // a stdout line that is not JSON
  | 'protocol' // a line or field over its cap, invalid UTF-8, JSON that is not a valid message, an answer of the wrong id or type
  | 'version' // the handshake names another protocol or version
  | 'sut-error' // the SUT answered with an error message
  | 'role'; // the SUT does not implement the roles its PICS claims

export class SutError extends Error {
  override readonly name = 'SutError';
  constructor(
    readonly kind: SutErrorKind,
    message: string,
  ) {
    super(message);
  }
}
