// report.json and the `--json` summary of real runs (pass, fail, SUT error, an SUT that never
// completed the handshake) validate against their published schemas (schemas/report.schema.json,
// schemas/summary.schema.json), with ajv in strict mode.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIES, TAMPERS } from '../../harness/enabled.ts';
import { formatAjvErrors, newAjv } from '../../harness/pics/ajv.ts';
import { BAD_SUT, cli, ROOT, tempDir } from './helpers.ts';

const schema = (name: string): object => JSON.parse(readFileSync(join(ROOT, 'schemas', name), 'utf8')) as object;
const ajv = newAjv({ useDefaults: false, allowUnionTypes: true });
ajv.addSchema(schema('report.schema.json'), 'report.schema.json');
ajv.addSchema(schema('summary.schema.json'), 'summary.schema.json');

function problems(name: string, value: unknown): string[] {
  const validate = ajv.getSchema(name)!;
  return validate(value) ? [] : formatAjvErrors(name, validate.errors);
}

const NOISY = join(ROOT, 'test/cli/fixtures/noisy-sut.mjs');
const RUNS: Record<string, { args: string[]; code: number }> = {
  pass: { args: ['--runs', '3', '--seed', '2'], code: 0 },
  fail: { args: ['--sut-cmd', 'python3 examples/python-tpos/tpos_buggy.py', '--pics', 'examples/python-tpos/pics.json', '--runs', '40', '--seed', '1', '--no-model'], code: 1 },
  'SUT error': { args: ['--sut-cmd', `node ${NOISY} error`, '--runs', '2'], code: 3 },
  'no handshake': { args: ['--sut-cmd', `node ${BAD_SUT} version`, '--runs', '2'], code: 3 },
};

describe('report.json and the --json summary against their schemas', () => {
  for (const [name, run] of Object.entries(RUNS)) {
    it(`a real run: ${name}`, async () => {
      const dir = tempDir();
      const r = await cli(['check', ...run.args, '--report', dir, '--json']);
      expect(r.code, r.err).toBe(run.code);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { verdict: string; counterexamples: unknown[] };
      expect(problems('report.schema.json', report)).toEqual([]);
      const summary = JSON.parse(r.out) as unknown;
      expect(problems('summary.schema.json', summary)).toEqual([]);
      if (name === 'fail') expect(report.counterexamples.length).toBeGreaterThan(0);
    }, 90_000);
  }

  it('the schemas are not vacuous: an unknown field, a wrong verdict, a missing field are each an error', async () => {
    const dir = tempDir();
    const r = await cli(['check', '--runs', '1', '--report', dir, '--json']);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Record<string, unknown>;
    expect(problems('report.schema.json', { ...report, extra: 1 })).toEqual(['report.schema.json.extra: is not a known field']);
    expect(problems('report.schema.json', { ...report, verdict: 'ok' })).not.toEqual([]);
    const { purposes: _p, ...noPurposes } = report;
    expect(problems('report.schema.json', noPurposes)).not.toEqual([]);
    const summary = JSON.parse(r.out) as Record<string, unknown>;
    expect(problems('summary.schema.json', { ...summary, verdict: 'none' })).not.toEqual([]);
  });
});

describe('the stimulus of report.json traces', () => {
  const validate = (s: unknown): string[] => {
    const v = ajv.getSchema('report.schema.json#/definitions/stimulus')!;
    return v(s) ? [] : formatAjvErrors('stimulus', v.errors);
  };

  it('takes every lie, every tamper and probe way, and a choice; nothing else', () => {
    for (const what of LIES) expect(validate({ kind: 'lie', index: 0, what }), what).toEqual([]);
    for (const how of TAMPERS) {
      expect(validate({ kind: 'tamper', index: 1, how }), how).toEqual([]);
      expect(validate({ kind: 'probe', index: 1, how, choice: 12 }), how).toEqual([]);
    }
    expect(validate({ kind: 'lie', index: 0, what: 'colour' })).not.toEqual([]);
    expect(validate({ kind: 'probe', index: 0, how: 'mac', choice: -1 })).not.toEqual([]);
    expect(validate({ kind: 'tamper', index: 0, how: 'nonsense' })).not.toEqual([]);
  });
});
