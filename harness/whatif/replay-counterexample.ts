// Replaying a counterexample file: rebuild the scenario's system, run the trace event by event,
// and check that the property is violated where the file says (and not before). The same code
// draws the counterexample as a Mermaid sequence diagram.

import { AdversaryError, type AdvEvent, type AdvWorld, advEventLabel, isAdversaryMove, replayTrace } from '../../model/adversary/attacked-world.ts';
import { ModelError } from '../../model/world/errors.ts';
import { VariantError } from '../../model/variants.ts';
import { ADVERSARY_PROPERTIES } from '../../properties/adversary/index.ts';
import { checkerFor } from '../../properties/adversary/witness.ts';
import type { Pdu } from '../../model/pdus.ts';
import { buildSystem, checkSpec, ScenarioError, type ScenarioSpec } from './scenarios.ts';

/** The content of docs/whatif/cex/<id>.json. */
export interface CounterexampleFile {
  readonly format: 'proauth-whatif-cex/1';
  readonly id: string;
  readonly property: string;
  readonly message: string;
  readonly requirements: readonly string[];
  readonly spec: ScenarioSpec;
  readonly trace: readonly AdvEvent[];
}

export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}

export interface ReplayOutcome {
  readonly reproduced: boolean;
  /** Index (1-based step) at which the property first failed, or null. */
  readonly step: number | null;
  readonly message: string | null;
  readonly labels: readonly string[];
}

/** Validates parsed JSON as a counterexample file (typed errors, field by field). */
export function checkCounterexample(x: unknown): CounterexampleFile {
  if (typeof x !== 'object' || x === null) throw new ReplayError('counterexample: not an object');
  const c = x as Record<string, unknown>;
  if (c.format !== 'proauth-whatif-cex/1') throw new ReplayError('counterexample.format must be "proauth-whatif-cex/1"');
  if (typeof c.property !== 'string' || checkerFor(c.property) === undefined) {
    throw new ReplayError(`counterexample.property must be one of ${ADVERSARY_PROPERTIES.map((p) => p.id).join(', ')}`);
  }
  if (!Array.isArray(c.trace) || c.trace.some((e) => typeof e !== 'object' || e === null || typeof (e as { kind?: unknown }).kind !== 'string')) {
    throw new ReplayError('counterexample.trace must be an array of events with a kind');
  }
  try {
    checkSpec(c.spec);
  } catch (e) {
    if (e instanceof ScenarioError) throw new ReplayError(`counterexample.${e.message}`);
    throw e;
  }
  return x as CounterexampleFile;
}

/** Replays the trace; the property is checked on every state and step, as the explorer did. */
export function replayCounterexample(c: CounterexampleFile): ReplayOutcome {
  const prop = checkerFor(c.property);
  if (prop === undefined) throw new ReplayError(`unknown property ${c.property}`);
  let states: AdvWorld[];
  try {
    states = replayTrace(buildSystem(c.spec), c.trace);
  } catch (e) {
    if (e instanceof AdversaryError || e instanceof ModelError || e instanceof VariantError) {
      throw new ReplayError(`the trace does not replay: ${e.message}`);
    }
    throw e;
  }
  const labels = c.trace.map(advEventLabel);
  for (let i = 0; i < c.trace.length; i++) {
    const prev = states[i] as AdvWorld;
    const next = states[i + 1] as AdvWorld;
    const m = prop.kind === 'state' ? prop.check(null, null, next) : prop.check(prev, c.trace[i] as AdvEvent, next);
    if (m !== null) return { reproduced: i === c.trace.length - 1, step: i + 1, message: m, labels };
  }
  return { reproduced: false, step: null, message: null, labels };
}

// ---- Mermaid ---------------------------------------------------------------------------------

function pid(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

export function pduText(p: Pdu): string {
  const parts: string[] = [p.type];
  if ('status' in p) parts.push(p.status);
  if ('reason' in p && p.reason !== 'NONE') parts.push(p.reason);
  if (p.type === 'MIS_N2N_Prereg_Xfer.request') parts.push(`counter ${p.chain}`);
  if (p.type === 'MIS_Prereg_Xfer.request' && p.fallback) parts.push('fallback');
  return parts.join(' ').replace(/[;#]/g, ' ');
}

/** The counterexample as a Mermaid sequenceDiagram (key ids never appear, only PDU names). */
export function counterexampleMermaid(c: CounterexampleFile): string {
  const sys = buildSystem(c.spec);
  const states = replayTrace(sys, c.trace);
  const w0 = sys.initial.world;
  const lines = ['sequenceDiagram', '  participant ADV as adversary'];
  for (const m of w0.config.mns) lines.push(`  participant ${pid(m.id)} as ${m.id}`);
  for (const d of w0.config.domains) lines.push(`  participant ${pid(d.id)} as ${d.id}`);
  c.trace.forEach((e, i) => {
    const prev = states[i] as AdvWorld;
    const next = states[i + 1] as AdvWorld;
    if (isAdversaryMove(e)) {
      switch (e.kind) {
        case 'compromise': lines.push(`  Note over ${pid(e.pos)}: compromised (reveals its keys)`); break;
        case 'rewind': lines.push(`  Note over ${pid(prev.adv.compromised ?? 'ADV')}: rewinds its chain counter for ${e.mn}`); break;
        case 'tamper': {
          const p = prev.world.inFlight[e.index];
          if (p?.type === 'MIS_Prereg_Xfer.request') lines.push(`  Note over ${pid(p.dst)}: (compromised) ignores the MN's fallback request`);
          else lines.push(`  Note over ADV: rewrites the counter of ${p === undefined ? 'a PDU' : `${p.type} ${p.src}→${p.dst}`} in flight to 0`);
          break;
        }
        case 'inject': lines.push(`  ADV->>${pid(e.to)}: injected ${e.pdu} (from ${e.from})`); break;
        case 'relabel': lines.push(`  Note over ${pid(prev.adv.compromised ?? 'ADV')}: states EAP for ${e.mn}'s lineage${e.index === undefined ? '' : ' (reads the MN\'s TLS request as EAP)'}`); break;
        case 'replay': {
          const p = prev.adv.log[e.entry];
          lines.push(`  Note over ADV: replays ${p === undefined ? 'a logged PDU' : `${p.type} ${p.src}→${p.dst}`}`);
          break;
        }
        case 'redirect': lines.push(`  Note over ${pid(prev.adv.compromised ?? 'ADV')}: (compromised) takes the MN's request as naming ${e.to}`); break;
        case 'forge': lines.push(`  Note over ${pid(prev.adv.compromised ?? 'ADV')}: forges ${e.pdu} to ${e.to}${e.pdu === 'MIS_HO_Complete.request' ? ` as ${e.mn}` : ` about ${e.mn}`}`); break;
      }
    } else {
      switch (e.kind) {
        case 'deliver': {
          const p = prev.world.inFlight[e.index];
          if (p !== undefined) lines.push(`  ${pid(p.src)}->>${pid(p.dst)}: ${pduText(p)}${next.adv.deliveredReplay ? ' (replayed)' : ''}`);
          break;
        }
        case 'drop': {
          const p = prev.world.inFlight[e.index];
          if (p !== undefined) lines.push(`  ${pid(p.src)}-x${pid(p.dst)}: ${pduText(p)} (lost)`);
          break;
        }
        case 'duplicate': lines.push('  Note over ADV: the network duplicates a PDU'); break;
        case 'attach': lines.push(`  Note over ${pid(e.mn)}: attach to ${e.domain}`); break;
        case 'handover': lines.push(`  Note over ${pid(e.mn)}: handover to ${e.target ?? '(SPoS selects)'}`); break;
        case 'complete':
        case 'abort': lines.push(`  Note over ${pid(e.mn)}: ${e.kind}`); break;
        default: lines.push(`  Note over ADV: ${advEventLabel(e)}`);
      }
    }
    if (next.adv.blast > prev.adv.blast) lines.push(`  Note over ADV: blast radius ${next.adv.blast}`);
  });
  return lines.join('\n');
}
