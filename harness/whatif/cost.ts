//= SPEC_MAPPING.md#A-EAP-RTT
//# Round trips of one full establishment between the MN and its authenticator,
// Signalling cost per handover, counted from the model's PDUs: an honest MN walks the ring of
// scenarios.ts for a whole number of chain cycles (L optimized hops + 1 forced full one), and
// every PDU the world emits, every MIS_N2N_Prereg_Xfer round trip and every AAA exchange with
// the HPoS is counted. The model carries a full establishment as one MIS_Auth exchange; how
// many round trips the EAP method really takes is an assumption (A-EAP-RTT), not a model output.

import { initialWorld, lifecycleOf, stepWithRecord, type World } from '../../model/world/world.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import type { Variant } from '../../model/variants.ts';
import { ringWorld } from './scenarios.ts';

//= SPEC_MAPPING.md#A-EAP-RTT
//# Round trips of one full establishment between the MN and its authenticator,
/**
 * A-EAP-RTT: round trips of one full establishment between the MN and its authenticator, each
 * relayed to the home AAA server (one backhaul round trip per MN round trip).
 * - EAP: EAP-TLS with a TLS 1.2 full handshake, RFC 5216 §2.1.1: Identity, EAP-TLS Start +
 *   ClientHello, server flight + client Finished, server Finished + ack = 4 (EAP-Success is
 *   one-way). EAP-AKA (RFC 4187 §3: Identity, AKA-Challenge) would be 2.
 * - ERP: RFC 6696 §5.3: EAP-Initiate/Re-auth + EAP-Finish/Re-auth = 1.
 * - TLS: a TLS 1.2 full handshake (RFC 5246 §7.3) = 2.
 */
export const A_EAP_RTT: Readonly<Record<'EAP' | 'ERP' | 'TLS', number>> = { EAP: 4, ERP: 1, TLS: 2 };
export const EAP_AKA_RTT = 2;

export interface CostFigures {
  readonly handovers: number;
  /** Share of handovers that ran a full establishment. */
  readonly fullShare: number;
  /** Model PDUs per handover (MIS_Auth counted once per exchange, completion messages included). */
  readonly pdusPerHandover: number;
  //= SPEC_MAPPING.md#A-EAP-RTT
  //# Round trips of one full establishment between the MN and its authenticator,
  /**
   * Messages per handover once each full establishment is expanded to its method's round trips
   * (A-EAP-RTT) and the backhaul exchanges (N2N, AAA) are counted as two messages each.
   */
  readonly messagesPerHandover: number;
  //= SPEC_MAPPING.md#A-EAP-RTT
  //# Round trips of one full establishment between the MN and its authenticator,
  /** MN ↔ network round trips per handover, with A-EAP-RTT for each full establishment. */
  readonly mnRoundTrips: number;
  //= SPEC_MAPPING.md#A-EAP-RTT
  //# Round trips of one full establishment between the MN and its authenticator,
  /** PoS ↔ PoS (MIS_N2N_Prereg_Xfer) and PoS ↔ home AAA round trips per handover (A-EAP-RTT). */
  readonly backhaulRoundTrips: number;
  /** mnRoundTrips + backhaulRoundTrips: the signalling cost the matrix plots. */
  readonly roundTrips: number;
}

export class CostWalkError extends Error {
  override readonly name = 'CostWalkError';
}

interface Tally {
  pdus: number;
  prereg: number;
  n2n: number;
  auth: number;
  //= SPEC_MAPPING.md#A-EAP-RTT
  //# Round trips of one full establishment between the MN and its authenticator,
  /** MN round trips of the full establishments, A-EAP-RTT per MIS_Auth exchange by its method. */
  authRtt: number;
  homeKey: number;
}

const tally = (): Tally => ({ pdus: 0, prereg: 0, n2n: 0, auth: 0, authRtt: 0, homeKey: 0 });

function run(w: World, e: WorldEvent, t: Tally): World {
  const { world, record } = stepWithRecord(w, e);
  t.pdus += record.emitted.length;
  // The PDUs a step emits are the last ones of the in-flight list (docs/protocol.md §4).
  for (const p of world.inFlight.slice(world.inFlight.length - record.emitted.length)) {
    if (p.type === 'MIS_Prereg_Xfer.request') t.prereg++;
    if (p.type === 'MIS_N2N_Prereg_Xfer.request') t.n2n++;
    if (p.type === 'MIS_Auth.request') {
      t.auth++;
      t.authRtt += A_EAP_RTT[p.method];
    }
  }
  for (const f of record.fired) {
    if (f.machine === 'hpos' && f.transition.includes(':issueK:')) t.homeKey++;
  }
  return world;
}

function drain(w: World, t: Tally): World {
  let guard = 0;
  while (w.inFlight.length > 0) {
    if (++guard > 64) throw new CostWalkError('the network did not drain within 64 deliveries');
    w = run(w, { kind: 'deliver', index: 0 }, t);
  }
  return w;
}

/** Cost of `cycles` chain cycles of the honest ring walk under `variant` and chain limit L. */
export function measureCost(chainLimit: number, variant: Partial<Variant>, method: 'EAP' | 'ERP' | 'TLS', cycles = 3): CostFigures {
  let w = initialWorld(ringWorld(chainLimit, chainLimit + 3, method), variant, { faults: [] });
  const t0 = tally();
  w = drain(run(w, { kind: 'attach', mn: 'mn1', domain: 'P0' }, t0), t0);
  const t = tally();
  const handovers = cycles * (chainLimit + 1);
  let fulls = 0;
  for (let h = 0; h < handovers; h++) {
    const before = t.auth;
    w = drain(run(w, { kind: 'handover', mn: 'mn1', target: null, fallback: false }, t), t);
    if (lifecycleOf(w, 0) !== 'prepared') throw new CostWalkError(`handover ${h + 1} did not prepare an SA`);
    w = drain(run(w, { kind: 'complete', mn: 'mn1' }, t), t);
    if (t.auth > before) fulls++;
  }
  const mn = t.prereg + t.authRtt;
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
  //# If the first attachment is to the MN's home network, the MN
  // an EAP/ERP round trip is relayed to the home AAA server; TLS stays local.
  const homeRtt = method === 'TLS' ? 0 : t.authRtt;
  const backhaul = t.n2n + homeRtt + t.homeKey;
  // Each MIS_Auth exchange (2 model PDUs) stands for 2 messages per method round trip.
  const messages = t.pdus - 2 * t.auth + 2 * t.authRtt + 2 * backhaul;
  return {
    handovers,
    fullShare: fulls / handovers,
    pdusPerHandover: t.pdus / handovers,
    messagesPerHandover: messages / handovers,
    mnRoundTrips: mn / handovers,
    backhaulRoundTrips: backhaul / handovers,
    roundTrips: (mn + backhaul) / handovers,
  };
}
