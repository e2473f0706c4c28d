import type { PduObservation } from '../vocabulary/observation.ts';
import { violation, type Property } from './types.ts';

/** The nonce a PDU type freshly generates (the others echo nonces already on the wire). */
function generated(p: PduObservation): { name: 'Nonce-N' | 'Nonce-T'; value: string } | null {
  if (p.type === 'MIS_Prereg_Xfer.request' && p.nonceN !== undefined) return { name: 'Nonce-N', value: p.nonceN };
  if (p.type === 'MIS_N2N_Prereg_Xfer.response' && p.status === 'SUCCESS' && p.nonceT !== undefined) return { name: 'Nonce-T', value: p.nonceT };
  return null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S7
//# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
//# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
//= SPEC_MAPPING.md#A-NONCE
//# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every response
//# echoes nonceN and a wrong echo is discarded.
/**
 * 5.14.2-S7 "they need to exchange Nonce-N and Nonce-T" with A-NONCE (fresh 32-byte nonces):
 * the MN draws a fresh Nonce-N for every preregistration and the TPoS a fresh Nonce-T for every
 * SA it grants; a nonce that was ever on the wire before is not fresh. Nonces are compared only
 * as equalities (hex in an SUT, symbolic tokens in the model).
 */
export const nonceFresh: Property = {
  id: 'nonce-fresh',
  title: 'Nonce-N and Nonce-T are fresh',
  requirements: ['5.14.2-S7', 'A-NONCE'],
  check(ctx) {
    const thisStep = new Set<string>();
    for (const p of ctx.step.emitted) {
      const g = generated(p);
      if (g === null) continue;
      if (ctx.facts.nonces.has(g.value) || thisStep.has(g.value)) {
        return violation(this, `${p.src} sent ${p.type} (MN ${p.mn}) with a ${g.name} already used earlier in the run (${g.value.slice(0, 16)})`);
      }
      thisStep.add(g.value);
    }
    return null;
  },
  exercised(ctx) {
    return ctx.step.emitted.some((p) => generated(p) !== null) ? ['5.14.2-S7'] : [];
  },
};
