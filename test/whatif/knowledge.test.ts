// The adversary's knowledge closure over the model's own key terms (model/keys.ts).
import { describe, expect, it } from 'vitest';
import { derivable, hopsFromKnown, keyIdsIn, kindOfKey, parentKey } from '../../model/adversary/knowledge.ts';
import { fullMisk, kFromHome, kFromSpos, optimizedMisk, rootKey } from '../../model/keys.ts';

const msk = rootKey('EAP', 'mn1', 'H', '#0', '#1');
const misk0 = fullMisk(msk, 'EAP', 0, '#0', '#1', 'mn1', 'A');
const k1 = kFromSpos(misk0, 'mn1', 'A', 'B', '#2', false);
const misk1 = optimizedMisk(k1, '#2', '#3', 1, 'mn1', 'B');
const k2 = kFromSpos(misk1, 'mn1', 'B', 'C', '#4', false);
const misk2 = optimizedMisk(k2, '#4', '#5', 1, 'mn1', 'C');

describe('key terms', () => {
  it('names the kind and the parent of each derivation', () => {
    expect(kindOfKey(misk2.id)).toBe('MISK');
    expect(parentKey(misk2.id)).toBe(k2.id);
    expect(parentKey(k2.id)).toBe(misk1.id);
    expect(parentKey(misk0.id)).toBe(msk.id);
    expect(parentKey(msk.id)).toBeNull();
    expect(parentKey('MISK(unbalanced')).toBeNull();
  });
});

describe('closure under derivation (nonces public)', () => {
  it('counts optimized hops from the nearest known key', () => {
    const known = new Set([misk0.id]);
    expect(hopsFromKnown(misk0.id, known)).toBe(0);
    expect(hopsFromKnown(k1.id, known)).toBe(0);
    expect(hopsFromKnown(misk1.id, known)).toBe(1);
    expect(hopsFromKnown(misk2.id, known)).toBe(2);
    expect(hopsFromKnown(misk2.id, new Set([k2.id]))).toBe(1);
  });

  it('never derives a root key or anything outside the lineage', () => {
    const known = new Set([misk1.id]);
    expect(derivable(misk0.id, known)).toBe(false);
    expect(derivable(msk.id, known)).toBe(false);
    const other = fullMisk(rootKey('EAP', 'mn1', 'H', '#8', '#9'), 'EAP', 0, '#8', '#9', 'mn1', 'B');
    expect(derivable(other.id, known)).toBe(false);
  });

  it('V-K-HPOS: K rests on the root key, so an SPoS MISK gives nothing', () => {
    const kh = kFromHome(msk.origin, 'EAP', 1, 'mn1', 'H', 'B', '#2');
    const mh = optimizedMisk(kh, '#2', '#3', 1, 'mn1', 'B');
    expect(derivable(mh.id, new Set([misk0.id]))).toBe(false);
    expect(hopsFromKnown(mh.id, new Set([msk.id]))).toBe(1);
  });

  it('finds every key term in plain data', () => {
    const ids = keyIdsIn({ sa: { key: misk1 }, relay: { k: k2 }, other: [{ id: 'x', kind: 'nope' }] });
    expect([...ids].sort()).toEqual([k2.id, misk1.id].sort());
  });
});
