// What a check exercised, with counts: the stimuli by kind, the lower tester's tampers and lies,
// the statuses and reasons SUT entities answered with, the features reached at SUT entities,
// the placements, and what the tester's wire checks verified on the SUT's side. A verdict table
// says pass; this says on how much.
import type { DiscardSummary, Observation, PduObservation } from '../../vocabulary/observation.ts';
import { answerOf, delivered, intact, viewRuns } from '../pics/run-history.ts';
import { missedCells, tamperCells } from '../pics/receiver-checks.ts';
import { wireTotals, type RecordedStep } from '../pics/test-purposes.ts';
import type { WireTesterStats } from '../tester/wire-tester.ts';

export interface Exercised {
  readonly stimuli: Readonly<Record<string, number>>;
  readonly tampers: Readonly<Record<string, number>>;
  /** The tampers by the decoding rule or receiver check they broke (`decoding:version`, `bad-field:target`, …). */
  readonly tamperRules: Readonly<Record<string, number>>;
  /** Tampered PDUs delivered to SUT entities, by the rule they broke (or the way) and PDU type (`misaddressed:src on MIS_HO_Complete.request`, `mac on MIS_N2N_Prereg_Xfer.request`). */
  readonly tampersAtSut: Readonly<Record<string, number>>;
  /** The §5.2 checks never met on a PDU type an SUT entity took (the check's reach, not a verdict). */
  readonly receiverChecksMissed: readonly string[];
  readonly lies: Readonly<Record<string, number>>;
  readonly corruptions: Readonly<Record<string, number>>;
  /** On PDUs SUT entities emitted. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly reasons: Readonly<Record<string, number>>;
  readonly features: {
    readonly eapAttachments: number;
    readonly erpAttachments: number;
    readonly tlsAttachments: number;
    readonly optimizedHops: number;
    readonly fullFallbacks: number;
    readonly noTarget: number;
    readonly noCommonSuite: number;
  };
  /** PDUs SUT entities discarded, by the cause they gave (docs/protocol.md §5.2), where they report it. */
  readonly discards: Readonly<Record<string, number>>;
  /** Runs per placement (the roles the SUT played). */
  readonly placements: Readonly<Record<string, number>>;
  readonly wire?: WireTesterStats;
}

function bump(m: Record<string, number>, k: string): void {
  m[k] = (m[k] ?? 0) + 1;
}

export function exercised(steps: readonly RecordedStep[]): Exercised {
  const stimuli: Record<string, number> = {};
  const tampers: Record<string, number> = {};
  const tamperRules: Record<string, number> = {};
  const lies: Record<string, number> = {};
  const corruptions: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  const placements: Record<string, number> = {};
  const discards: Record<string, number> = {};
  const attachments: Record<string, number> = {};
  const hops = new Set<string>();
  const fallbacks = new Set<string>();
  let noTarget = 0;
  let noCommonSuite = 0;
  for (const v of viewRuns(steps)) {
    const s = v.step.stimulus;
    const sut = v.step.placement?.entities ?? [];
    const at = (id: string): boolean => sut.includes(id);
    bump(stimuli, s.kind);
    // a probe spoils a copy by the same ways (docs/protocol.md §3)
    if (s.kind === 'tamper' || s.kind === 'probe') bump(tampers, s.how);
    const rule = s.kind === 'tamper' ? v.step.observation.inFlight[s.index]?.spoiltRule : undefined;
    if (rule !== undefined) bump(tamperRules, rule);
    if (s.kind === 'lie') bump(lies, s.what);
    if (s.kind === 'corrupt') bump(corruptions, s.how);
    if (v.before === null) bump(placements, (v.step.placement?.roles ?? []).join('+') || 'none');
    for (const cause of newDiscards(v.before, v.step.observation, at)) bump(discards, cause);
    const d = delivered(v);
    const answer = answerOf(v);
    if (d !== undefined && intact(d) && d.pdu.type === 'MIS_Auth.request' && answer?.status === 'SUCCESS' && (at(d.pdu.src) || at(d.pdu.dst))) bump(attachments, d.pdu.method ?? '?');
    for (const p of v.emitted) {
      if (at(p.src)) {
        if (p.status !== undefined) bump(statuses, p.status);
        if (p.reason !== undefined && p.reason !== 'NONE') bump(reasons, p.reason);
        if (p.status === 'NO_TARGET') noTarget++;
        if (p.reason === 'NO_COMMON_SUITE') noCommonSuite++;
      }
      const hop = (x: PduObservation): string => JSON.stringify([v.step.run, x.mn, x.nonceN]);
      const answersPrereg = p.type === 'MIS_Prereg_Xfer.response' || p.type === 'MIS_N2N_Prereg_Xfer.response';
      const touches = at(p.src) || at(p.dst) || at(p.mn);
      if (answersPrereg && touches && p.status === 'SUCCESS') hops.add(hop(p));
      if (p.type === 'MIS_Prereg_Xfer.response' && touches && p.status === 'FULL_AUTH_REQUIRED') fallbacks.add(hop(p));
    }
  }
  const wire = wireTotals(steps);
  return {
    stimuli,
    tampers,
    tamperRules,
    tampersAtSut: Object.fromEntries(tamperCells(steps)),
    receiverChecksMissed: missedCells(steps),
    lies,
    corruptions,
    statuses,
    reasons,
    features: {
      eapAttachments: attachments['EAP'] ?? 0,
      erpAttachments: attachments['ERP'] ?? 0,
      tlsAttachments: attachments['TLS'] ?? 0,
      optimizedHops: hops.size,
      fullFallbacks: fallbacks.size,
      noTarget,
      noCommonSuite,
    },
    discards,
    placements,
    ...(wire === undefined ? {} : { wire }),
  };
}

/** The causes of the discards a step added at the entities `at` accepts (a step delivers one PDU). */
function newDiscards(before: Observation | null, after: Observation, at: (id: string) => boolean): string[] {
  const out: string[] = [];
  const added = (id: string, was: DiscardSummary | undefined, now: DiscardSummary | undefined): void => {
    if (now !== undefined && at(id) && now.count > (was?.count ?? 0)) out.push(now.last ?? '?');
  };
  for (const m of after.mns) added(m.id, before?.mns.find((x) => x.id === m.id)?.discards, m.discards);
  for (const p of after.poss) added(p.id, before?.poss.find((x) => x.id === p.id)?.discards, p.discards);
  return out;
}

/** The rows of the report's "Exercised" table: what, and how often. */
export function exercisedRows(e: Exercised): [string, string][] {
  const list = (m: Readonly<Record<string, number>>): string =>
    Object.entries(m)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '—';
  const rows: [string, string][] = [
    ['stimuli', list(e.stimuli)],
    ['tampers', list(e.tampers)],
    ['tampers by rule or check', list(e.tamperRules)],
    ['tampers met at SUT entities, by rule or way and PDU type', list(e.tampersAtSut)],
    ['§5.2 checks never met on a PDU type an SUT entity took', e.receiverChecksMissed.join(', ') || '—'],
    ['lies', list(e.lies)],
    ['corruptions', list(e.corruptions)],
    ['statuses answered by the SUT', list(e.statuses)],
    ['reasons answered by the SUT', list(e.reasons)],
    ['features at SUT entities', list(e.features as unknown as Record<string, number>)],
    ['discards at SUT entities, by cause', list(e.discards)],
    ['runs per placement', list(e.placements)],
    ['wire checks on the SUT side', e.wire === undefined ? 'none (the SUT adapter gives the tester no wire)' : list(e.wire as unknown as Record<string, number>)],
  ];
  return rows;
}
