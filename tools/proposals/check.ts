// The proposals taken together: the rules a set of changes to the clause must keep so that they
// do not contradict each other or IEEE style. Each rule reads the text with every change
// applied (and, where it says so, the proposed texts themselves) and names what breaks it.
import type { Finding } from '../spec-trace/findings.ts';
import { BOOKMARK } from './seed.ts';

export type RuleId = 'shall-in-note' | 'one-term' | 'default-in-normative' | 'one-k-deriver' | 'mis-sa-mandatory' | 'id-type-code-points';

export interface Conflict {
  readonly rule: RuleId;
  readonly message: string;
}

export interface CheckInput {
  /** The clause with every change applied. */
  readonly text: string;
  readonly findings: readonly Finding[];
  /** ID_TYPE code points the model knows (vocabulary/observation.ts#IdType). */
  readonly idTypes: ReadonlySet<number>;
}

const REQUIREMENT_VERB = /\b(?:shall|must|should|is required to|are required to)\b/i;

/** The sentences of a text, bookmarks removed (a sentence ends at . ; or a line end). */
export function sentences(text: string): string[] {
  return text
    .replace(BOOKMARK, '')
    .split(/\n+|(?<=[.;])\s+(?=[A-Z(“"])/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '');
}

const normative = (s: string): boolean => REQUIREMENT_VERB.test(s);

/** IEEE style: a Note is informative, so no requirement verb inside one (the note line and its numbered items). */
function shallInNote(text: string): Conflict[] {
  const out: Conflict[] = [];
  let inNote = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(BOOKMARK, '').trim();
    if (/^(?:NOTE|Note)\b\s*\d*\s*(?::|—|-)/.test(line)) inNote = true;
    else if (!/^\d+\.\s/.test(line) && !/^[a-z]\)\s/.test(line)) inNote = false;
    if (inNote) for (const s of sentences(line)) if (normative(s)) out.push({ rule: 'shall-in-note', message: `a Note is informative but says "${REQUIREMENT_VERB.exec(s)?.[0] ?? ''}": "${s.slice(0, 120)}"` });
  }
  return out;
}

/** One term for the security association: the text uses MIS SA or MIH SA, not both, and no proposed text uses a term a throughout change retires. */
function oneTerm(text: string, findings: readonly Finding[]): Conflict[] {
  const out: Conflict[] = [];
  if (/\bMIS SA\b/.test(text) && /\bMIH SA\b/.test(text)) out.push({ rule: 'one-term', message: 'the text says both "MIS SA" and "MIH SA"' });
  const retired = findings.flatMap((f) => f.changes.flatMap((c) => (c.op === 'throughout' ? [{ finding: f.id, term: c.from }] : [])));
  for (const f of findings) {
    for (const c of f.changes) {
      if (c.op === 'throughout' || c.op === 'delete') continue;
      for (const r of retired) if (c.text.includes(r.term)) out.push({ rule: 'one-term', message: `${f.id}'s proposed text says "${r.term}", which ${r.finding} retires` });
    }
  }
  return out;
}

/** A default value is a deployment choice: no normative sentence names one. */
function defaultInNormative(text: string): Conflict[] {
  const DEFAULT = /\(default\b[^)]*\)|\bdefault(?:s|ed)?\b[^.;]{0,20}?\d+/i;
  return sentences(text)
    .filter((s) => DEFAULT.test(s) && (normative(s) || /\(default\s+\d/.test(s)))
    .map((s) => ({ rule: 'default-in-normative' as const, message: `normative text names a default value, "${DEFAULT.exec(s)?.[0] ?? ''}": "${s.slice(0, 100)}…"` }));
}

const ENTITY = String.raw`(?:the )?(MN|SPoS|TPoS|HPoS)`;
const DERIVES_K = new RegExp(String.raw`(?:\blet )?${ENTITY}\s+(?:shall\s+|can\s+|could\s+|may\s+)?derives?\s+(?:K|it)\b`, 'g');
const K_TO_MN = /\b(?:send|sends|deliver|delivers|distributed|provide|provides|ship|shipping)\b[^.;]*\bK\b[^.;]*\bto (?:the )?MN\b|\bK\b[^.;]*\b(?:distributed|sent|delivered) by (?:the )?SPoS to (?:the )?MN\b|\bK to (?:the )?MN\b|\bto (?:the )?MN along with K\b/;

/** One entity derives K: the text (and the proposed texts) name one deriver, and if K is sent to the MN, the MN is not it. */
function oneKDeriver(text: string, findings: readonly Finding[]): Conflict[] {
  const corpus = [text, ...findings.flatMap((f) => f.changes.flatMap((c) => (c.op === 'throughout' || c.op === 'delete' ? [] : [c.text])))].join('\n');
  const derivers = new Set([...corpus.matchAll(DERIVES_K)].map((m) => m[1] ?? ''));
  const out: Conflict[] = [];
  if (derivers.size > 1) out.push({ rule: 'one-k-deriver', message: `K is derived by more than one entity: ${[...derivers].sort().join(', ')}` });
  const sentToMn = sentences(corpus).find((s) => K_TO_MN.test(s));
  if (derivers.has('MN') && sentToMn !== undefined) out.push({ rule: 'one-k-deriver', message: `the MN derives K, yet K is sent to it: "${sentToMn.slice(0, 120)}"` });
  return out;
}

const POS_POS_MIS_SA = /\bshare an MIS SA\b|\bunder the MIS SA\b|\bPoS[–-]PoS MIS SA\b|\bMIS SA (?:between|with) (?:the )?(?:SPoS and (?:the )?TPoS|TPoS and (?:the )?SPoS|PoSs|partners)\b/;

/** 5.14.1-S11 lets the PoSs protect their traffic by other means: no requirement asks for an MIS SA between them. */
function misSaMandatory(text: string): Conflict[] {
  return sentences(text)
    .filter((s) => normative(s) && POS_POS_MIS_SA.test(s))
    .map((s) => ({ rule: 'mis-sa-mandatory' as const, message: `a requirement asks for an MIS SA between the PoSs ("${POS_POS_MIS_SA.exec(s)?.[0] ?? ''}"), which 5.14.1-S11 leaves open: "${s.slice(0, 100)}…"` }));
}

/** Every ID_TYPE code point the text names is one the table defines with that name, and one the model knows. */
function idTypeCodePoints(text: string, idTypes: ReadonlySet<number>): Conflict[] {
  const out: Conflict[] = [];
  const table = new Map<number, string>();
  for (const m of text.matchAll(/\b(\d+): ([A-Za-z]+)-generated\b/g)) table.set(Number(m[1]), m[2] ?? '');
  for (const [n, name] of table) if (!idTypes.has(n)) out.push({ rule: 'id-type-code-points', message: `ID_TYPE ${n} (${name}-generated) is no code point the model knows (${[...idTypes].join(', ')})` });
  for (const m of text.matchAll(/\b([A-Za-z]+)-generated \((\d+)\)/g)) {
    const n = Number(m[2]);
    if (table.get(n) !== m[1]) out.push({ rule: 'id-type-code-points', message: `the text calls ${m[1]}-generated ${n}, the table ${table.has(n) ? `${table.get(n) ?? ''}-generated` : 'has no such code point'}` });
  }
  return out;
}

/** Every conflict among the proposals, in rule order. */
export function checkProposals(input: CheckInput): Conflict[] {
  return [
    ...shallInNote(input.text),
    ...oneTerm(input.text, input.findings),
    ...defaultInNormative(input.text),
    ...oneKDeriver(input.text, input.findings),
    ...misSaMandatory(input.text),
    ...idTypeCodePoints(input.text, input.idTypes),
  ];
}
