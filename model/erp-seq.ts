// The ERP SEQ count of docs/protocol.md §5.4, kept by an ERP MN and by its HPoS alike. Only as
// much of it as a run can tell apart: a world that provisions no start (SEQ 0) would need 65536
// ERP runs of one MN to reach the end, so there the count is null and adds no state to explore.
import type { Method, ModelMnConfig } from './types.ts';

/** RFC 6696: SEQ is 16 bits and never wraps, so 65536 runs per rRK. */
export const ERP_SEQ_SPACE = 0x10000;

/** SEQs an ERP run may still consume; null: more than any run can use. */
export type ErpSeqsLeft = number | null;

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/** A-ERP-SEQ: what the world provisioned for this MN and its HPoS (the same start for both). */
export function erpSeqsLeftAtStart(mn: ModelMnConfig): ErpSeqsLeft {
  const start = mn.erpSeqStart ?? 0;
  return mn.method !== 'ERP' || start === 0 ? null : ERP_SEQ_SPACE - start;
}

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/** A-ERP-SEQ: no SEQ left, so no ERP run (next SEQ > 65535). */
export function erpSeqExhausted(left: ErpSeqsLeft): boolean {
  return left === 0;
}

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/** A-ERP-SEQ: a granted ERP run consumes one SEQ. */
export function afterErpRun(left: ErpSeqsLeft): ErpSeqsLeft {
  return left === null ? null : Math.max(0, left - 1);
}

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/** A-ERP-SEQ: an ERP MN with no SEQ left runs EAP for every full establishment. */
export function methodWithSeqsLeft(configured: Method, left: ErpSeqsLeft): Method {
  return configured === 'ERP' && erpSeqExhausted(left) ? 'EAP' : configured;
}
