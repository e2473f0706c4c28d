// The proauth SUT protocol, version 1 (docs/sut-protocol.md, schemas/sut-protocol/*.json):
// JSON lines over the SUT process's stdin/stdout. The tester sends one request per line and
// waits for the one response line that carries the same `id`. Lower tester: PDUs as encoded
// bytes. Upper tester: the control primitives of docs/protocol.md §3 and an SA report.
import type { DiscardCause, DomainId, MnId, MnLifecycle, SaObservation, WorldConfig } from '../../vocabulary/observation.ts';
import type { Role } from '../pics/pics.ts';

export const PROTOCOL_NAME = 'proauth-sut';
export const PROTOCOL_VERSION = 1;

export type ByteEncoding = 'hex' | 'base64';

/** The link a PDU arrived on at a PoS (impl/entities/output.ts): `access` from an MN attached to it, `core` otherwise. */
export type Link = 'access' | 'core';

/** A PDU on the wire between entities: exactly one of hex/base64 is set. */
export interface WirePdu {
  readonly to: string;
  readonly hex?: string;
  readonly base64?: string;
}

/** Secrets the tester provisions: the SUT needs them to talk to the tester's entities. */
export interface Provisioning {
  /** Long-term credential of each MN, shared with its HPoS only (hex). Sent only to the hosts of the MN or its HPoS. */
  readonly credentials: readonly { readonly mn: MnId; readonly key: string }[];
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S8
  //# An MIS SA (Security Association) (see 8.4.2 of IEEE Std 802.21-XXXX) can be used for
  //# protecting the communications between an SPoS and a TPoS.
  //= SPEC_MAPPING.md#A-POS-CHANNEL
  //# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
  /** Pre-configured MIS SA of each partner pair (A-POS-CHANNEL, 5.14.1-S8), hex; `a` < `b`. */
  readonly misSas: readonly { readonly a: DomainId; readonly b: DomainId; readonly key: string }[];
}

export type Request =
  | { readonly id: number; readonly type: 'hello'; readonly protocol: typeof PROTOCOL_NAME; readonly version: number }
  | {
      readonly id: number;
      readonly type: 'configure';
      readonly world: WorldConfig;
      readonly seed: number;
      readonly hosts: { readonly mns: readonly MnId[]; readonly poss: readonly DomainId[] };
      readonly provisioning: Provisioning;
    }
  | { readonly id: number; readonly type: 'pdu'; readonly to: string; readonly link?: Link; readonly hex?: string; readonly base64?: string }
  | { readonly id: number; readonly type: 'attach'; readonly mn: MnId; readonly domain: DomainId }
  | { readonly id: number; readonly type: 'handover'; readonly mn: MnId; readonly target: DomainId | null; readonly fallback: boolean }
  | { readonly id: number; readonly type: 'complete'; readonly mn: MnId }
  | { readonly id: number; readonly type: 'abort'; readonly mn: MnId }
  | { readonly id: number; readonly type: 'setFallbackPolicy'; readonly domain: DomainId; readonly on: boolean }
  | { readonly id: number; readonly type: 'report' }
  | { readonly id: number; readonly type: 'bye' };

export type RequestType = Request['type'];
/** Request without its id: what callers pass; the client numbers them. */
export type RequestBody = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface MnReport {
  readonly id: MnId;
  readonly lifecycle: MnLifecycle;
  readonly attachedTo: DomainId | null;
  readonly sas: readonly SaObservation[];
}
export interface PosReport {
  readonly id: DomainId;
  readonly sas: readonly SaObservation[];
}

export type Response =
  | {
      readonly id: number;
      readonly type: 'hello';
      readonly protocol: string;
      readonly version: number;
      readonly roles: readonly Role[];
      readonly encoding?: ByteEncoding;
      readonly implementation?: string;
      readonly discards?: boolean;
    }
  | { readonly id: number; readonly type: 'ok' }
  | { readonly id: number; readonly type: 'out'; readonly pdus: readonly WirePdu[]; readonly discarded?: DiscardCause }
  | { readonly id: number; readonly type: 'report'; readonly mns: readonly MnReport[]; readonly poss: readonly PosReport[] }
  | { readonly id: number; readonly type: 'error'; readonly message: string };

export type ResponseType = Response['type'];

/** Which response type each request expects (an `error` response is always possible). */
export const EXPECTED: Record<RequestType, ResponseType> = {
  hello: 'hello',
  configure: 'ok',
  pdu: 'out',
  attach: 'out',
  handover: 'out',
  complete: 'out',
  abort: 'out',
  setFallbackPolicy: 'out',
  report: 'report',
  bye: 'ok',
};
