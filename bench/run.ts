// `npm run bench`: one JSON object of figures measured side by side in one run.
import { hmacNobleRate, hmacNodeRate, xstateActorSendRate, xstateTransitionRate } from './bare.ts';
import { round } from './measure.ts';

const xstateTransition = xstateTransitionRate();
const xstateActorSend = xstateActorSendRate();
const hmacNoble = hmacNobleRate();
const hmacNode = hmacNodeRate();

const out = {
  machine: { node: process.version, cpus: 2 },
  xstateTransitionEventsPerSecond: round(xstateTransition.median),
  xstateActorSendEventsPerSecond: round(xstateActorSend.median),
  hmacSha256NoblePerSecond: round(hmacNoble.median),
  hmacSha256NodeCryptoPerSecond: round(hmacNode.median),
};
console.log(JSON.stringify(out, null, 2));
