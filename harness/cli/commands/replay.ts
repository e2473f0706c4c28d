// `proauth replay <seed:path>`: re-runs one counterexample and prints it step by step.
import { Command } from 'commander';
import { decodePath, replayStimuli, walk, DEFAULT_STEPS } from '../engine.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { describeStep } from '../msc-text.ts';
import { parseIntOption } from '../shard.ts';
import { openSut } from '../sut.ts';
import { SutError } from '../../sut-process/errors.ts';
import { sequenceDiagram } from '../../report/mermaid.ts';
import { loadModelOracle } from '../oracle.ts';

export function parseReplayTarget(text: string): { seed: number; path: number[] } {
  const m = /^(\d+):([\d.-]*)$/.exec(text.trim());
  if (m === null) throw new UsageError(`replay: expected <seed>:<path> as printed by proauth check, got ${JSON.stringify(text)}`);
  try {
    return { seed: Number(m[1]), path: decodePath(m[2]!) };
  } catch (e) {
    throw new UsageError(`replay: ${(e as Error).message}`);
  }
}

export function replayCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('replay')
    .description('re-run one counterexample (<seed>:<path> from a check) and print it step by step')
    .argument('<seed:path>')
    .option('--sut <module>', 'in-process adapter module')
    .option('--sut-cmd <command>', 'external SUT process')
    .option('--pics <file>', 'PICS JSON')
    .option('--steps <n>', 'stimuli per run (as in the check)', parseIntOption('--steps', 1, 10_000), DEFAULT_STEPS)
    .option('--timeout <ms>', 'how long to wait for each SUT answer', parseIntOption('--timeout', 1, 3_600_000), 5000)
    .option('--mermaid', 'also print the Mermaid sequenceDiagram')
    .option('--no-model', 'as check --no-model')
    .action(async (target: string, flags: { sut?: string; sutCmd?: string; pics?: string; steps: number; timeout: number; mermaid?: boolean; model: boolean }) => {
      const { seed, path } = parseReplayTarget(target);
      const sut = await openSut({
        ...(flags.sut !== undefined ? { module: flags.sut } : {}),
        ...(flags.sutCmd !== undefined ? { command: flags.sutCmd } : {}),
        ...(flags.pics !== undefined ? { picsFile: flags.pics } : {}),
        timeoutMs: flags.timeout,
      }).catch((e: unknown) => {
        if (e instanceof SutError) {
          io.err(`proauth replay: SUT ${e.kind}: ${e.message}\n`);
          setExit(EXIT.SUT_ERROR);
          return undefined;
        }
        throw e;
      });
      if (sut === undefined) return;
      try {
        const loaded = flags.model === false ? { model: null } : await loadModelOracle();
        const engine = { config: sut.config, steps: flags.steps, allow: sut.allow, sutEntities: sut.placement.entities, ...(loaded.model !== null ? { model: loaded.model } : {}) };
        const original = await walk(sut.adapter, seed, engine);
        const stimuli = original.steps.map((s) => s.stimulus);
        const chosen = path.map((i) => stimuli[i]);
        if (chosen.some((s) => s === undefined)) throw new UsageError(`replay: path ${target} points past the ${stimuli.length} steps of seed ${seed}`);
        const r = await replayStimuli(sut.adapter, seed, chosen as NonNullable<(typeof chosen)[number]>[], engine);
        io.out(`proauth replay ${target}: ${sut.name}, ${r.steps.length} steps\n`);
        let prev = r.initial;
        r.steps.forEach((s, i) => {
          for (const line of describeStep(i + 1, prev, s.stimulus, s.observation)) io.out(line + '\n');
          prev = s.observation;
        });
        if (flags.mermaid === true) io.out('\n' + sequenceDiagram(r.initial, r.steps, { sutEntities: sut.placement.entities }) + '\n');
        if (r.violation !== undefined) {
          for (const v of r.violation.violations) io.out(`FAIL at step ${r.violation.at}: ${v.requirements[0] ?? ''} (${v.property}) ${v.message}\n`);
          setExit(EXIT.NONCONFORMANT);
        } else {
          io.out(r.complete ? 'no violation: the counterexample does not reproduce\n' : 'stopped: a stimulus of the path is not enabled here\n');
          setExit(EXIT.OK);
        }
      } catch (e) {
        if (!(e instanceof SutError)) throw e;
        io.err(`proauth replay: SUT ${e.kind}: ${e.message}\n`);
        setExit(EXIT.SUT_ERROR);
      } finally {
        await sut.close();
      }
    });
}
