// `proauth validate-trace <file.jsonl>`: checks a recorded deployment log (PDUs and SA events,
// format in harness/cli/trace-format.ts and docs/cli.md) and reports the first step that
// cannot be explained: a stimulus the profile does not enable there, a delivery of a PDU never
// sent, or a step that violates a property of the catalogue.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { initialFacts, judgeStep } from '../../../properties/index.ts';
import { advanceDuplicated, enabledStimuli } from '../../enabled.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { describeStep, stimulusLine } from '../msc-text.ts';
import { parseTrace, TraceFormatError } from '../trace-format.ts';

export interface TraceVerdict {
  readonly explained: boolean;
  readonly steps: number;
  readonly failure?: { readonly step: number; readonly line: number; readonly requirement: string; readonly property: string; readonly message: string };
}

export function validateTraceText(text: string): TraceVerdict {
  const trace = parseTrace(text);
  let verdict = judgeStep(trace.config, initialFacts(trace.config), null, null, trace.initial);
  let prev = trace.initial;
  let duplicated: boolean[] = [];
  for (let i = 0; i < trace.steps.length; i++) {
    const step = trace.steps[i]!;
    const s = step.stimulus;
    if (s.kind !== 'deliver' && s.kind !== 'drop' && !enabledStimuli(trace.config, prev, duplicated).some((e) => JSON.stringify(e) === JSON.stringify(s))) {
      return { explained: false, steps: i, failure: { step: i + 1, line: step.line, requirement: '5.14.1-S17', property: 'enabled', message: `${stimulusLine(s)} is not enabled in this state (docs/protocol.md §3)` } };
    }
    verdict = judgeStep(trace.config, verdict.facts, prev, s, step.observation);
    const v = verdict.violations[0];
    if (v !== undefined) return { explained: false, steps: i, failure: { step: i + 1, line: step.line, requirement: v.requirements[0] ?? 'unattributed', property: v.property, message: v.message } };
    prev = step.observation;
    duplicated = advanceDuplicated(duplicated, s, prev.inFlight.length);
  }
  return { explained: true, steps: trace.steps.length };
}

export function validateTraceCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('validate-trace')
    .description('check a recorded deployment log of PDUs and SA events (JSON lines) and report the first step that cannot be explained')
    .argument('<file.jsonl>')
    .option('--json', 'print the verdict as JSON')
    .action((file: string, flags: { json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new UsageError(`validate-trace: cannot read ${file}: ${(e as Error).message}`);
      }
      let verdict: TraceVerdict;
      try {
        verdict = validateTraceText(text);
      } catch (e) {
        if (e instanceof TraceFormatError) throw new UsageError(`validate-trace: ${file} ${e.message}`);
        throw e;
      }
      if (flags.json === true) io.out(JSON.stringify(verdict) + '\n');
      else if (verdict.explained) io.out(`${file}: explained, ${verdict.steps} steps\n`);
      else {
        const f = verdict.failure!;
        io.out(`${file}: NOT EXPLAINED at step ${f.step} (the step starting at line ${f.line})\n  ${f.requirement} (${f.property}): ${f.message}\n`);
        const trace = parseTrace(text);
        const prev = f.step >= 2 ? trace.steps[f.step - 2]!.observation : trace.initial;
        const step = trace.steps[f.step - 1]!;
        for (const line of describeStep(f.step, prev, step.stimulus, step.observation)) io.out(line + '\n');
      }
      setExit(verdict.explained ? EXIT.OK : EXIT.NONCONFORMANT);
    });
}
