// Each machine on its own, specialised for small test parameters, with an event alphabet rich
// enough to take every transition: used by the coverage test (xstate/graph traversal).

import type { AnyStateMachine, Snapshot } from 'xstate';
import { createHposMachine } from '../../model/machines/hpos.ts';
import { createMnMachine, type MnContext } from '../../model/machines/mn.ts';
import { createSposMachine, type SposContext } from '../../model/machines/spos.ts';
import { createTposMachine, type TposContext } from '../../model/machines/tpos.ts';
import type { MachineEvent, MachineKind } from '../../model/machines/machine-step.ts';
import { kFromSpos, rootKey, fullMisk } from '../../model/keys.ts';
import type { ModelDomainConfig, ModelMnConfig, RootKind, SaRecord } from '../../model/types.ts';
import { resolveVariant, type Variant } from '../../model/variants.ts';
import { domain, mnConfig } from './fixtures.ts';

export interface MachineUnderTest {
  readonly kind: MachineKind;
  readonly label: string;
  readonly logic: AnyStateMachine;
  readonly events: (s: Snapshot<unknown>) => MachineEvent[];
}

const L = 3;
const A = domain('A', { neighbours: ['C', 'B'], partners: ['B'] });
const B = domain('B', { neighbours: ['A'], partners: ['A'], suites: [1] });
const C = domain('C', { neighbours: ['A'], partners: [] });
const domainById = new Map<string, ModelDomainConfig>([A, B, C].map((d) => [d.id, d]));

const msk = rootKey('EAP', 'mn1', 'A', '#1', '#2');
function sa(root: RootKind, depth: number, peer = 'mn1'): SaRecord {
  return { peer, idType: root === 'TLS' ? 0 : root === 'GKB' ? 2 : 1, root, depth, chain: depth, state: 'serving', suite: null, key: fullMisk(msk, root, depth, '#1', '#2', 'mn1', 'A') };
}

function ctxOf<T>(s: Snapshot<unknown>): T {
  return (s as unknown as { context: T }).context;
}

function mnEvents(s: Snapshot<unknown>): MachineEvent[] {
  const c = ctxOf<MnContext>(s);
  const out: MachineEvent[] = [
    { type: 'attach', domain: 'A', fresh: '#1' },
    ...[null, 'B'].flatMap((target) => [false, true].map((fallback) => ({ type: 'handover', target, fallback, fresh: '#5' }))),
    { type: 'complete' },
    { type: 'abort' },
  ];
  const p = c.pending;
  if (p !== null && p.step !== 'prereg') {
    for (const status of ['SUCCESS', 'REJECTED']) {
      out.push({ type: 'MIS_Auth.response', pdu: { type: 'MIS_Auth.response', src: p.pos, dst: 'mn1', mn: 'mn1', status, nonceN: p.nonceN, nonceP: '#2', idType: 1 }, fresh: '#9' });
    }
  }
  if (p !== null && p.step === 'prereg' && c.serving !== null) {
    const base = { type: 'MIS_Prereg_Xfer.response', src: p.spos, dst: 'mn1', mn: 'mn1', nonceN: p.nonceN, mac: c.serving.key.id };
    // V-MN-TARGET-CHECK: the TPoS named is the target asked for, never the PoS the MN is attached to.
    const tpos = p.target ?? (c.attachedTo === 'B' ? 'A' : 'B');
    const k = kFromSpos(c.serving.key, 'mn1', p.spos, tpos, p.nonceN, false);
    if (c.serving.depth < L + 1) out.push({ type: base.type, pdu: { ...base, status: 'SUCCESS', reason: 'NONE', tpos, nonceT: '#6', suite: 1, k }, fresh: '#7' });
    out.push({ type: base.type, pdu: { ...base, status: 'FULL_AUTH_REQUIRED', reason: 'NO_TRUST', tpos, nonceT: null, suite: null, k: null }, fresh: '#7' });
    out.push({ type: base.type, pdu: { ...base, status: 'NO_TARGET', reason: 'NONE', tpos: null, nonceT: null, suite: null, k: null }, fresh: '#7' });
  }
  return out;
}

function sposEvents(s: Snapshot<unknown>): MachineEvent[] {
  const c = ctxOf<SposContext>(s);
  const out: MachineEvent[] = [];
  for (const method of ['EAP', 'TLS']) {
    out.push({ type: 'MIS_Auth.request', pdu: { type: 'MIS_Auth.request', src: 'mn1', dst: 'A', mn: 'mn1', purpose: 'attach', method, nonceN: '#1', prior: null }, fresh: '#2' });
  }
  out.push({ type: 'homeAuthenticated', rootKey: msk }, { type: 'homeRefused' }, { type: 'saSuperseded' });
  for (const [root, depth] of [['EAP', 0], ['TLS', 0], ['GKB', 0], ['EAP', L]] as const) out.push({ type: 'takeOver', sa: sa(root, depth) });
  if (c.sa !== null) {
    for (const target of ['B', 'C', null]) {
      for (const fallback of [false, true]) {
        out.push({
          type: 'MIS_Prereg_Xfer.request',
          pdu: { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'A', mn: 'mn1', target, nonceN: '#5', suites: [1], fallback, depth: c.sa.depth, chain: c.sa.chain, method: c.sa.root === 'TLS' ? 'TLS' : 'EAP', mac: c.sa.key.id },
          fresh: '#8',
        });
      }
    }
    out.push({ type: 'MIS_N2N_HO_Complete.indication', pdu: { type: 'MIS_N2N_HO_Complete.indication', src: 'B', dst: 'A', mn: 'mn1' }, fresh: '#8' });
  }
  if (c.relay !== null) {
    const base = { type: 'MIS_N2N_Prereg_Xfer.response', src: c.relay.tpos, dst: 'A', mn: 'mn1', nonceN: c.relay.nonceN };
    out.push({ type: base.type, pdu: { ...base, status: 'SUCCESS', reason: 'NONE', nonceT: '#6', suite: 1 }, fresh: '#8' });
    out.push({ type: base.type, pdu: { ...base, status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE', nonceT: null, suite: null }, fresh: '#8' });
    out.push({ type: base.type, pdu: { ...base, status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED', nonceT: null, suite: null }, fresh: '#8' });
  }
  return out;
}

function tposEvents(s: Snapshot<unknown>): MachineEvent[] {
  const c = ctxOf<TposContext>(s);
  const out: MachineEvent[] = [];
  const k = kFromSpos(sa('EAP', 0).key, 'mn1', 'A', 'B', '#5', false);
  for (const src of ['A', 'C']) for (const replayed of [false, true]) for (const requestsFallback of [false, true]) {
    for (const chain of [1, L + 1]) for (const suites of [[1], [9]]) {
      out.push({
        type: 'MIS_N2N_Prereg_Xfer.request',
        pdu: { type: 'MIS_N2N_Prereg_Xfer.request', src, dst: 'B', mn: 'mn1', nonceN: '#5', suites, depth: chain, chain, root: 'EAP', k },
        fresh: '#6', replayed, requestsFallback,
      });
    }
  }
  // V-FALLBACK-SEEN: a request that carries the MN's fallback flag.
  out.push({
    type: 'MIS_N2N_Prereg_Xfer.request',
    pdu: { type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B', mn: 'mn1', nonceN: '#5', suites: [1], depth: 1, chain: 1, root: 'EAP', k, mnFallback: true },
    fresh: '#6', replayed: false, requestsFallback: false,
  });
  // V-TPOS-SERVING-REFUSES: a request reaching a PoS that serves the MN.
  out.push({
    type: 'MIS_N2N_Prereg_Xfer.request',
    pdu: { type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B', mn: 'mn1', nonceN: '#5', suites: [1], depth: 1, chain: 1, root: 'EAP', k },
    fresh: '#6', replayed: false, requestsFallback: false, serves: true,
  });
  out.push({ type: 'homeKey', k }, { type: 'homeKeyRefused' }, { type: 'homeAuthenticated', rootKey: msk }, { type: 'homeRefused' });
  for (const method of ['EAP', 'TLS']) {
    out.push({ type: 'MIS_Auth.request', pdu: { type: 'MIS_Auth.request', src: 'mn1', dst: 'B', mn: 'mn1', purpose: 'handover', method, nonceN: '#7', prior: null }, fresh: '#8' });
  }
  if (c.sa !== null) {
    out.push({ type: 'MIS_HO_Complete.request', pdu: { type: 'MIS_HO_Complete.request', src: 'mn1', dst: 'B', mn: 'mn1', previous: 'A', mac: c.sa.key.id }, fresh: '#9' });
  }
  return out;
}

function hposEvents(): MachineEvent[] {
  const caller = { role: 'spos', pos: 'A' };
  return [
    ...['EAP', 'ERP', 'TLS'].map((method) => ({ type: 'authenticate', request: { op: 'authenticate', caller, method, nonceN: '#1', nonceP: '#2' } })),
    { type: 'issueK', request: { op: 'issueK', caller, tpos: 'B', nonceN: '#5', depth: 1, root: 'EAP' } },
  ];
}

function v(p: Partial<Variant> = {}): Variant {
  return resolveVariant(p);
}

const mn1: ModelMnConfig = mnConfig('mn1');
//= SPEC_MAPPING.md#A-ERP-SEQ
//= type=test
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/** A-ERP-SEQ: one SEQ left, so the second ERP run is refused. */
const erpNearEnd: ModelMnConfig = mnConfig('mn1', { method: 'ERP', erpSeqStart: 65535 });
const roleParams = (variant: Variant, pos: ModelDomainConfig, mn = mn1) => ({ chainLimit: L, variant, mn, pos, domainById });

/** The instances whose union must reach every state and transition of each machine. */
export function machinesUnderTest(): MachineUnderTest[] {
  return [
    { kind: 'mn', label: 'default', logic: createMnMachine({ chainLimit: L, variant: v(), mn: mn1 }), events: mnEvents },
    { kind: 'mn', label: 'V-ENFORCE-MN', logic: createMnMachine({ chainLimit: L, variant: v({ enforce: 'V-ENFORCE-MN' }), mn: mn1 }), events: mnEvents },
    { kind: 'mn', label: 'V-FALLBACK-HONOURED', logic: createMnMachine({ chainLimit: L, variant: v({ mnFallback: 'V-FALLBACK-HONOURED' }), mn: mn1 }), events: mnEvents },
    { kind: 'spos', label: 'default', logic: createSposMachine(roleParams(v(), A)), events: sposEvents },
    { kind: 'spos', label: 'MN with no RAT around', logic: createSposMachine(roleParams(v(), A, mnConfig('mn1', { rats: ['none'] }))), events: sposEvents },
    //= SPEC_MAPPING.md#V-NOTE1-LITERAL
    //= type=test
    //# Read literally: whenever a full establishment is possible — always, for an
    { kind: 'spos', label: 'V-NOTE1-LITERAL', logic: createSposMachine(roleParams(v({ note1: 'V-NOTE1-LITERAL' }), A)), events: sposEvents },
    { kind: 'tpos', label: 'default', logic: createTposMachine(roleParams(v(), B)), events: tposEvents },
    { kind: 'tpos', label: 'V-K-HPOS', logic: createTposMachine(roleParams(v({ kSource: 'V-K-HPOS' }), B)), events: tposEvents },
    { kind: 'tpos', label: 'V-FALLBACK-SEEN', logic: createTposMachine(roleParams(v({ tposSeesFallback: 'V-FALLBACK-SEEN' }), B)), events: tposEvents },
    //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
    //= type=test
    //# A PoS that serves the MN refuses to be its TPoS
    { kind: 'tpos', label: 'V-TPOS-SERVING-REFUSES', logic: createTposMachine(roleParams(v({ tposServing: 'V-TPOS-SERVING-REFUSES' }), B)), events: tposEvents },
    { kind: 'spos', label: 'V-TPOS-SERVING-REFUSES', logic: createSposMachine(roleParams(v({ tposServing: 'V-TPOS-SERVING-REFUSES' }), A)), events: sposEvents },
    { kind: 'mn', label: 'ERP near the SEQ end', logic: createMnMachine({ chainLimit: L, variant: v(), mn: erpNearEnd }), events: mnEvents },
    { kind: 'hpos', label: 'default', logic: createHposMachine({ variant: v(), mn: mn1 }), events: hposEvents },
    { kind: 'hpos', label: 'ERP near the SEQ end', logic: createHposMachine({ variant: v(), mn: erpNearEnd }), events: hposEvents },
    { kind: 'hpos', label: 'ERP SEQ used up', logic: createHposMachine({ variant: v(), mn: mnConfig('mn1', { method: 'ERP', erpSeqStart: 65536 }) }), events: hposEvents },
  ];
}
