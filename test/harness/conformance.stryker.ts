// The conformance suite as StrykerJS runs it (stryker.config.mjs): the implementation under
// test is impl/ as imported from here, i.e. Stryker's mutated sandbox copy; the oracle is the
// model (the default, as in a standard run) or, with PROAUTH_STRYKER_ORACLE=reference, the
// unmutated reference implementation extracted from git HEAD (PROAUTH_ORACLE_IMPL, set by
// stryker.config.mjs): a differential run. Caveat: the adapter's own decoder and key schedule
// are imported from the same sandbox, so they carry the mutation too.
// fast-check's seed is fixed; shrinking is off because only the verdict counts here.
// Not part of the regular suite (the file name does not end in .test.ts).
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import type { OracleFactory } from '../../harness/adapter.ts';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { ReferenceOracle } from '../../harness/adapters/reference-oracle.ts';
import { DEFAULT_SEED, runConformance } from '../../harness/conformance.ts';
import * as sut from '../../impl/system.ts';

const RUNS = Number(process.env['PROAUTH_STRYKER_RUNS'] ?? 40);

async function oracle(): Promise<OracleFactory | undefined> {
  if (process.env['PROAUTH_STRYKER_ORACLE'] !== 'reference') return undefined;
  const path = process.env['PROAUTH_ORACLE_IMPL'];
  if (path === undefined) throw new Error('PROAUTH_ORACLE_IMPL is not set (run through stryker.config.mjs)');
  const base = (await import(pathToFileURL(`${path}/system.ts`).href)) as ImplModule;
  return () => new ReferenceOracle(base);
}

it('the implementation passes the conformance run', async () => {
  const o = await oracle();
  const r = await runConformance({ sut: () => new ReferenceAdapter(sut as ImplModule), seed: DEFAULT_SEED, runs: RUNS, maxShrinkRuns: 0, ...(o === undefined ? {} : { oracle: o }) });
  expect(r.verdict, r.counterexample?.message ?? r.error).toBe('pass');
}, 120_000);
