// `proauth check`: see harness/cli/run-check.ts and docs/cli.md.
import { Command, Option } from 'commander';
import { proauthCommand } from '../command-line.ts';
import { runCheck } from '../run-check.ts';
import { DEFAULT_CHECK_RUNS, DEFAULT_STEPS } from '../engine.ts';
import type { CliIo } from '../io.ts';
import { parseIntOption, parseShard } from '../shard.ts';

interface Flags {
  sut?: string;
  sutCmd?: string;
  pics?: string;
  runs: number;
  seed: number;
  steps: number;
  shard?: ReturnType<typeof parseShard>;
  timeout: number;
  report?: string;
  json?: boolean;
  model: boolean;
}

export function checkCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('check')
    .description('run the applicable test purposes against an SUT and give a verdict per test purpose and requirement')
    .addOption(new Option('--sut <module>', 'in-process adapter module (default: the bundled reference implementation)').conflicts('sutCmd'))
    .option('--sut-cmd <command>', 'external SUT process speaking the proauth-sut v1 JSON-lines protocol (docs/sut-protocol.md)')
    .option('--pics <file>', 'PICS JSON (schemas/pics.schema.json): roles and options the SUT claims')
    .option('--runs <n>', 'number of runs (one seed each)', parseIntOption('--runs', 1, 1_000_000), DEFAULT_CHECK_RUNS)
    .option('--seed <n>', 'base seed: run j uses seed base+j', parseIntOption('--seed', 0, 2 ** 31 - 1), 1)
    .option('--steps <n>', 'most stimuli per run (fast-check maxCommands)', parseIntOption('--steps', 1, 10_000), DEFAULT_STEPS)
    .option('--shard <i/n>', 'CI matrix split: run only seeds base+i+k·n (0-based i)', parseShard)
    .option('--timeout <ms>', 'how long to wait for each SUT answer', parseIntOption('--timeout', 1, 3_600_000), 5000)
    .option('--report <dir>', 'write report.md, report.json, junit.xml and ITF counterexamples to <dir>')
    .option('--json', 'print the JSON summary on stdout (no progress bar)')
    .option('--no-model', 'judge with the property catalogue only, without the model lockstep')
    .action(async (flags: Flags, cmd: Command) => {
      // The words the user gave after `proauth` (the program keeps them unparsed), whatever
      // launched the CLI: bin/proauth.mjs, npm start, tsx or a test calling main().
      const commandLine = proauthCommand(cmd.parent?.args ?? ['check', ...cmd.args]);
      const { exitCode } = await runCheck(
        {
          ...(flags.sut !== undefined ? { module: flags.sut } : {}),
          ...(flags.sutCmd !== undefined ? { command: flags.sutCmd } : {}),
          ...(flags.pics !== undefined ? { picsFile: flags.pics } : {}),
          timeoutMs: flags.timeout,
          runs: flags.runs,
          seed: flags.seed,
          steps: flags.steps,
          ...(flags.shard !== undefined ? { shard: flags.shard } : {}),
          ...(flags.report !== undefined ? { reportDir: flags.report } : {}),
          json: flags.json === true,
          model: flags.model,
        },
        flags.json === true ? { ...io, interactive: false } : io,
        commandLine,
      );
      setExit(exitCode);
    });
}
