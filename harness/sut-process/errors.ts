// Every way an external SUT can fail the tester, as one typed error. The CLI turns it into
// verdict `error` and exit code 3; messages never carry key bytes (long hex is redacted).

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
    super(redact(message));
  }
}

/** Hides anything that could be key material: runs of 32+ hex digits or 43+ base64 characters. */
export function redact(text: string): string {
  return text.replace(/\b[0-9a-fA-F]{32,}\b/g, '<hex redacted>').replace(/[A-Za-z0-9+/]{43,}={0,2}/g, '<base64 redacted>');
}
