// Parts of a verdict that depend on one observation alone (with the world configuration, and at
// most one piece of the trace facts) are computed once per observation object. Observations and
// facts are immutable, so the answer cannot change; and the model hands the very same
// observation object to every step that changes nothing it shows (a fallback-policy change: about
// four explored transitions in five), so the state invariants of such a step cost a lookup.
// A check passed here must be a module-level function (it is the cache key) that reads only
// its arguments. A context whose `answers` is null keeps nothing (judgeStep without reuse).
import type { Observation, WorldConfig } from '../vocabulary/observation.ts';
import type { PropertyContext } from './types.ts';

type Check<R> = (config: WorldConfig, o: Observation) => R;
type CheckWith<X extends object, R> = (config: WorldConfig, o: Observation, x: X) => R;

const byConfig = new WeakMap<WorldConfig, WeakMap<Observation, Map<unknown, unknown>>>();

function answersFor(config: WorldConfig, o: Observation): Map<unknown, unknown> {
  let byObs = byConfig.get(config);
  if (byObs === undefined) {
    byObs = new WeakMap();
    byConfig.set(config, byObs);
  }
  let answers = byObs.get(o);
  if (answers === undefined) {
    answers = new Map();
    byObs.set(o, answers);
  }
  return answers;
}

/** `check(config, next)` of the step's context, computed once per (config, observation) object pair. */
export function perObservation<R>(ctx: PropertyContext, check: Check<R>): R {
  if (ctx.answers === null) return check(ctx.config, ctx.next);
  const answers = (ctx.answers ??= answersFor(ctx.config, ctx.next));
  if (answers.has(check)) return answers.get(check) as R;
  const r = check(ctx.config, ctx.next);
  answers.set(check, r);
  return r;
}

/** The answers of a check with an extra argument: the first x's inline, others in a weak map. */
interface WithAnswers<X extends object, R> {
  readonly x: X;
  readonly r: R;
  more: WeakMap<X, { r: R }> | undefined;
}

/** `check(config, next, x)` of the step's context, computed once per (config, observation, x) object triple. */
export function perObservationWith<X extends object, R>(ctx: PropertyContext, x: X, check: CheckWith<X, R>): R {
  if (ctx.answers === null) return check(ctx.config, ctx.next, x);
  const answers = (ctx.answers ??= answersFor(ctx.config, ctx.next));
  // Most observations meet one x only (the facts map of the states that show them).
  const first = answers.get(check) as WithAnswers<X, R> | undefined;
  if (first === undefined) {
    const r = check(ctx.config, ctx.next, x);
    answers.set(check, { x, r, more: undefined });
    return r;
  }
  if (first.x === x) return first.r;
  const known = first.more?.get(x);
  if (known !== undefined) return known.r;
  const r = check(ctx.config, ctx.next, x);
  (first.more ??= new WeakMap()).set(x, { r });
  return r;
}
