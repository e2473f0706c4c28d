//= spec/clause-5.14-proposed-text.txt#5.14.1-S23
//# In Clause 9 of Draft IEEE IEEE Std 802.21-XXXX, an MIH SA can be established through (D) TLS or
//# EAP.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S24
//# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS so
//# that TPoS can provide security service
// A full SA establishment (5.14.1-S23/S24) as both of its ends compute it: the root key of the
// run (EAP/ERP with the HPoS, TLS with the PoS itself), then the MISK and the SA record.

import { fullMisk, rootKey } from '../keys.ts';
import type { AuthRequest, LineageClaim } from '../pdus.ts';
import { idTypeOfFull, lineageAfterFull } from '../rules.ts';
import type { DomainId, KeyTerm, Method, MnId, SaRecord, SaState, Token } from '../types.ts';
import type { Variant } from '../variants.ts';

/** One run of a full establishment between an MN and a PoS. */
export interface AuthRun {
  readonly method: Method;
  readonly nonceN: Token;
  readonly nonceP: Token;
  readonly prior: LineageClaim | null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S23
//# In Clause 9 of Draft IEEE IEEE Std 802.21-XXXX, an MIH SA can be established through (D) TLS or
//# EAP.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S24
//# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS so
//# that TPoS can provide security service
/** 5.14.1-S23/S24: one MIH SA establishment run starts; the PoS draws Nonce-P. */
export function startAuthRun(request: AuthRequest, nonceP: Token): AuthRun {
  return { method: request.method, nonceN: request.nonceN, nonceP, prior: request.prior };
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S16
//# If the first attachment is to the MN's home network, the MN
/** 5.14.1-S16: the PoS asks the MN's home for the EAP/ERP keys of a run (AAA, off the wire). */
export function askHomeToAuthenticate(run: AuthRun, role: 'spos' | 'tpos', pos: DomainId) {
  return {
    type: 'askHome' as const,
    request: { op: 'authenticate' as const, caller: { role, pos }, method: run.method, nonceN: run.nonceN, nonceP: run.nonceP },
  };
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S16
//# If the first attachment is to the MN's home network, the MN
/**
 * 5.14.1-S16: EAP and ERP keys come from the MN's home (its credential is shared with the HPoS
 * only); a TLS secret is made by the MN and the PoS running TLS.
 */
export function rootKeyOfRun(run: AuthRun, mn: MnId, home: DomainId, pos: DomainId): KeyTerm {
  return rootKey(run.method, mn, run.method === 'TLS' ? pos : home, run.nonceN, run.nonceP);
}

/** The SA a full establishment leaves at one end (`peer` is the other end). */
export function fullEstablishmentSa(
  v: Variant, run: AuthRun, root: KeyTerm, mn: MnId, pos: DomainId, peer: string, state: SaState,
): SaRecord {
  const lineage = lineageAfterFull(v, run.method, run.prior);
  return {
    peer, idType: idTypeOfFull(run.method), root: lineage.root, depth: lineage.depth, chain: lineage.chain, state, suite: null,
    key: fullMisk(root, lineage.root, lineage.depth, run.nonceN, run.nonceP, mn, pos),
  };
}
