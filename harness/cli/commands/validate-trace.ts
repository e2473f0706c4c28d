// `proauth validate-trace <file.jsonl>`: checks a recorded deployment log (PDUs and SA events,
// format in harness/cli/trace-format.ts and docs/cli.md) against the model. The log is replayed
// through the model oracle (harness/adapters/model-adapter.ts): every cause record becomes a
// model event, and the effect records after it must match what the model's view changed, field
// by field, with keys and nonces as a run-wide equality mapping (harness/compare.ts). The
// property catalogue judges every step too. The first record the model (or a property) cannot
// explain is reported with its line.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { initialFacts, judgeStep } from '../../../properties/index.ts';
import { ModelError } from '../../../model/world/world.ts';
import { ModelOracle } from '../../adapters/model-adapter.ts';
import { describePdu, ObservationComparator, type Divergence } from '../../compare.ts';
import { describeStimulus } from '../../enabled.ts';
import type { Observation, PduObservation, Stimulus } from '../../../vocabulary/observation.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { describeStep } from '../msc-text.ts';
import { parseTrace, TraceFormatError, type LineRecord, type TraceRecord, type TraceStep } from '../trace-format.ts';

export interface TraceFailure {
  /** The step (1-based) in which the unexplained record stands. */
  readonly step: number;
  /** The line of the record the model (or the property) cannot explain. */
  readonly line: number;
  /** The line of the cause record that starts the step. */
  readonly causeLine: number;
  readonly requirement: string;
  /** `model` when the replay through the model diverges, else the catalogue property violated. */
  readonly property: string;
  /** One line: `line N: <what the record says>: <what the model expected or allowed> (<requirement>)`. */
  readonly message: string;
  /** What the record says. */
  readonly record: string;
  /** What the model expected or allowed there. */
  readonly expected: string;
}

export interface TraceVerdict {
  readonly explained: boolean;
  readonly steps: number;
  readonly failure?: TraceFailure;
}

const sameStimulus = (a: Stimulus, b: Stimulus): boolean => JSON.stringify(a) === JSON.stringify(b);

export function describeRecord(r: TraceRecord): string {
  switch (r.t) {
    case 'world':
      return 'world';
    case 'stimulus':
      return `stimulus ${describeStimulus(r.stimulus)}`;
    case 'recv':
    case 'lost':
    case 'send':
      return `${r.t} ${describePdu(r.pdu)}`;
    case 'sa':
      return `sa at ${r.entity} with ${r.sa.peer}: idType ${r.sa.idType}, root ${r.sa.root}, depth ${r.sa.depth}, ${r.sa.state}`;
    case 'sa-deleted':
      return `sa-deleted at ${r.entity} with ${r.peer}`;
    case 'mn':
      return `mn ${r.mn} ${r.lifecycle}${r.attachedTo === null ? '' : ` at ${r.attachedTo}`}`;
  }
}

/** The role in which `p.src` sends `p` (to name the entity whose decision the model makes). */
function senderRole(p: PduObservation): string {
  if (p.src === p.mn) return 'MN';
  switch (p.type) {
    case 'MIS_N2N_Prereg_Xfer.response':
      return 'TPoS';
    case 'MIS_N2N_Prereg_Xfer.request':
    case 'MIS_Prereg_Xfer.response':
      return 'SPoS';
    default:
      return 'PoS';
  }
}

/**
 * The model's in-flight PDU a recv/lost record stands for: same type, src, dst and MN, and the
 * status and reason where the record carries them. The trace's own index is preferred so that
 * the two in-flight lists stay aligned when equal PDUs are in flight.
 */
function matchInModel(model: readonly PduObservation[], p: PduObservation, traceIndex: number): number {
  const fits = (x: PduObservation | undefined): boolean =>
    x !== undefined &&
    x.corrupted !== true &&
    x.type === p.type &&
    x.src === p.src &&
    x.dst === p.dst &&
    x.mn === p.mn &&
    (p.status === undefined || x.status === p.status) &&
    (p.reason === undefined || (x.reason ?? 'NONE') === p.reason);
  if (fits(model[traceIndex])) return traceIndex;
  return model.findIndex(fits);
}

const WHERE = /^(MN|PoS) (\S+)(?: SA with (\S+): (\w+)| (lifecycle|attachedTo)| (SAs))?$/;
const IN_FLIGHT = /^inFlight\[(\d+)\]/;

/** The record of `step` a divergence points at, and how to say what the model expected there. */
function locate(step: TraceStep, prevInFlight: number, model: Observation, d: Divergence): { at: LineRecord; expected: string } {
  const cause: LineRecord = { line: step.line, record: step.cause };
  const pdu = IN_FLIGHT.exec(d.where);
  if (pdu !== null) {
    const i = Number(pdu[1]);
    const remaining = prevInFlight - (step.cause.t === 'stimulus' ? 0 : 1);
    const sends = step.effects.filter((e) => e.record.t === 'send');
    const m = model.inFlight[i];
    const what = m === undefined ? 'the model sends nothing more here' : `the model's ${senderRole(m)} ${m.src} sends ${d.expected} here`;
    if (i >= remaining) {
      const sent = sends[i - remaining];
      if (sent !== undefined) return { at: sent, expected: what };
      return { at: cause, expected: `${what}; the trace records no such send` };
    }
    return { at: cause, expected: `the model's in-flight PDU ${i} is ${d.expected} here, the trace's is ${d.actual}` };
  }
  const w = WHERE.exec(d.where);
  if (w !== null) {
    const entity = w[2]!;
    const peer = w[3];
    const last = (f: (r: TraceRecord) => boolean): LineRecord | undefined => step.effects.filter((e) => f(e.record)).at(-1);
    let at: LineRecord | undefined;
    const field = w[4];
    let expected = `the model's ${w[1]} ${entity} has ${d.expected} here`;
    if (w[5] !== undefined) {
      at = last((r) => r.t === 'mn' && r.mn === entity);
      expected = `the model's MN ${entity} ${w[5] === 'lifecycle' ? 'is' : 'is attached to'} ${d.expected} here`;
    } else if (peer !== undefined) {
      at = last((r) => (r.t === 'sa' && r.entity === entity && r.sa.peer === peer) || (r.t === 'sa-deleted' && r.entity === entity && r.peer === peer));
      expected =
        field === 'key'
          ? `the model's ${w[1]} ${entity} holds a key in its SA with ${peer} that does not map to this fingerprint: ${d.actual}`
          : `the model's ${w[1]} ${entity} has ${field ?? 'a field'} ${d.expected} in its SA with ${peer} here`;
    } else if (w[6] !== undefined) {
      expected = `the model's ${w[1]} ${entity} holds SAs with ${d.expected} here (the trace: ${d.actual})`;
      const owner = [...model.mns, ...model.poss].find((x) => x.id === entity);
      const modelPeers = new Set(owner?.sas.map((s) => s.peer) ?? []);
      at = last((r) => (r.t === 'sa' && r.entity === entity && !modelPeers.has(r.sa.peer)) || (r.t === 'sa-deleted' && r.entity === entity && modelPeers.has(r.peer)));
    }
    return at === undefined ? { at: cause, expected: `${expected}; the trace records no such change` } : { at, expected };
  }
  return { at: cause, expected: `the model has ${d.where} ${d.expected} here, the trace ${d.actual}` };
}

function failure(step: number, causeLine: number, at: LineRecord, expected: string, requirement: string, property: string): TraceFailure {
  const record = describeRecord(at.record);
  return { step, line: at.line, causeLine, requirement, property, record, expected, message: `line ${at.line}: ${record}: ${expected} (${requirement})` };
}

export function validateTraceText(text: string): TraceVerdict {
  const trace = parseTrace(text);
  const model = new ModelOracle();
  try {
    model.reset(trace.config, 0);
  } catch (e) {
    if (e instanceof ModelError) throw new TraceFormatError(trace.worldLine, `the world record is not a world the model can run: ${e.message}`);
    throw e;
  }
  const comparator = new ObservationComparator({ fieldsWhereBothShow: true });
  let verdict = judgeStep(trace.config, initialFacts(trace.config), null, null, trace.initial);
  let prev = trace.initial;
  // The model enables only policy changes; the profile (docs/protocol.md §3) also lets a log set a
  // policy to the value it has, which changes nothing: such a step is replayed as no model event.
  const policy = new Map(trace.config.domains.map((d) => [d.id, d.requestsFallback]));
  for (let i = 0; i < trace.steps.length; i++) {
    const step = trace.steps[i]!;
    const cause: LineRecord = { line: step.line, record: step.cause };
    const fail = (at: LineRecord, expected: string, requirement: string, property = 'model'): TraceVerdict => ({
      explained: false,
      steps: i,
      failure: failure(i + 1, step.line, at, expected, requirement, property),
    });
    const before = model.observe();
    let event: Stimulus | null;
    let delivered: PduObservation | null = null;
    if (step.cause.t === 'recv' || step.cause.t === 'lost') {
      const s = step.stimulus as Extract<Stimulus, { kind: 'deliver' | 'drop' }>;
      const index = matchInModel(before.inFlight, step.cause.pdu, s.index);
      if (index < 0) {
        const inFlight = before.inFlight.map(describePdu).join('; ') || 'nothing';
        return fail(cause, `the model has no such PDU in flight here (in flight: ${inFlight})`, '5.14.1-S17');
      }
      event = { kind: s.kind, index };
      delivered = before.inFlight[index]!;
    } else {
      const s = step.stimulus;
      event = s.kind === 'setFallbackPolicy' && policy.get(s.domain) === s.on ? null : s;
      if (s.kind === 'setFallbackPolicy') policy.set(s.domain, s.on);
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
      //# After initial attachment, there is signaling defined so that at all times
      // an MN's procedures are sequential; the model enables what docs/protocol.md §3 allows.
      if (event !== null && !model.enabled().some((e) => sameStimulus(e, s))) return fail(cause, `the model does not enable ${describeStimulus(s)} in this state (docs/protocol.md §3)`, '5.14.1-S17', 'enabled');
    }
    if (event !== null) model.apply(event);
    const after = model.observe();
    // The PDUs first: what an entity answered is the decision the model makes; the SAs follow it.
    const pdus = (o: Observation): Observation => ({ mns: [], poss: [], inFlight: o.inFlight });
    const d = comparator.compare(pdus(after), pdus(step.observation), { delivered }) ?? comparator.compare(after, step.observation, { delivered });
    if (d !== null) {
      const { at, expected } = locate(step, prev.inFlight.length, after, d);
      return fail(at, expected, d.requirements[0] ?? 'unattributed');
    }
    verdict = judgeStep(trace.config, verdict.facts, prev, step.stimulus, step.observation);
    const v = verdict.violations[0];
    if (v !== undefined) return fail(cause, v.message, v.requirements[0] ?? 'unattributed', v.property);
    prev = step.observation;
  }
  return { explained: true, steps: trace.steps.length };
}

export function validateTraceCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('validate-trace')
    .description('replay a recorded deployment log of PDUs and SA events (JSON lines) through the model and report the first record it cannot explain')
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
        io.out(`${file}: NOT EXPLAINED at step ${f.step} (the step starting at line ${f.causeLine})\n  ${f.message}\n  [${f.property}]\n`);
        const trace = parseTrace(text);
        const prev = f.step >= 2 ? trace.steps[f.step - 2]!.observation : trace.initial;
        const step = trace.steps[f.step - 1]!;
        for (const line of describeStep(f.step, prev, step.stimulus, step.observation)) io.out(line + '\n');
      }
      setExit(verdict.explained ? EXIT.OK : EXIT.NONCONFORMANT);
    });
}
