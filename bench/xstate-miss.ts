// `npx tsx bench/xstate-miss.ts`: what one memo miss of the explorer costs (a machine step
// through XState's public `transition()`, model/machines/machine-step.ts) and where it goes,
// against the public-API alternatives: one inert actor scope per machine reused through
// `machine.transition(snapshot, event, scope)`, and an actor per call restored from the snapshot
// (`createActor(machine, { snapshot })`). The calls are recorded from seeded random walks of the
// default world; every alternative is checked to give the same next snapshot. Figures only.
import { type AnyActorScope, type AnyStateMachine, createActor, getNextTransitions, transition } from 'xstate';
import { exploreWorld } from '../harness/explore/worlds.ts';
import { installMachineStep, plainMachineStep, type LocalSnapshot, type MachineEvent, type MachineStep, type RoleMachine } from '../model/machines/machine-step.ts';
import { enabled, initialWorld, step } from '../model/world/world.ts';

interface Call {
  readonly m: RoleMachine;
  readonly s: LocalSnapshot;
  readonly e: MachineEvent;
}

function recordCalls(walks: number, length: number): Call[] {
  const calls: Call[] = [];
  const recording: MachineStep = (m, s, e) => {
    calls.push({ m: m as RoleMachine, s, e });
    return plainMachineStep(m, s, e);
  };
  installMachineStep(recording);
  let seed = 3;
  const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let walk = 0; walk < walks; walk++) {
    let w = initialWorld(exploreWorld({}), {}, { faults: walk % 2 === 1 ? ['drop', 'duplicate', 'corrupt'] : [] });
    for (let i = 0; i < length; i++) {
      const es = enabled(w).filter((e) => e.kind !== 'setFallbackPolicy');
      if (es.length === 0) break;
      w = step(w, es[next() % es.length] as (typeof es)[number]);
    }
  }
  installMachineStep(plainMachineStep);
  return calls;
}

// Only calls the machine handles: an unhandled event costs a guard check and no transition().
const calls = recordCalls(40, 60)
  .filter((c) => plainMachineStep(c.m, c.s, c.e).fired.length > 0)
  .slice(0, 2000);
const resolved = calls.map((c) => c.m.logic.resolveState({ value: c.s.value, context: c.s.context }));

// One inert scope per machine, as createInertActorScope makes per call of transition(): its
// actor is made once, and the actions the step collects are read off after each call.
interface ReusedScope {
  readonly scope: AnyActorScope;
  actions: unknown[];
}
const scopes = new Map<AnyStateMachine, ReusedScope>();
function scopeOf(logic: AnyStateMachine): ReusedScope {
  let r = scopes.get(logic);
  if (r === undefined) {
    const self = createActor(logic);
    const made: ReusedScope = { scope: undefined as unknown as AnyActorScope, actions: [] };
    const scope = {
      self, defer: () => {}, id: '', logger: () => {}, sessionId: '', stopChild: () => {}, system: self.system, emit: () => {},
      actionExecutor: (a: unknown) => made.actions.push(a),
    };
    r = Object.assign(made, { scope: scope as unknown as AnyActorScope });
    scopes.set(logic, r);
  }
  r.actions = [];
  return r;
}

const cases: [string, (c: Call, i: number) => unknown][] = [
  ['plainMachineStep (the memo miss: resolve, guards, transition(), plain copies)', (c) => plainMachineStep(c.m, c.s, c.e)],
  ['  logic.resolveState', (c) => c.m.logic.resolveState({ value: c.s.value, context: c.s.context })],
  ['  getNextTransitions', (_c, i) => getNextTransitions(resolved[i] as (typeof resolved)[number])],
  ['  transition(logic, snapshot, event)', (c, i) => transition(c.m.logic, resolved[i] as (typeof resolved)[number], c.e)],
  ['    createActor(logic), which transition() makes per call', (c) => createActor(c.m.logic)],
  ['logic.transition(snapshot, event, one reused scope)', (c, i) => c.m.logic.transition(resolved[i] as (typeof resolved)[number], c.e, scopeOf(c.m.logic).scope)],
  [
    'createActor(logic, { snapshot }): start, send, getSnapshot, stop',
    (c, i) => {
      const a = createActor(c.m.logic, { snapshot: resolved[i] as (typeof resolved)[number] });
      a.start();
      a.send(c.e);
      const s = a.getSnapshot();
      a.stop();
      return s;
    },
  ],
];

/** CPU microseconds per call (other jobs on the machine do not count), one pass over the calls. */
function usPerCall(f: (c: Call, i: number) => unknown): number {
  const t0 = process.cpuUsage();
  calls.forEach(f);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / calls.length;
}

for (const [, f] of cases) usPerCall(f); // warm-up: every path compiled before any is timed
// Passes interleaved, so that a slow spell of the machine falls on every case alike; best of 7.
const figures: Record<string, number> = {};
for (let pass = 0; pass < 7; pass++) {
  for (const [name, f] of cases) figures[name] = Math.min(figures[name] ?? Infinity, usPerCall(f));
}

let same = 0;
calls.forEach((c, i) => {
  const r = resolved[i] as (typeof resolved)[number];
  const [a] = transition(c.m.logic, r, c.e);
  const b = c.m.logic.transition(r, c.e, scopeOf(c.m.logic).scope);
  if (JSON.stringify([a.value, a.context]) === JSON.stringify([b.value, b.context])) same++;
});
process.stdout.write(`${calls.length} machine calls recorded from seeded random walks of the default world (handled events only; best of 7, CPU us per call)\n`);
for (const [name, us] of Object.entries(figures)) process.stdout.write(`${name.padEnd(78)} ${us.toFixed(1)}\n`);
process.stdout.write(`the reused scope gives transition()'s next snapshot on ${same} of ${calls.length} calls\n`);
