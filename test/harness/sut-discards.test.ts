// docs/sut-protocol.md: an SUT process that says why it discards (`hello.discards`) is judged on
// it; one that says nothing is not; `discarded` outside an answer to a delivered PDU is a
// protocol error (exit 3), never a discard.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import type { PosObservation } from '../../vocabulary/observation.ts';
import { SutError } from '../../harness/sut-process/errors.ts';
import { HybridWorld } from '../../harness/sut-process/hybrid.ts';
import type { Handshake, SutProcess } from '../../harness/sut-process/process.ts';
import type { RequestBody, Response } from '../../harness/sut-process/protocol.ts';
import { checkMessage } from '../../harness/sut-process/schemas.ts';

/** A TPoS-only SUT process hosting B that discards every PDU, saying `cause` (or nothing). */
function fakeSut(answer: (r: RequestBody) => Partial<Response>): SutProcess {
  let id = 0;
  return {
    request: (r: RequestBody) => {
      id++;
      if (r.type === 'configure') return Promise.resolve({ id, type: 'ok' });
      if (r.type === 'report') return Promise.resolve({ id, type: 'report', mns: [], poss: [{ id: 'B', sas: [] }] });
      return Promise.resolve({ id, type: 'out', pdus: [], ...answer(r) } as Response);
    },
    close: () => Promise.resolve(),
  } as unknown as SutProcess;
}

const handshake = (discards: boolean): Handshake => ({ roles: ['TPoS'], encoding: 'hex', implementation: 'fake', discards });

async function attachedAtB(world: HybridWorld): Promise<PosObservation> {
  await world.reset(DEFAULT_WORLD, 1);
  await world.apply({ kind: 'attach', mn: 'mn1', domain: 'B' });
  await world.apply({ kind: 'deliver', index: 0 }); // the MIS_Auth.request, to the SUT's PoS B
  return world.observe().poss.find((p) => p.id === 'B')!;
}

describe('an SUT process that says why it discards', () => {
  it('shows its discards by cause when its hello says it reports them', async () => {
    const world = new HybridWorld({ sut: fakeSut(() => ({ discarded: 'unknown-mn' })), handshake: handshake(true), roles: ['TPoS'] });
    expect((await attachedAtB(world)).discards).toEqual({ count: 1, last: 'unknown-mn' });
  });

  it('shows none when its hello does not say so (its discards are then not compared)', async () => {
    const world = new HybridWorld({ sut: fakeSut(() => ({ discarded: 'unknown-mn' })), handshake: handshake(false), roles: ['TPoS'] });
    expect((await attachedAtB(world)).discards).toBeUndefined();
  });

  it('an answer that both discards and sends PDUs is a protocol error', async () => {
    const world = new HybridWorld({ sut: fakeSut(() => ({ discarded: 'bad-mac', pdus: [{ to: 'mn1', hex: '00' }] })), handshake: handshake(true), roles: ['TPoS'] });
    await expect(attachedAtB(world)).rejects.toThrow(SutError);
    await expect(attachedAtB(world)).rejects.toThrow(/discarded \(bad-mac\) but carries 1 PDU/);
  });

  it('`discarded` in answer to a request that delivers no PDU is a protocol error', async () => {
    const world = new HybridWorld({ sut: fakeSut((r) => (r.type === 'setFallbackPolicy' ? { discarded: 'no-sa' } : {})), handshake: handshake(true), roles: ['TPoS'] });
    await world.reset(DEFAULT_WORLD, 1);
    await expect(world.apply({ kind: 'setFallbackPolicy', domain: 'B', on: true })).rejects.toThrow(/in answer to setFallbackPolicy, which delivers no PDU/);
  });

  it('the schema takes only the causes of docs/protocol.md §5.2', () => {
    expect(checkMessage('response', { id: 1, type: 'out', pdus: [], discarded: 'bad-mac' })).toEqual([]);
    expect(checkMessage('response', { id: 1, type: 'out', pdus: [], discarded: 'internal' })).not.toEqual([]);
    expect(checkMessage('response', { id: 1, type: 'out', pdus: [], discarded: 'no idea' })).not.toEqual([]);
    expect(checkMessage('response', { id: 1, type: 'hello', protocol: 'proauth-sut', version: 1, roles: ['TPoS'], discards: true })).toEqual([]);
  });
});
