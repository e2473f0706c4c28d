// The story of Clause 5.14, played by the reference implementation with real bytes on the wire
// and printed readably. Run: npx tsx impl/story.ts [seed]
// Keys never appear, only their fingerprints (docs/protocol.md §6).
import { ImplSystem, type ImplWorldConfig } from './index.ts';
import { decode } from './wire/codec.ts';
import type { Pdu } from './wire/messages.ts';
import type { SaView } from './entities/sa.ts';

/**
 * Partners A, B, C, D, E (a roaming agreement between every two of them); F trusted by A but
 * not trusting A back (a one-sided, misconfigured agreement); X with no agreement at all.
 */
export const STORY_WORLD: ImplWorldConfig = {
  chainLimit: 3,
  domains: [
    { id: 'A', rats: ['wlan', 'lte'], neighbours: ['B', 'F'], partners: ['B', 'C', 'D', 'E', 'F'], suites: [1, 2], requestsFallback: false },
    { id: 'B', rats: ['wlan'], neighbours: ['A', 'C'], partners: ['A', 'C', 'D', 'E'], suites: [1, 2], requestsFallback: false },
    { id: 'C', rats: ['wlan'], neighbours: ['B', 'D'], partners: ['A', 'B', 'D', 'E'], suites: [2, 1], requestsFallback: false },
    { id: 'D', rats: ['lte'], neighbours: ['C', 'E'], partners: ['A', 'B', 'C', 'E'], suites: [1], requestsFallback: false },
    { id: 'E', rats: ['wlan', 'lte'], neighbours: ['X', 'A', 'D'], partners: ['A', 'B', 'C', 'D'], suites: [1, 2], requestsFallback: false },
    { id: 'F', rats: ['wlan'], neighbours: ['A'], partners: [], suites: [1], requestsFallback: false },
    { id: 'X', rats: ['wlan'], neighbours: ['E'], partners: [], suites: [1], requestsFallback: false },
  ],
  mns: [
    { id: 'mn1', home: 'A', rats: ['wlan', 'lte'], method: 'EAP', suites: [1, 2] },
    { id: 'mn2', home: 'B', rats: ['wlan'], method: 'TLS', suites: [1] },
    { id: 'mn3', home: 'A', rats: ['wlan', 'lte'], method: 'ERP', suites: [2, 1] },
  ],
};

type Print = (line: string) => void;

function hex8(b: Uint8Array | null): string {
  if (b === null) return '-';
  let s = '';
  for (const x of b.subarray(0, 4)) s += x.toString(16).padStart(2, '0');
  return `${s}…`;
}

/** The fields of a PDU worth reading (nonces shortened; K only as "wrapped"; MACs omitted). */
function details(p: Pdu): string {
  switch (p.type) {
    case 'MIS_Auth.request':
      return `method ${p.method}, Nonce-N ${hex8(p.nonceN)}`;
    case 'MIS_Auth.response':
      return `${p.status}, ID_TYPE ${p.idType}, Nonce-P ${hex8(p.nonceP)}`;
    case 'MIS_Prereg_Xfer.request':
      return `target ${p.target ?? '(none: SPoS selects)'}, fallback ${p.fallback}, depth ${p.depth}, suites [${p.suites.join(',')}], Nonce-N ${hex8(p.nonceN)}`;
    case 'MIS_N2N_Prereg_Xfer.request':
      return `depth ${p.depth}, root ${p.root}, suites [${p.suites.join(',')}], K wrapped (${p.wrappedK.length} bytes)`;
    case 'MIS_N2N_Prereg_Xfer.response':
      return `${p.status}/${p.reason}${p.suite === null ? '' : `, c = ${p.suite}`}${p.nonceT === null ? '' : `, Nonce-T ${hex8(p.nonceT)}`}`;
    case 'MIS_Prereg_Xfer.response':
      return `${p.status}/${p.reason}, TPoS ${p.tpos ?? '-'}${p.wrappedK === null ? '' : `, K wrapped, c = ${String(p.suite)}`}`;
    case 'MIS_HO_Complete.request':
      return `previous ${p.previous}`;
    case 'MIS_N2N_HO_Complete.indication':
      return '';
  }
}

function saLine(owner: string, sa: SaView): string {
  return `${owner.padStart(4)} ⇄ ${sa.peer.padEnd(4)} ID_TYPE ${sa.idType}  root ${sa.root.padEnd(3)}  depth ${sa.depth}  ${sa.state.padEnd(8)}  key ${sa.fingerprint}`;
}

export class Story {
  readonly system: ImplSystem;
  readonly #print: Print;
  #chapter = 0;

  constructor(seed: string | number, print: Print) {
    this.system = new ImplSystem(STORY_WORLD, { seed });
    this.#print = print;
  }

  chapter(title: string): void {
    this.#chapter++;
    this.#print('');
    this.#print(`${this.#chapter}. ${title}`);
  }

  note(text: string): void {
    this.#print(`   ${text}`);
  }

  /** Delivers everything in flight, oldest first, printing each PDU. */
  run(): void {
    for (let guard = 0; this.system.inFlight().length > 0 && guard < 50; guard++) this.deliver(0);
  }

  deliver(index: number): void {
    const f = this.system.inFlight()[index];
    if (f === undefined) return;
    const before = this.system.discarded().length;
    let line: string;
    try {
      const p = decode(f.bytes);
      line = `${`${f.src} → ${f.dst}`.padEnd(11)} ${p.type.padEnd(31)} ${details(p)}`;
    } catch {
      line = `${`${f.src} → ${f.dst}`.padEnd(11)} (malformed bytes)`;
    }
    this.system.deliver(index);
    const dropped = this.system.discarded().slice(before);
    this.#print(`   ${line}${dropped.length > 0 ? `   ⟶ discarded by ${dropped.map((d) => `${d.entity} (${d.reason})`).join(', ')}` : ''}`);
  }

  /** The SAs of an MN and of the PoSs it has SAs with, both ends side by side. */
  sas(mn: string): void {
    const snap = this.system.snapshot();
    const m = snap.mns.find((x) => x.id === mn);
    if (m === undefined) return;
    this.#print(`   ${mn}: ${m.lifecycle}${m.attachedTo === null ? '' : `, attached to ${m.attachedTo} (its SPoS)`}`);
    for (const sa of m.sas) {
      this.#print(`   ${saLine(mn, sa)}`);
      const other = snap.poss.find((p) => p.id === sa.peer)?.sas.find((s) => s.peer === mn);
      if (other !== undefined) this.#print(`   ${saLine(sa.peer, other)}   ${other.fingerprint === sa.fingerprint ? '(same key)' : '(KEYS DIFFER)'}`);
    }
  }
}

/** Plays the whole story; returns the story object for inspection. */
export function playStory(seed: string | number = 2026, print: Print = console.log): Story {
  const s = new Story(seed, print);
  const sys = s.system;
  print('proauth reference implementation: IEEE P802.21.1 Clause 5.14, told end to end');
  print(`seed ${String(seed)}, chain limit L = ${sys.policy.chainLimit}, enforced by ${Object.entries(sys.policy.enforcers).filter(([, on]) => on).map(([who]) => who.toUpperCase()).join(' and ')}`);
  print('partners: A, B, C, D, E with each other; A trusts F but F does not trust A; X has no agreement');

  s.chapter('mn1 attaches at home: full EAP establishment with its HPoS A (5.14.1-S15/S16)');
  sys.attach('mn1', 'A');
  s.run();
  s.sas('mn1');

  for (const [from, to] of [['A', 'B'], ['B', 'C'], ['C', 'D']] as const) {
    s.chapter(`mn1 hands over ${from} → ${to}: optimized establishment, K from the SPoS ${from} (5.14.2)`);
    sys.handover('mn1', to, false);
    s.run();
    s.sas('mn1');
    s.note(`complete: ${to} becomes mn1's SPoS and tells ${from} to forget it (5.14.1-S19)`);
    sys.complete('mn1');
    s.run();
    s.sas('mn1');
  }

  s.chapter('mn1 hands over D → E: depth 3 = L, the chain limit forces a full establishment (5.14.2-N4c)');
  sys.handover('mn1', 'E', false);
  s.run();
  sys.complete('mn1');
  s.run();
  s.sas('mn1');

  s.chapter('mn1 does not know its target: SPoS E selects one (5.14.3): X is no partner, A offers wlan/lte');
  sys.handover('mn1', null, false);
  s.run();
  sys.complete('mn1');
  s.run();
  s.sas('mn1');

  s.chapter('mn1 hands over A → F: A trusts F, F does not trust A: REJECTED/UNAUTHORIZED_SOURCE (5.14.1-S6)');
  sys.handover('mn1', 'F', false);
  s.run();
  sys.complete('mn1');
  s.run();
  s.sas('mn1');

  s.chapter('mn1 hands over F → X: no roaming agreement, NO_TRUST, full establishment (5.14.2-N1a)');
  sys.handover('mn1', 'X', false);
  s.run();
  sys.complete('mn1');
  s.run();
  s.sas('mn1');

  s.chapter('mn2 (TLS) attaches at home B and hands over to C: TLS_ROOT, never optimized (5.14.2-N3)');
  sys.attach('mn2', 'B');
  s.run();
  sys.handover('mn2', 'C', false);
  s.run();
  sys.complete('mn2');
  s.run();
  s.sas('mn2');

  s.chapter('mn3 (ERP) attaches at a visited PoS, C, with its HPoS A\'s assistance (5.14.1-S16)');
  sys.attach('mn3', 'C');
  s.run();
  s.sas('mn3');
  const assist = sys.pos('A').subscribers.assists().at(-1);
  if (assist !== undefined) s.note(`HPoS A assisted ${assist.pos} for ${assist.mn} (${assist.method ?? ''}, granted: ${assist.granted})`);

  s.chapter('B asks every MN for full establishment (its fallback policy, 5.14.2-N1c); mn3 hands over C → B');
  sys.setFallbackPolicy('B', true);
  sys.handover('mn3', 'B', false);
  s.run();
  sys.complete('mn3');
  s.run();
  sys.setFallbackPolicy('B', false);
  s.sas('mn3');

  s.chapter('mn3 itself asks for full establishment, B → D (5.14.2-N1c)');
  sys.handover('mn3', 'D', true);
  s.run();
  sys.complete('mn3');
  s.run();
  s.sas('mn3');

  s.chapter('the network duplicates mn3\'s N2N request D → E: the copy is a replay (A-REPLAY)');
  sys.handover('mn3', 'E', false);
  s.deliver(0);
  sys.duplicate(0);
  s.run();
  sys.complete('mn3');
  s.run();
  s.sas('mn3');

  s.chapter('a PDU altered in flight is discarded; the MN gives up and keeps its serving SA (5.14.1-S17)');
  sys.handover('mn3', 'A', false);
  sys.corrupt(0, 'unknown-tlv');
  s.run();
  sys.abort('mn3');
  s.sas('mn3');

  print('');
  print('handover outcomes:');
  for (const o of sys.outcomes()) print(`   ${o.mn}: ${o.from} → ${o.to ?? '-'}  ${o.path}${o.reason === 'NONE' ? '' : ` (${o.reason})`}`);
  print(`discarded PDUs: ${sys.discarded().map((d) => `${d.entity}:${d.reason}`).join(', ') || 'none'}`);
  return s;
}

const isMain = import.meta.url === `file://${process.argv[1] ?? ''}`;
if (isMain) {
  const arg = process.argv[2];
  playStory(arg === undefined ? 2026 : /^\d+$/.test(arg) ? Number(arg) : arg);
}
