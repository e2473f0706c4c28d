// A counterexample as an ITF trace (Informal Trace Format, as Apalache and Quint write it:
// https://apalache-mc.org/docs/adr/015adr-trace.html): `#meta`, `vars`, and one state per step.
//
// Every variable has one type in every state, as a typed reader (Quint, Apalache) needs: each
// record is written with all the fields of its type, whatever the state. ITF has no null, so a
// field that may be absent is a Quint Option in every state: `{ tag: "Some", value: v }` when
// present, `{ tag: "None", value: { "#tup": [] } }` when absent. A stimulus is one record type
// with the fields of every kind, those its kind does not have None.
import type { Observation, Stimulus } from '../../vocabulary/observation.ts';
import type { Counterexample } from './types.ts';

type Itf = string | number | boolean | { readonly [k: string]: Itf } | readonly Itf[] | { readonly '#bigint': string };

/** The ITF type of a value, as the encoder writes it. */
type Shape = 'str' | 'int' | 'bool' | { readonly opt: Shape } | { readonly list: Shape } | { readonly rec: Readonly<Record<string, Shape>> };

const NONE: Itf = { tag: 'None', value: { '#tup': [] } };
const some = (value: Itf): Itf => ({ tag: 'Some', value });
const opt = (s: Shape): Shape => ({ opt: s });
const list = (s: Shape): Shape => ({ list: s });

/** Every key of every member of a union. */
type KeysOf<T> = T extends unknown ? keyof T : never;
type Fields<T> = { readonly [K in KeysOf<T>]-?: Shape };

const int = (v: number): Itf => (Number.isSafeInteger(v) ? v : { '#bigint': String(Math.trunc(v)) });

/** `v` encoded as `shape`; a mismatch is a bug of the vocabulary's shapes below, so it throws. */
function encode(shape: Shape, v: unknown, where: string): Itf {
  if (typeof shape === 'object' && 'opt' in shape) return v === null || v === undefined ? NONE : some(encode(shape.opt, v, where));
  if (v === null || v === undefined) throw new TypeError(`ITF: ${where} is absent, but its type has no None`);
  if (shape === 'str' && typeof v === 'string') return v;
  if (shape === 'int' && typeof v === 'number') return int(v);
  if (shape === 'bool' && typeof v === 'boolean') return v;
  if (typeof shape === 'object' && 'list' in shape && Array.isArray(v)) return v.map((x, i) => encode(shape.list, x, `${where}[${i}]`));
  if (typeof shape === 'object' && 'rec' in shape && typeof v === 'object' && !Array.isArray(v)) {
    const record = v as Record<string, unknown>;
    const out: Record<string, Itf> = {};
    for (const [k, s] of Object.entries(shape.rec)) out[k] = encode(s, record[k], `${where}.${k}`);
    return out;
  }
  throw new TypeError(`ITF: ${where} is ${JSON.stringify(v)}, not of type ${JSON.stringify(shape)}`);
}

// The vocabulary's types as ITF types. `Fields<…>` lists every field of the type, so a field
// added to vocabulary/observation.ts does not compile until it has an ITF type here.
const SA: Fields<Observation['mns'][number]['sas'][number]> = { peer: 'str', idType: 'int', root: 'str', depth: 'int', state: 'str', suite: opt('int'), key: 'str' };
const DISCARDS: Fields<NonNullable<Observation['mns'][number]['discards']>> = { count: 'int', last: opt('str') };
const OUTCOME: Fields<NonNullable<NonNullable<Observation['mns'][number]['outcomes']>['last']>> = { mn: 'str', from: 'str', to: opt('str'), path: 'str', reason: 'str' };
const OUTCOMES: Fields<NonNullable<Observation['mns'][number]['outcomes']>> = { count: 'int', last: opt({ rec: OUTCOME }) };
const MN: Fields<Observation['mns'][number]> = { id: 'str', lifecycle: 'str', attachedTo: opt('str'), sas: list({ rec: SA }), outcomes: opt({ rec: OUTCOMES }), discards: opt({ rec: DISCARDS }) };
const POS: Fields<Observation['poss'][number]> = { id: 'str', sas: list({ rec: SA }), discards: opt({ rec: DISCARDS }) };
const PDU: Fields<Observation['inFlight'][number]> = {
  type: 'str',
  src: 'str',
  dst: 'str',
  mn: 'str',
  status: opt('str'),
  reason: opt('str'),
  nonceN: opt('str'),
  nonceT: opt('str'),
  corrupted: opt('bool'),
  spoilt: opt('str'),
  spoiltRule: opt('str'),
  spoiltRequirements: opt(list('str')),
  tpos: opt('str'),
  method: opt('str'),
  idType: opt('int'),
  suites: opt(list('int')),
  suite: opt('int'),
  depth: opt('int'),
  root: opt('str'),
  fallback: opt('bool'),
  target: opt('str'),
  previous: opt('str'),
  k: opt('str'),
  kBound: opt('bool'),
  kExposed: opt('bool'),
};
const OBSERVATION: Fields<Observation> = { mns: list({ rec: MN }), poss: list({ rec: POS }), inFlight: list({ rec: PDU }) };
/** `kind` is `init` in the state before the first stimulus. */
const STIMULUS: Fields<Stimulus> = { kind: 'str', mn: opt('str'), domain: opt('str'), target: opt('str'), fallback: opt('bool'), on: opt('bool'), index: opt('int'), how: opt('str'), choice: opt('int'), what: opt('str') };

export const ITF_VARS = ['step', 'stimulus', 'mns', 'poss', 'inFlight'] as const;

function state(index: number, step: number, stimulus: Stimulus | { readonly kind: 'init' }, o: Observation, violation?: string): object {
  return {
    '#meta': { index, ...(violation === undefined ? {} : { violation }) },
    step,
    stimulus: encode({ rec: STIMULUS }, stimulus, 'stimulus'),
    ...(encode({ rec: OBSERVATION }, o, 'observation') as object),
  };
}

export function toItf(cx: Counterexample, source: string): object {
  const states: object[] = [];
  if (cx.initial !== undefined) states.push(state(0, 0, { kind: 'init' }, cx.initial));
  cx.trace.forEach((s, i) => {
    states.push(state(states.length, i + 1, s.stimulus, s.observation, i === cx.trace.length - 1 ? cx.requirement : undefined));
  });
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source,
      description: `proauth counterexample: ${cx.requirement} (${cx.property}), seed ${cx.seed}, replay: ${cx.replay}`,
      requirement: cx.requirement,
      property: cx.property,
      // The world and placement were drawn for this run: without them the trace cannot be read.
      ...(cx.world === undefined ? {} : { world: cx.world }),
      ...(cx.placement === undefined ? {} : { placement: cx.placement }),
      ...(cx.discard === undefined ? {} : { discard: cx.discard }),
    },
    vars: [...ITF_VARS],
    states,
  };
}
