// A counterexample as an ITF trace (Informal Trace Format, as Apalache and Quint write it:
// https://apalache-mc.org/docs/adr/015adr-trace.html): `#meta`, `vars`, and one state per step.
// ITF has no null: absent values become Quint's `None` ({ tag: "None", value: { "#tup": [] } }).
import type { Counterexample } from './types.ts';

type Itf = string | number | boolean | { readonly [k: string]: Itf } | readonly Itf[] | { readonly '#bigint': string };

export function toItfValue(v: unknown): Itf {
  if (v === null || v === undefined) return { tag: 'None', value: { '#tup': [] } };
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : { '#bigint': String(Math.trunc(v)) };
  if (typeof v === 'bigint') return { '#bigint': v.toString() };
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toItfValue);
  if (typeof v === 'object') {
    const out: Record<string, Itf> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = toItfValue(x);
    return out;
  }
  return String(v);
}

export const ITF_VARS = ['step', 'stimulus', 'mns', 'poss', 'inFlight'] as const;

export function toItf(cx: Counterexample, source: string): object {
  const states: object[] = [];
  if (cx.initial !== undefined) {
    states.push({ '#meta': { index: 0 }, step: 0, stimulus: { kind: 'init' }, ...(toItfValue(cx.initial) as object) });
  }
  cx.trace.forEach((s, i) => {
    states.push({
      '#meta': { index: states.length, ...(i === cx.trace.length - 1 ? { violation: cx.requirement } : {}) },
      step: i + 1,
      stimulus: toItfValue(s.stimulus),
      ...(toItfValue(s.observation) as object),
    });
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
