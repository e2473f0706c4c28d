// From what a check observed to TTCN-3 verdicts per test purpose and per requirement.
//   error  the SUT broke the session (every applicable purpose)
//   fail   a counterexample cites one of the purpose's requirements
//   pass   applicable, exercised at an SUT entity, no counterexample
//   inconc applicable, never exercised by these runs
//   none   not applicable to the PICS
import { applicability, type RecordedStep, type SutPlacement } from '../pics/test-purposes.ts';
import type { Pics } from '../pics/pics.ts';
import { worst, type Counterexample, type PurposeResult, type RequirementResult, type Verdict } from '../report/types.ts';

/** Purpose that takes a counterexample citing a requirement no purpose lists. */
export const LOCKSTEP_PURPOSE = {
  id: 'TP-LOCKSTEP',
  title: 'Every observation of the SUT equals the model\'s (PDUs, statuses, reasons, SAs, key equalities)',
};

export interface VerdictInput {
  readonly pics: Pics;
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

export function judge(input: VerdictInput): { verdict: Verdict; purposes: PurposeResult[]; requirements: RequirementResult[] } {
  const failing = new Set(input.counterexamples.map((c) => c.requirement));
  const purposes: PurposeResult[] = applicability(input.pics).map(({ purpose, applicable, because }) => {
    const base = { id: purpose.id, title: purpose.title, requirements: purpose.requirements };
    if (!applicable) return { ...base, verdict: 'none' as Verdict, because: because ?? 'not applicable' };
    if (input.error !== undefined) return { ...base, verdict: 'error' as Verdict, because: 'SUT error' };
    if (purpose.requirements.some((r) => failing.has(r))) return { ...base, verdict: 'fail' as Verdict };
    if (byPlacement(input.steps, input.placement).some(([placement, steps]) => purpose.exercised(steps, placement))) return { ...base, verdict: 'pass' as Verdict };
    return { ...base, verdict: 'inconc' as Verdict, because: 'applicable but never exercised at an SUT entity in these runs' };
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
    .map(([id, e]) => {
      let v: Verdict;
      if (failing.has(id)) v = 'fail';
      else if (e.verdicts.includes('error')) v = 'error';
      else if (e.verdicts.includes('pass')) v = 'pass';
      else if (e.verdicts.includes('inconc')) v = 'inconc';
      else v = 'none';
      return { id, verdict: v, purposes: e.purposes };
    })
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

  let verdict: Verdict = 'none';
  for (const p of purposes) verdict = worst(verdict, p.verdict === 'inconc' ? 'pass' : p.verdict);
  if (input.error !== undefined) verdict = 'error';
  return { verdict, purposes, requirements };
}
