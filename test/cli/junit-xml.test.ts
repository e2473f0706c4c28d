// junit.xml stays well-formed XML, valid against schemas/junit.xsd, whatever the SUT prints:
// an SUT whose error text holds ANSI escapes and C0 controls (NUL, 0x01) is checked by
// xmllint (libxml2 compiled to WebAssembly), a real XML parser and XSD validator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { toJunit, xmlSafe } from '../../harness/report/junit.ts';
import { REFERENCE_PICS } from '../../harness/pics/pics.ts';
import type { CheckReport } from '../../harness/report/types.ts';
import { cli, ROOT, tempDir } from './helpers.ts';

const XSD = readFileSync(join(ROOT, 'schemas/junit.xsd'), 'utf8');
const NOISY = join(ROOT, 'test/cli/fixtures/noisy-sut.mjs');

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const r = await validateXML({ xml: { fileName: 'junit.xml', contents: xml }, schema: { fileName: 'junit.xsd', contents: XSD } });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}

describe('junit.xml whatever the SUT prints', () => {
  for (const mode of ['error', 'crash'] as const) {
    it(`an SUT ${mode} with ANSI escapes, NUL and 0x01: valid against schemas/junit.xsd`, async () => {
      const dir = tempDir();
      const r = await cli(['check', '--sut-cmd', `node ${NOISY} ${mode}`, '--runs', '1', '--report', dir]);
      expect(r.code).toBe(3);
      const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
      expect(await validate(xml)).toEqual({ valid: true, errors: [] });
      // Replaced visibly, not dropped: the escape reads as the six characters \u001b.
      expect(xml).toContain('\\u001b[31mfatal\\u001b[0m: NUL\\u0000 SOH\\u0001');
      expect(xml).toContain('<error message=');
      // report.md too shows the escapes, never sends them to a terminal.
      // eslint-disable-next-line no-control-regex
      expect(readFileSync(join(dir, 'report.md'), 'utf8')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    });
  }

  it('the validator rejects what the old writer produced (a raw ESC) and a testcase without a name', async () => {
    expect((await validate('<?xml version="1.0"?><testsuites><testsuite name="a" tests="1"><testcase name="x\u001b"/></testsuite></testsuites>')).valid).toBe(false);
    expect((await validate('<?xml version="1.0"?><testsuites><testsuite name="a" tests="1"><testcase/></testsuite></testsuites>')).valid).toBe(false);
  });

  it('every character XML 1.0 cannot carry, lone surrogates included, is written as \\uXXXX', async () => {
    const nasty = 'a\u0000b\u0001c\u0008\u000b\u000c\u001f\u007f\u0085\ud800z\udc00\ufffe\t\n\r ok 😀';
    expect(xmlSafe(nasty)).toBe('a\\u0000b\\u0001c\\u0008\\u000b\\u000c\\u001f\\u007f\\u0085\\ud800z\\udc00\\ufffe\t\n\r ok 😀');
    const report: CheckReport = {
      tool: 'proauth',
      command: 'proauth check',
      verdict: 'error',
      sut: { kind: 'process', name: `sut ${nasty}`, roles: ['TPoS'], entities: [] },
      pics: REFERENCE_PICS,
      seed: 1,
      runs: 0,
      steps: 0,
      durationMs: 5,
      purposes: [{ id: 'TP-X', title: `title ${nasty}`, requirements: ['5.14-T1'], verdict: 'error' }],
      requirements: [{ id: '5.14-T1', verdict: 'none', purposes: ['TP-X'], because: nasty }],
      counterexamples: [],
      error: `SUT crash: ${nasty} <&>"'`,
    };
    const xml = toJunit(report);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('😀');
  });
});
