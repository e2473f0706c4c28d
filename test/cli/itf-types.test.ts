// The ITF traces a check writes have one type per variable across all their states, as a typed
// reader (Quint, Apalache) needs: a field that may be absent is an Option in every state, and a
// stimulus is one record type whatever its kind. Checked by inferring each state's types and
// unifying them, over generated runs of the reference implementation and a real counterexample.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliSutAdapter, runSeed } from '../../harness/cli/engine.ts';
import { openSut } from '../../harness/cli/sut.ts';
import { toItf } from '../../harness/report/itf.ts';
import type { Counterexample } from '../../harness/report/types.ts';
import { cli, tempDir } from './helpers.ts';

type ItfType =
  | { readonly k: 'int' | 'str' | 'bool' | 'unknown' }
  | { readonly k: 'list'; readonly of: ItfType }
  | { readonly k: 'tup'; readonly of: readonly ItfType[] }
  | { readonly k: 'rec'; readonly fields: Readonly<Record<string, ItfType>> }
  | { readonly k: 'variant'; readonly tags: Readonly<Record<string, ItfType>> };

const UNKNOWN: ItfType = { k: 'unknown' };

class ItfTypeError extends Error {}

function typeOf(v: unknown, where: string): ItfType {
  if (typeof v === 'string') return { k: 'str' };
  if (typeof v === 'boolean') return { k: 'bool' };
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new ItfTypeError(`${where}: ${v} is no ITF integer`);
    return { k: 'int' };
  }
  if (v === null || v === undefined) throw new ItfTypeError(`${where}: ITF has no null`);
  if (Array.isArray(v)) return { k: 'list', of: v.reduce<ItfType>((t, x, i) => unify(t, typeOf(x, `${where}[${i}]`), `${where}[${i}]`), UNKNOWN) };
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  if (keys.length === 1 && keys[0] === '#bigint') return { k: 'int' };
  if (keys.length === 1 && keys[0] === '#tup') return { k: 'tup', of: (o['#tup'] as unknown[]).map((x, i) => typeOf(x, `${where}.#tup[${i}]`)) };
  if (keys.join() === 'tag,value' && typeof o['tag'] === 'string') return { k: 'variant', tags: { [o['tag']]: typeOf(o['value'], `${where}.value`) } };
  return { k: 'rec', fields: Object.fromEntries(keys.map((key) => [key, typeOf(o[key], `${where}.${key}`)])) };
}

function unify(a: ItfType, b: ItfType, where: string): ItfType {
  if (a.k === 'unknown') return b;
  if (b.k === 'unknown') return a;
  const clash = (): never => {
    throw new ItfTypeError(`${where}: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
  };
  if (a.k !== b.k) return clash();
  switch (a.k) {
    case 'list':
      return { k: 'list', of: unify(a.of, (b as typeof a).of, `${where}[]`) };
    case 'tup': {
      const bt = (b as typeof a).of;
      if (bt.length !== a.of.length) return clash();
      return { k: 'tup', of: a.of.map((t, i) => unify(t, bt[i]!, `${where}.#tup[${i}]`)) };
    }
    case 'rec': {
      const bf = (b as typeof a).fields;
      if (Object.keys(a.fields).sort().join() !== Object.keys(bf).sort().join()) return clash();
      return { k: 'rec', fields: Object.fromEntries(Object.entries(a.fields).map(([key, t]) => [key, unify(t, bf[key]!, `${where}.${key}`)])) };
    }
    case 'variant': {
      const tags: Record<string, ItfType> = { ...a.tags };
      for (const [tag, t] of Object.entries((b as typeof a).tags)) tags[tag] = tag in tags ? unify(tags[tag]!, t, `${where}.${tag}`) : t;
      return { k: 'variant', tags };
    }
    default:
      return a;
  }
}

/** The type of each variable over every state; throws where a variable changes type. */
function variableTypes(itf: { vars: string[]; states: Record<string, unknown>[] }): Record<string, ItfType> {
  const types: Record<string, ItfType> = {};
  itf.states.forEach((s, i) => {
    const { '#meta': _meta, ...vars } = s;
    expect(Object.keys(vars).sort()).toEqual([...itf.vars].sort());
    for (const v of itf.vars) types[v] = unify(types[v] ?? UNKNOWN, typeOf(vars[v], `state ${i} ${v}`), `state ${i} ${v}`);
  });
  return types;
}

type Itf = { vars: string[]; states: Record<string, unknown>[] };

describe('ITF: one type per variable', () => {
  it('over generated runs of the reference implementation (every placement, faults, tampers and lies)', async () => {
    const sut = await openSut({ timeoutMs: 5000 });
    const adapter = new CliSutAdapter(sut.adapter, sut.name);
    const kinds = new Set<string>();
    try {
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const r = await runSeed(sut, adapter, seed, { steps: 150, model: true });
        expect(r.error).toBeUndefined();
        // One run's steps as a counterexample-shaped trace: every state a writer would see.
        const first = r.recorded.filter((s) => s.run === r.recorded[0]?.run);
        for (const s of first) kinds.add(s.stimulus.kind);
        const cx: Counterexample = { requirement: 'none', property: 'none', message: '', seed, path: '0', length: first.length, replay: '', trace: first, ...(r.initial !== undefined ? { initial: r.initial } : {}) };
        const itf = toItf(cx, 'test') as Itf;
        expect(itf.states.length).toBe(first.length + 1);
        const types = variableTypes(itf);
        expect(types['stimulus']!.k).toBe('rec');
        const mns = types['mns'] as { k: 'list'; of: { k: 'rec'; fields: Record<string, ItfType> } };
        // attachedTo: an Option of a string, never sometimes a bare string.
        expect(mns.of.fields['attachedTo']!.k).toBe('variant');
      }
    } finally {
      await sut.close();
    }
    // The runs mixed stimulus kinds of different fields.
    expect([...kinds].length).toBeGreaterThan(4);
  }, 120_000);

  it('over the counterexample a check writes', async () => {
    const dir = tempDir();
    const r = await cli(['check', '--sut-cmd', 'python3 examples/python-tpos/tpos_buggy.py', '--pics', 'examples/python-tpos/pics.json', '--runs', '40', '--seed', '1', '--report', dir, '--no-model']);
    expect(r.code).toBe(1);
    const itf = JSON.parse(readFileSync(join(dir, 'counterexample-1.itf.json'), 'utf8')) as Itf;
    expect(() => variableTypes(itf)).not.toThrow();
    expect(JSON.stringify(itf.states)).toContain('"tag":"Some"');
  }, 60_000);

  it('the checker rejects a variable that changes type', () => {
    const bad: Itf = { vars: ['x'], states: [{ '#meta': {}, x: 'A' }, { '#meta': {}, x: { tag: 'None', value: { '#tup': [] } } }] };
    expect(() => variableTypes(bad)).toThrow(ItfTypeError);
    const records: Itf = { vars: ['s'], states: [{ '#meta': {}, s: { kind: 'attach', mn: 'mn1' } }, { '#meta': {}, s: { kind: 'deliver', index: 0 } }] };
    expect(() => variableTypes(records)).toThrow(ItfTypeError);
  });
});
