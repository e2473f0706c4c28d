// Shared helpers of the impl test suites: world builders, a wire log that decodes what the
// network carries, and the enabled stimuli of docs/protocol.md §3 computed from the system.
import { ImplSystem, type ImplSystemOptions } from '../../impl/system.ts';
import type { ImplDomainConfig, ImplMnConfig, ImplWorldConfig } from '../../impl/config.ts';
import { decode } from '../../impl/wire/codec.ts';
import type { Pdu, PduType, Reason, Status } from '../../impl/wire/messages.ts';
import type { Corruption } from '../../impl/system.ts';

export function domain(id: string, partial: Partial<Omit<ImplDomainConfig, 'id'>> = {}): ImplDomainConfig {
  return { id, rats: ['wlan'], neighbours: [], partners: [], suites: [1, 2], requestsFallback: false, ...partial };
}

export function mn(id: string, home: string, partial: Partial<Omit<ImplMnConfig, 'id' | 'home'>> = {}): ImplMnConfig {
  return { id, home, rats: ['wlan'], method: 'EAP', suites: [1, 2], ...partial };
}

/**
 * The story world: a ring of roaming partners A-B-C-D-E (each pair both ways, so five
 * networks for three optimized hops and a forced full one), X without any agreement, and
 * an MN per method at home in A.
 */
export function storyWorld(overrides: { chainLimit?: number; mns?: ImplMnConfig[]; domains?: ImplDomainConfig[] } = {}): ImplWorldConfig {
  const all = ['A', 'B', 'C', 'D', 'E'];
  return {
    chainLimit: overrides.chainLimit ?? 3,
    domains: overrides.domains ?? [
      ...all.map((id) => domain(id, { neighbours: all.filter((o) => o !== id), partners: all.filter((o) => o !== id) })),
      domain('X', { neighbours: ['A'], partners: [] }),
    ],
    mns: overrides.mns ?? [mn('mn1', 'A')],
  };
}

/** A decoded PDU with where the network carried it. */
export interface WireEvent {
  readonly src: string;
  readonly dst: string;
  readonly pdu: Pdu;
}

/** Compact view for assertions: type, src → dst, status/reason when the PDU has them. */
export interface WireSummary {
  readonly type: PduType;
  readonly src: string;
  readonly dst: string;
  readonly status?: Status;
  readonly reason?: Reason;
}

export function summary(e: WireEvent): WireSummary {
  const p = e.pdu;
  const base = { type: p.type, src: e.src, dst: e.dst };
  if ('reason' in p) return { ...base, status: p.status, reason: p.reason };
  if ('status' in p) return { ...base, status: p.status };
  return base;
}

/** Delivers everything in flight, oldest first, and returns what was delivered, decoded. */
export function drain(system: ImplSystem, limit = 100): WireEvent[] {
  const log: WireEvent[] = [];
  for (let i = 0; system.inFlight().length > 0; i++) {
    if (i >= limit) throw new Error('drain: the network did not go quiet');
    const f = system.inFlight()[0]!;
    log.push({ src: f.src, dst: f.dst, pdu: decode(f.bytes) });
    system.deliver(0);
  }
  return log;
}

export function newSystem(world: ImplWorldConfig, options: ImplSystemOptions = {}): ImplSystem {
  return new ImplSystem(world, { seed: 'test', ...options });
}

export type Stimulus =
  | { readonly kind: 'attach'; readonly mn: string; readonly domain: string }
  | { readonly kind: 'handover'; readonly mn: string; readonly target: string | null; readonly fallback: boolean }
  | { readonly kind: 'complete'; readonly mn: string }
  | { readonly kind: 'abort'; readonly mn: string }
  | { readonly kind: 'setFallbackPolicy'; readonly domain: string; readonly on: boolean }
  | { readonly kind: 'deliver'; readonly index: number }
  | { readonly kind: 'drop'; readonly index: number }
  | { readonly kind: 'duplicate'; readonly index: number }
  | { readonly kind: 'corrupt'; readonly index: number; readonly how: Corruption };

/** Every stimulus docs/protocol.md §3 enables now, in a fixed order (MN stimuli, policy, network). */
export function enabledStimuli(system: ImplSystem): Stimulus[] {
  const out: Stimulus[] = [];
  const domains = system.config.domains.map((d) => d.id);
  for (const m of system.config.mns) {
    if (system.busy(m.id)) continue;
    const e = system.mn(m.id);
    switch (e.lifecycle) {
      case 'detached':
        for (const d of domains) out.push({ kind: 'attach', mn: m.id, domain: d });
        break;
      case 'idle':
        for (const t of [...domains.filter((d) => d !== e.attachedTo), null]) {
          out.push({ kind: 'handover', mn: m.id, target: t, fallback: false });
          out.push({ kind: 'handover', mn: m.id, target: t, fallback: true });
        }
        break;
      case 'prepared':
        if (!system.completing(m.id)) out.push({ kind: 'complete', mn: m.id });
        break;
      case 'waiting':
        out.push({ kind: 'abort', mn: m.id });
        break;
    }
  }
  for (const d of domains) for (const on of [true, false]) out.push({ kind: 'setFallbackPolicy', domain: d, on });
  system.inFlight().forEach((_, index) => {
    out.push({ kind: 'deliver', index });
    out.push({ kind: 'drop', index });
    const info = system.flightInfo(index);
    if (!info.duplicated) out.push({ kind: 'duplicate', index });
    if (!info.corrupted) for (const how of ['trailing', 'truncate', 'unknown-tlv'] as const) out.push({ kind: 'corrupt', index, how });
  });
  return out;
}

/**
 * Picks one of the enabled stimuli from two random numbers, weighted so that random walks make
 * progress: delivery 45%, MN stimuli 35%, network faults 12%, fallback policy 8% (of the
 * categories that have something enabled). Deterministic in (a, b).
 */
export function pickStimulus(enabled: readonly Stimulus[], a: number, b: number): Stimulus {
  const categories: [number, Stimulus[]][] = [
    [45, enabled.filter((s) => s.kind === 'deliver')],
    [35, enabled.filter((s) => s.kind === 'attach' || s.kind === 'handover' || s.kind === 'complete' || s.kind === 'abort')],
    [12, enabled.filter((s) => s.kind === 'drop' || s.kind === 'duplicate' || s.kind === 'corrupt')],
    [8, enabled.filter((s) => s.kind === 'setFallbackPolicy')],
  ];
  const live = categories.filter(([, list]) => list.length > 0);
  const total = live.reduce((sum, [w]) => sum + w, 0);
  let r = a % total;
  for (const [w, list] of live) {
    if (r < w) return list[b % list.length]!;
    r -= w;
  }
  throw new Error('pickStimulus: nothing enabled');
}

export function apply(system: ImplSystem, s: Stimulus): void {
  switch (s.kind) {
    case 'attach':
      return system.attach(s.mn, s.domain);
    case 'handover':
      return system.handover(s.mn, s.target, s.fallback);
    case 'complete':
      return system.complete(s.mn);
    case 'abort':
      return system.abort(s.mn);
    case 'setFallbackPolicy':
      return system.setFallbackPolicy(s.domain, s.on);
    case 'deliver':
      return system.deliver(s.index);
    case 'drop':
      return system.drop(s.index);
    case 'duplicate':
      return system.duplicate(s.index);
    case 'corrupt':
      return system.corrupt(s.index, s.how);
  }
}
