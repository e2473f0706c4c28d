// From what a check observed to TTCN-3 verdicts per test purpose and per requirement.
//   error  the SUT broke the session (every applicable purpose)
//   fail   a counterexample cites one of the purpose's requirements
//   pass   applicable, its decisive case exercised at an SUT entity, no counterexample; for a
//          key requirement also wire evidence (the tester could check the SUT's keys)
//   inconc applicable and reachable, but the decisive case was not reached (says what was missing)
//   none   not applicable to the PICS, or unreachable for its roles and options (says why)
// Without a PICS (an SUT that never completed the handshake) nothing is known to be applicable:
// every purpose is `error`. Replay shows a counterexample by the same verdicts (replayLines).
import { REFERENCE_PICS } from '../pics/pics.ts';
import { applicability, wireTotals, type RecordedStep, type SutPlacement } from '../pics/test-purposes.ts';
import type { WireTesterStats } from '../tester/wire-tester.ts';
import type { Pics } from '../pics/pics.ts';
import { worst, type Counterexample, type PurposeResult, type RequirementResult, type Verdict } from '../report/types.ts';

/** Purpose that takes a counterexample citing a requirement no purpose lists. */
export const LOCKSTEP_PURPOSE = {
  id: 'TP-LOCKSTEP',
  title: 'Every observation of the SUT equals the model\'s (PDUs, statuses, reasons, SAs, key equalities)',
};

/** Why nothing is known of an SUT's roles and options. */
export const NOT_KNOWN = 'not known: the SUT did not complete the handshake';

export interface VerdictInput {
  /** Undefined when the SUT never said what it implements (and no --pics said it either). */
  readonly pics: Pics | undefined;
  readonly placement: SutPlacement;
  readonly steps: readonly RecordedStep[];
  readonly counterexamples: readonly Counterexample[];
  readonly error: string | undefined;
}

/** The steps grouped by who the SUT played in their run (the input's placement where a step names none). */
function byPlacement(steps: readonly RecordedStep[], fallback: SutPlacement): [SutPlacement, RecordedStep[]][] {
  const groups = new Map<string, [SutPlacement, RecordedStep[]]>();
  for (const s of steps) {
    const p = s.placement ?? fallback;
    const key = JSON.stringify([p.roles, p.entities]);
    const g = groups.get(key) ?? [p, []];
    g[1].push(s);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/**
 * Requirements on keys the lockstep comparison cannot see (it compares fingerprints as
 * equalities): a pass needs the tester's own wire checks to have verified them on the SUT's
 * side. Each entry says what was missing, or null when the evidence is there.
 */
export const WIRE_EVIDENCE: Readonly<Record<string, (w: WireTesterStats) => string | null>> = {
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  '5.14.2-S6': (w) => (w.wrapsOpened > 0 ? null : 'the tester opened no K wrap on a PDU of an SUT entity'),
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  '5.14.2-S8': (w) => (w.misksDerived > 0 && w.saKeysMatched > 0 ? null : 'the tester derived no MISK over c that an SUT SA matched'),
  //= SPEC_MAPPING.md#A-K-BIND
  //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
  //# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
  'A-K-BIND': (w) => (w.kBound > 0 ? null : 'the tester found no K bound to its TPoS on a PDU of an SUT entity'),
  //= SPEC_MAPPING.md#A-MISK
  //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
  //# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
  'A-MISK': (w) => (w.saKeysMatched > 0 ? null : 'the tester matched no SUT SA key with a MISK it derived'),
};

export function judge(input: VerdictInput): { verdict: Verdict; purposes: PurposeResult[]; requirements: RequirementResult[] } {
  const failing = new Set(input.counterexamples.map((c) => c.requirement));
  const groups = byPlacement(input.steps, input.placement);
  const wire = wireTotals(input.steps);
  // The catalogue's purposes are the same for every PICS; only their applicability differs.
  const purposes: PurposeResult[] = applicability(input.pics ?? REFERENCE_PICS).map(({ purpose, applicable, because }) => {
    const base = { id: purpose.id, title: purpose.title, requirements: purpose.requirements };
    if (input.pics === undefined) return { ...base, verdict: 'error' as Verdict, because: NOT_KNOWN };
    if (!applicable) return { ...base, verdict: 'none' as Verdict, because: because ?? 'not applicable' };
    if (input.error !== undefined) return { ...base, verdict: 'error' as Verdict, because: 'SUT error' };
    if (purpose.requirements.some((r) => failing.has(r))) return { ...base, verdict: 'fail' as Verdict };
    const reached = purpose.acrossRuns === true ? purpose.exercised(input.steps, input.placement) : groups.some(([placement, steps]) => purpose.exercised(steps, placement));
    if (reached) return { ...base, verdict: 'pass' as Verdict };
    return { ...base, verdict: 'inconc' as Verdict, because: `not reached: ${purpose.decisive}` };
  });
  const known = new Set(purposes.flatMap((p) => p.requirements));
  const orphan = [...failing].filter((r) => !known.has(r));
  const lockstep: PurposeResult = {
    ...LOCKSTEP_PURPOSE,
    requirements: orphan,
    verdict: input.error !== undefined ? 'error' : orphan.length > 0 ? 'fail' : input.steps.length > 0 ? 'pass' : 'inconc',
  };
  purposes.push(lockstep);

  const byReq = new Map<string, { verdicts: Verdict[]; purposes: string[] }>();
  for (const p of purposes) {
    for (const r of p.requirements) {
      const entry = byReq.get(r) ?? { verdicts: [], purposes: [] };
      entry.verdicts.push(p.verdict);
      entry.purposes.push(p.id);
      byReq.set(r, entry);
    }
  }
  const requirements: RequirementResult[] = [...byReq.entries()]
    .map(([id, e]): RequirementResult => {
      let v: Verdict;
      if (failing.has(id)) v = 'fail';
      else if (e.verdicts.includes('error')) v = 'error';
      else if (e.verdicts.includes('pass')) v = 'pass';
      else if (e.verdicts.includes('inconc')) v = 'inconc';
      else v = 'none';
      const evidence = WIRE_EVIDENCE[id];
      if (v === 'pass' && evidence !== undefined) {
        const missing = wire === undefined ? 'the SUT adapter gives the tester no wire to check' : evidence(wire);
        if (missing !== null) return { id, verdict: 'inconc', purposes: e.purposes, because: `no wire evidence: ${missing}` };
      }
      return { id, verdict: v, purposes: e.purposes };
    })
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

  let verdict: Verdict = 'none';
  for (const p of purposes) verdict = worst(verdict, p.verdict === 'inconc' ? 'pass' : p.verdict);
  if (input.error !== undefined) verdict = 'error';
  return { verdict, purposes, requirements };
}

/** One violation of a replayed counterexample, as the engine reports it. */
export interface ReplayedViolation {
  readonly requirement: string;
  readonly property: string;
  readonly message: string;
}

/**
 * The lines replay prints for a counterexample's violations, by the verdicts `judge` gives the
 * replayed run, so replay and the check's report say the same: FAIL only for a requirement the
 * report shows as fail; any other violation seen in the step is shown with its verdict and why.
 */
export function replayLines(step: number, judged: Pick<ReturnType<typeof judge>, 'purposes' | 'requirements'>, violations: readonly ReplayedViolation[]): string[] {
  return violations.map((v) => {
    const q = judged.requirements.find((r) => r.id === v.requirement);
    if (q?.verdict === 'fail') return `FAIL at step ${step}: ${v.requirement} (${v.property}) ${v.message}`;
    const why = q === undefined ? 'no test purpose judges it' : (q.because ?? judged.purposes.find((p) => q.purposes.includes(p.id) && p.because !== undefined)?.because);
    return `also seen at step ${step}, not a FAIL: ${v.requirement} is ${q?.verdict ?? 'none'}${why === undefined ? '' : ` (${why})`}: (${v.property}) ${v.message}`;
  });
}
