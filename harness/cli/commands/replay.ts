// `proauth replay <seed:path>`: re-runs one counterexample through the same engine as check
// (runConformance with fast-check's seed and path) and prints it step by step.
import { Command } from 'commander';
import { CliSutAdapter, DEFAULT_STEPS, reportCounterexample, runSeed } from '../engine.ts';
import { EXIT, UsageError, testerFaultLine, type CliIo } from '../io.ts';
import { describeStep } from '../msc-text.ts';
import { parseIntOption } from '../shard.ts';
import { openSut } from '../sut.ts';
import { judge, replayLines } from '../verdicts.ts';
import { SutError } from '../../sut-process/errors.ts';
import { sequenceDiagram } from '../../report/mermaid.ts';
import { parseReplayToken, ReplayPathError } from '../../replay-token.ts';
import type { RecordedStep } from '../../pics/test-purposes.ts';

export function parseReplayTarget(text: string): { seed: number; path: string } {
  try {
    return parseReplayToken(text);
  } catch (e) {
    if (e instanceof ReplayPathError) throw new UsageError(`replay: expected <seed>:<path> as printed by proauth check: ${e.message}`);
    throw e;
  }
}

/**
 * fast-check's own words (pinned) for a path that does not fit the run it replays: the token
 * came from a check with other --steps, --pics, --sut or --no-model.
 */
const REPLAY_MISMATCH = /Unable to replay|Too short replayPath|Mismatch between replayPath and real execution/;

export function replayMismatch(error: string): UsageError | undefined {
  const m = REPLAY_MISMATCH.exec(error);
  if (m === null) return undefined;
  return new UsageError(`replay: the token does not fit these flags (${m[0]}); pass the --steps, --pics, --sut/--sut-cmd and --no-model of the check that printed it`);
}

interface Flags {
  sut?: string;
  sutCmd?: string;
  pics?: string;
  steps: number;
  timeout: number;
  mermaid?: boolean;
  model: boolean;
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
    .action(async (target: string, flags: Flags) => {
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
        const adapter = new CliSutAdapter(sut.adapter, sut.name);
        // What the SUT printed or reported never shows a secret the tester provisioned.
        const out = (text: string): void => io.out(adapter.redactor.redact(text));
        const r = await runSeed(sut, adapter, seed, { steps: flags.steps, model: flags.model, path });
        if (r.error !== undefined) {
          // Only the SUT process breaking the session is an SUT error; the rest is a token
          // that does not fit the flags (usage) or the tester's own fault.
          if (adapter.fault === null) {
            const mismatch = replayMismatch(r.error);
            if (mismatch !== undefined) throw mismatch;
          }
          io.err(adapter.redactor.redact(`proauth replay: ${adapter.fault !== null ? r.error : testerFaultLine(r.error)}\n`));
          setExit(adapter.fault !== null ? EXIT.SUT_ERROR : EXIT.TESTER_FAULT);
          return;
        }
        const cx = r.counterexample;
        // The failing run's steps are the counterexample's (the last one may have no SUT observation).
        const steps: RecordedStep[] =
          cx === undefined ? [...r.recorded] : cx.trace.map((stimulus, i) => ({ stimulus, observation: cx.observations[i + 1]?.sut ?? cx.observations[i]?.sut ?? cx.observations[i + 1]!.model }));
        const initial = r.initial;
        out(`proauth replay ${target}: ${sut.name}, ${steps.length} steps\n`);
        if (initial !== undefined) {
          let prev = initial;
          steps.forEach((s, i) => {
            for (const line of describeStep(i + 1, prev, s.stimulus, s.observation)) out(line + '\n');
            prev = s.observation;
          });
          const failure = cx === undefined ? {} : { failure: `${cx.requirement}: ${cx.violations[0]?.message ?? cx.message}` };
          if (flags.mermaid === true) out('\n' + sequenceDiagram(initial, steps, { ...failure, sutEntities: r.placement?.entities ?? r.recorded[0]?.placement?.entities ?? [] }) + '\n');
        }
        if (cx !== undefined) {
          // The verdicts of the check's report, judged the same way on the replayed run.
          const placement = r.placement ?? sut.placement(r.placementKind, cx.config);
          const reported = reportCounterexample(cx, seed, [], placement, r.placementKind, r.discard);
          const judged = judge({ pics: sut.pics, placement: { roles: sut.pics.roles, entities: placement.entities }, steps: r.recorded, counterexamples: [reported], error: undefined });
          const seen = cx.violations.length > 0 ? cx.violations.map((v) => ({ requirement: v.requirements[0] ?? '', property: v.property, message: v.message })) : [{ requirement: cx.requirement, property: cx.property, message: cx.message }];
          // The requirement the check attributes the counterexample to comes first.
          const violations = [...seen.filter((v) => v.requirement === cx.requirement), ...seen.filter((v) => v.requirement !== cx.requirement)];
          if (!violations.some((v) => v.requirement === cx.requirement)) violations.unshift({ requirement: cx.requirement, property: cx.property, message: cx.message });
          for (const l of replayLines(cx.length, judged, violations)) out(`${l}\n`);
          setExit(EXIT.NONCONFORMANT);
        } else {
          out('no violation: the counterexample does not reproduce\n');
          setExit(EXIT.OK);
        }
      } finally {
        await sut.close();
      }
    });
}
