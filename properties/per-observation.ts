// Parts of a verdict that depend on one observation alone (with the world configuration, and at
// most one piece of the trace facts). A property runs them through here instead of calling them,
// so that a caller that hands the judge the very same observation objects again and again (the
// explorer: policy siblings share them) may pass, in the context, a way of running them that
// remembers answers (PropertyContext.observationChecks). So a check passed here must be a
// module-level function (it may be the key of such a memo) that reads only its arguments.
import type { Observation, WorldConfig } from '../vocabulary/observation.ts';
import type { PropertyContext } from './types.ts';

/** `check(config, next)` of the step's context. */
export function perObservation<R>(ctx: PropertyContext, check: (config: WorldConfig, o: Observation) => R): R {
  const checks = ctx.observationChecks;
  return checks === undefined ? check(ctx.config, ctx.next) : checks.of(check, ctx.config, ctx.next);
}

/** `check(config, next, x)` of the step's context, `x` a piece of the facts. */
export function perObservationWith<X extends object, R>(ctx: PropertyContext, x: X, check: (config: WorldConfig, o: Observation, x: X) => R): R {
  const checks = ctx.observationChecks;
  return checks === undefined ? check(ctx.config, ctx.next, x) : checks.with(check, ctx.config, ctx.next, x);
}
