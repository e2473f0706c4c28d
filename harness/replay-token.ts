// The replay token of a counterexample. fast-check reproduces a shrunk counterexample from its
// seed and its path; model-based commands additionally need the record of which commands ran
// (fast-check's "replayPath"), because shrinking skips commands whose check() failed. Both go
// in one string, so `runConformance({ seed, path })` reproduces the failure exactly.
//
//   path = <fast-check path> [ "~" <commands replayPath> ]      e.g. "12:3:0~AAB:kB"

export interface ReplayPath {
  readonly fcPath: string;
  readonly replayPath?: string;
}

const FC_PATH = /^\d+(:\d+)*$/;
const COMMANDS_PATH = /^[A-Za-z0-9+/]*:[A-Za-z0-9+/]*$/;

export class ReplayPathError extends Error {
  override readonly name = 'ReplayPathError';
}

export function formatReplayPath(fcPath: string, replayPath: string | undefined): string {
  return replayPath === undefined || replayPath === '' ? fcPath : `${fcPath}~${replayPath}`;
}

export function parseReplayPath(path: string): ReplayPath {
  const [fcPath, replayPath, ...rest] = path.split('~');
  if (fcPath === undefined || !FC_PATH.test(fcPath) || rest.length > 0) {
    throw new ReplayPathError(`replay path ${JSON.stringify(path)} is not "<n>:<n>:...[~<replayPath>]"`);
  }
  if (replayPath !== undefined && !COMMANDS_PATH.test(replayPath)) {
    throw new ReplayPathError(`replay path ${JSON.stringify(path)}: "${replayPath}" is not a fast-check commands replayPath`);
  }
  return replayPath === undefined ? { fcPath } : { fcPath, replayPath };
}

/**
 * The replay token of a counterexample, one format for runConformance and the CLI:
 * `<seed>:<path>` (fast-check's seed, then its path), e.g. "11:0:3:1~AAB:kB".
 */
export function formatReplayToken(seed: number, path: string): string {
  return `${seed}:${path}`;
}

export function parseReplayToken(token: string): { readonly seed: number; readonly path: string } {
  const m = /^(-?\d+):(.+)$/.exec(token.trim());
  const seed = m === null ? NaN : Number(m[1]);
  if (m === null || !Number.isSafeInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 31) {
    throw new ReplayPathError(`replay token ${JSON.stringify(token)} is not "<seed>:<path>" (e.g. "11:0:3:1~AAB:kB")`);
  }
  parseReplayPath(m[2]!);
  return { seed, path: m[2]! };
}
