// A trace as a Mermaid sequenceDiagram: upper-tester stimuli as notes, delivered PDUs as
// arrows (status/reason on responses), network faults and the lower tester's spoiling as notes
// over the PDU's ends, the PDUs the failing step emitted as marked dotted arrows, and the FAIL
// note over the participants where the violation happened. Fingerprints only.
//
// Mermaid reads `#` as the start of an entity code and `;` as the end of a statement, so any
// text is written with entity codes (`#35;`): nothing after a `#` is lost.
import type { Observation, PduObservation, Stimulus } from '../../vocabulary/observation.ts';
import { describeStimulus } from '../enabled.ts';
import type { TraceStep } from './types.ts';

function id(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Mermaid's entity code of each character its grammar or HTML would read, controls shown as \uXXXX. */
// eslint-disable-next-line no-control-regex
const SPECIAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029#;:<>&"{}%]/g;

/** `s` as literal Mermaid text (one line). */
export function mermaidText(s: string): string {
  return s.replace(SPECIAL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 ? `\\u${code.toString(16).padStart(4, '0')}` : `#${code};`;
  });
}

/** Longest line of a wrapped note, in characters. */
export const NOTE_LINE_CHARS = 60;

/** `s` wrapped at word boundaries into lines of at most `width` characters (longer words are split). */
export function wrap(s: string, width = NOTE_LINE_CHARS): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter((w) => w !== '')) {
    for (let rest = word; rest !== ''; rest = rest.slice(width)) {
      const piece = rest.slice(0, width);
      if (line === '') line = piece;
      else if (line.length + 1 + piece.length <= width) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Wrapped, escaped text with Mermaid line breaks. */
function noteText(s: string): string {
  return wrap(s).map(mermaidText).join('<br/>');
}

function label(p: PduObservation): string {
  const parts: string[] = [p.type];
  if (p.status !== undefined) parts.push(p.status);
  if (p.reason !== undefined && p.reason !== 'NONE') parts.push(p.reason);
  return parts.join(' ');
}

/**
 * The PDUs a step emitted: those in flight after it that were not before (a delivered or dropped
 * PDU leaves the network; a duplicate, a corruption or a probe does not). A duplicate's copy counts.
 */
export function emittedPdus(prev: Observation, s: Stimulus, next: Observation): PduObservation[] {
  const consumed = 'index' in s && s.kind !== 'duplicate' && s.kind !== 'corrupt' && s.kind !== 'redeliver' && s.kind !== 'probe' ? 1 : 0;
  const before = new Set(prev.inFlight.map((p) => JSON.stringify(p)));
  return next.inFlight.slice(Math.max(0, prev.inFlight.length - consumed)).filter((p) => s.kind === 'duplicate' || !before.has(JSON.stringify(p)));
}

/** The chart's lifelines: every MN, then every PoS, in the order the observations first show them. */
export function participants(initial: Observation | undefined, steps: readonly TraceStep[]): string[] {
  const seen = new Set<string>();
  const observations = [initial, ...steps.map((s) => s.observation)].filter((o): o is Observation => o !== undefined);
  for (const o of observations) o.mns.forEach((m) => seen.add(m.id));
  for (const o of observations) o.poss.forEach((p) => seen.add(p.id));
  return [...seen];
}

export interface MscOptions {
  /** Text of a failure note attached to the last step. */
  readonly failure?: string;
  /** Entity ids played by the SUT (marked in the participant box). */
  readonly sutEntities?: readonly string[];
}

function actorOf(s: Stimulus): string | undefined {
  if ('mn' in s) return s.mn;
  if ('domain' in s) return s.domain;
  return undefined;
}

/** The entities whose SAs, lifecycle or attachment a step changed. */
function changed(prev: Observation, next: Observation): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const m of next.mns) {
    const old = prev.mns.find((x) => x.id === m.id);
    if (old === undefined || !same([old.lifecycle, old.attachedTo, old.sas], [m.lifecycle, m.attachedTo, m.sas])) out.push(m.id);
  }
  for (const p of next.poss) if (!same(prev.poss.find((x) => x.id === p.id)?.sas, p.sas)) out.push(p.id);
  return out;
}

/**
 * Where the violation happened: the entities the failing step involved (the actor, the PDU it
 * delivered, the PDUs it emitted, the entities it changed), narrowed to those the failure names
 * where it names any.
 */
function failureSite(prev: Observation, step: TraceStep, failure: string, order: readonly string[]): string[] {
  const s = step.stimulus;
  const involved = new Set<string>();
  const actor = actorOf(s);
  if (actor !== undefined) involved.add(actor);
  const pdu = 'index' in s && s.kind !== 'redeliver' ? prev.inFlight[s.index] : undefined;
  if (pdu !== undefined) [pdu.src, pdu.dst].forEach((x) => involved.add(x));
  for (const p of emittedPdus(prev, s, step.observation)) [p.src, p.dst].forEach((x) => involved.add(x));
  for (const x of changed(prev, step.observation)) involved.add(x);
  const words = new Set(failure.split(/[^A-Za-z0-9_.-]+/));
  const named = [...involved].filter((x) => words.has(x));
  const site = named.length > 0 ? named : [...involved];
  return order.filter((x) => site.includes(x));
}

export function sequenceDiagram(initial: Observation | undefined, steps: readonly TraceStep[], options: MscOptions = {}): string {
  const lines = ['sequenceDiagram'];
  const sut = new Set(options.sutEntities ?? []);
  const order = participants(initial, steps);
  for (const p of order) lines.push(`  participant ${id(p)} as ${mermaidText(p)}${sut.has(p) ? ' (SUT)' : ''}`);
  const first = order[0] ?? 'tester';
  if (order.length === 0) lines.push(`  participant ${id(first)} as ${first}`);
  let before = initial;
  steps.forEach((step, i) => {
    const s = step.stimulus;
    const n = i + 1;
    const pdu = 'index' in s && s.kind !== 'redeliver' ? before?.inFlight[s.index] : undefined;
    if (s.kind === 'deliver' && pdu !== undefined) {
      lines.push(`  ${id(pdu.src)}${pdu.corrupted === true ? '-x' : '->>'}${id(pdu.dst)}: ${mermaidText(`${n}. ${label(pdu)}${pdu.corrupted === true ? ' (corrupted)' : ''}`)}`);
    } else if (s.kind === 'probe' && pdu !== undefined) {
      lines.push(`  ${id(pdu.src)}-x${id(pdu.dst)}: ${mermaidText(`${n}. ${label(pdu)} (a copy spoilt by the lower tester: ${s.how})`)}`);
    } else if (pdu !== undefined) {
      const note = s.kind === 'tamper' || s.kind === 'lie' ? 'lower tester' : 'network';
      lines.push(`  Note over ${id(pdu.src)},${id(pdu.dst)}: ${mermaidText(`${n}. ${note}: ${describeStimulus(s)} ${label(pdu)}`)}`);
    } else {
      lines.push(`  Note over ${id(actorOf(s) ?? first)}: ${mermaidText(`${n}. ${describeStimulus(s)}`)}`);
    }
    if (options.failure !== undefined && i === steps.length - 1 && before !== undefined) {
      // What the failing step sent is often the violation itself: drawn, marked, never delivered.
      for (const p of emittedPdus(before, s, step.observation)) lines.push(`  ${id(p.src)}-->>${id(p.dst)}: ${mermaidText(`${n}. ⚠ ${label(p)} (sent in the failing step)`)}`);
    }
    before = step.observation;
  });
  if (options.failure !== undefined) {
    const last = steps.at(-1);
    const prev = steps.length >= 2 ? steps[steps.length - 2]!.observation : initial;
    const site = last !== undefined && prev !== undefined ? failureSite(prev, last, options.failure, order) : [];
    const over = site.length === 0 ? id(first) : site.length === 1 ? id(site[0]!) : `${id(site[0]!)},${id(site.at(-1)!)}`;
    lines.push(`  Note over ${over}: ${noteText(`FAIL ${options.failure}`)}`);
  }
  return lines.join('\n');
}
