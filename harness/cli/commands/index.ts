// The registry of `proauth` commands: one module per command (a factory `(io, setExit) => Command`).
import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { checkCommand } from './check.ts';
import { exploreCommand } from './explore.ts';
import { matrixCommand } from './matrix.ts';
import { replayCommand } from './replay.ts';
import { specCommand } from './spec.ts';
import { validateTraceCommand } from './validate-trace.ts';

export type CommandFactory = (io: CliIo, setExit: (code: number) => void) => Command;

export const COMMANDS: readonly CommandFactory[] = [checkCommand, replayCommand, validateTraceCommand, specCommand, exploreCommand, matrixCommand];
