// The bare figures: what XState and HMAC-SHA-256 cost by themselves on this machine, so the
// proauth figures (lockstep steps/s, exploration states/s) can be read as ratios to them.
import { createHmac } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { createActor, initialTransition, transition } from 'xstate';
import { measureRate, type Rate, type RateOptions } from './measure.ts';
import { referenceCycle, referenceMachine } from './reference-machine.ts';

const BATCH = 600;

/** Pure `transition(machine, snapshot, event)` events/s. */
export function xstateTransitionRate(opts?: RateOptions): Rate {
  const [start] = initialTransition(referenceMachine);
  const [idle] = transition(referenceMachine, start, { type: 'attach' });
  return measureRate(() => {
    let s = idle;
    for (let i = 0; i < BATCH; i++) [s] = transition(referenceMachine, s, referenceCycle[i % referenceCycle.length]!);
    if (s.status !== 'active') throw new Error('reference machine stopped');
    return BATCH;
  }, opts);
}

/** `actor.send(event)` events/s on a started actor. */
export function xstateActorSendRate(opts?: RateOptions): Rate {
  const actor = createActor(referenceMachine).start();
  actor.send({ type: 'attach' });
  const rate = measureRate(() => {
    for (let i = 0; i < BATCH; i++) actor.send(referenceCycle[i % referenceCycle.length]!);
    return BATCH;
  }, opts);
  actor.stop();
  return rate;
}

// A 32-byte key and a 64-byte message: the size of one KDF block of docs/protocol.md §6.
const key = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 1) & 0xff);
const msg = Uint8Array.from({ length: 64 }, (_, i) => (i * 13 + 5) & 0xff);

export function hmacNobleRate(opts?: RateOptions): Rate {
  return measureRate(() => {
    let acc = 0;
    for (let i = 0; i < 200; i++) acc ^= hmac(sha256, key, msg)[0] ?? 0;
    return 200 + (acc & 0); // use the result so the call is not dead code
  }, opts);
}

export function hmacNodeRate(opts?: RateOptions): Rate {
  return measureRate(() => {
    let acc = 0;
    for (let i = 0; i < 200; i++) acc ^= createHmac('sha256', key).update(msg).digest()[0] ?? 0;
    return 200 + (acc & 0);
  }, opts);
}
