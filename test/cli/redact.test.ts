// The Redactor hides exactly the secrets the tester provisioned, in every encoding an SUT may
// print them (hex of either case, with or without separators, base64, base64url, inside longer
// runs, cut short), each as its fingerprint, and keeps everything else: long paths, a 64-digit
// hex identifier that is no secret. Over real runs, no provisioned key reaches report.md,
// report.json, junit.xml, the --json summary or the terminal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../harness/report/redact.ts';
import { fingerprint } from '../../harness/tester/crypto.ts';
import { seededBytes } from '../../harness/tester/provisioning.ts';
import { cli, ROOT, tempDir } from './helpers.ts';

const secret = seededBytes('redact test secret', 32);
const other = seededBytes('not a secret', 32);
const hex = Buffer.from(secret).toString('hex');
const pairs = hex.match(/../g)!;
const FP = `<secret fp:${fingerprint(secret)}>`;
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const LONG_PATH = '/home/build/workspace/sut-release-2026.12/target/x86_64-unknown-linux-gnu/release/deps/libhandover_engine-0123456789abcdef0123456789abcdef.rlib';

/** Every form of the secret (or a part of it, 12 bytes or more) a leak could take. */
function leaks(text: string): string[] {
  const found: string[] = [];
  const digits = text.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  for (let i = 0; i + 24 <= hex.length; i++) if (digits.includes(hex.slice(i, i + 24))) found.push(`hex part at ${i}`);
  for (let a = 0; a < 3; a++) {
    const padded = Buffer.concat([Buffer.alloc(a, 0xff), Buffer.from(secret), Buffer.alloc(3, 0xff)]);
    for (const enc of [padded.toString('base64'), padded.toString('base64url')]) {
      const core = enc.slice(Math.ceil((8 * a) / 6), Math.floor((8 * (a + 32)) / 6));
      for (let i = 0; i + 18 <= core.length; i++) if (text.includes(core.slice(i, i + 18))) found.push(`base64 part (offset ${a}) at ${i}`);
    }
  }
  return [...new Set(found)];
}

describe('Redactor', () => {
  const r = new Redactor();
  r.add(secret);

  const encodings: Record<string, string> = {
    'lower-case hex': hex,
    'upper-case hex': hex.toUpperCase(),
    'mixed-case hex': pairs.map((p, i) => (i % 2 === 0 ? p.toUpperCase() : p)).join(''),
    'colon-separated hex': pairs.join(':'),
    'dash-separated upper-case hex': pairs.join('-').toUpperCase(),
    'space-separated hex': pairs.join(' '),
    'hex in groups of four': hex.match(/.{4}/g)!.join(' '),
    'hex inside a longer run': `0a${hex}ff00`,
    'hex cut short by an excerpt': `${hex.slice(0, 40)}…`,
    'hex with its head cut off': hex.slice(30),
    base64: b64(secret),
    'base64 unpadded': b64(secret).replace(/=+$/, ''),
    base64url: b64url(secret),
    'base64 inside a longer run, offset 1': b64(Buffer.concat([Buffer.from([7]), secret, Buffer.from([1, 2, 3])])),
    'base64url inside a longer run, offset 2': b64url(Buffer.concat([Buffer.from([7, 8]), secret, Buffer.from([1, 2, 3, 4])])),
    'base64 cut short': b64(secret).slice(0, 30),
    'in a JSON string': JSON.stringify({ key: hex, k64: b64(secret) }),
  };
  for (const [name, encoded] of Object.entries(encodings)) {
    it(`redacts the secret as ${name}`, () => {
      expect(leaks(encoded), 'the test sees the leak').not.toEqual([]);
      const out = r.redact(`before ${encoded} after`);
      expect(leaks(out), out).toEqual([]);
      expect(out).toContain(FP);
      expect(out.startsWith('before ')).toBe(true);
      expect(out.endsWith(' after')).toBe(true);
    });
  }

  it('keeps what is no secret: a long path, a 64-digit hex identifier, a long base64-like word', () => {
    const text = `loaded ${LONG_PATH}; session ${Buffer.from(other).toString('hex')}; token ${b64(other)}; ThisIsAVeryLongIdentifierWithNoSecretInIt_0123456789abcdef`;
    expect(r.redact(text)).toBe(text);
  });

  it('the fingerprint tells keys apart; deep redaction of a value keeps its field names', () => {
    const s = new Redactor();
    s.add(secret);
    s.add(other);
    expect(s.size).toBe(2);
    const value = s.redactValue({ [hex]: [`${b64(other)}`], n: 3, nested: { text: `a ${hex} b` } });
    expect(value).toEqual({ [hex]: [`<secret fp:${fingerprint(other)}>`], n: 3, nested: { text: `a ${FP} b` } });
    expect(new Redactor().redact(hex)).toBe(hex);
  });
});

describe('no provisioned key in any report or message of a real run', () => {
  const NOISY = join(ROOT, 'test/cli/fixtures/noisy-sut.mjs');
  for (const mode of ['error', 'crash'] as const) {
    it(`an SUT that prints its keys in every encoding (${mode})`, async () => {
      const dir = tempDir();
      const keyfile = join(dir, 'keys.txt');
      const r = await cli(['check', '--sut-cmd', `node ${NOISY} ${mode} ${keyfile}`, '--runs', '1', '--report', join(dir, 'out'), '--json']);
      expect(r.code).toBe(3);
      const keys = readFileSync(keyfile, 'utf8').trim().split('\n');
      expect(keys.length).toBeGreaterThan(0);
      const files = ['report.md', 'report.json', 'junit.xml'].map((f) => readFileSync(join(dir, 'out', f), 'utf8'));
      const shown = [r.out, r.err, ...files];
      for (const key of keys) {
        const pairsOf = key.match(/../g)!;
        const bytes = Buffer.from(key, 'hex');
        for (const form of [key, key.toUpperCase(), pairsOf.join(':'), pairsOf.join('-').toUpperCase(), pairsOf.join(' '), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')]) {
          for (const text of shown) expect(text.includes(form), `${form} in the output`).toBe(false);
        }
      }
      for (const text of [r.out, files[0]!, files[1]!]) expect(text).toMatch(/<secret fp:[0-9a-f]{16}>/);
      // What is no secret is kept whole.
      const kept = mode === 'error' ? [files[0]!, files[1]!, r.out] : [files[0]!, files[1]!];
      for (const text of kept) {
        expect(text).toContain('/opt/sut/builds/2026-12-02/very/long/path/to/the/implementation/under/test/lib/handover-engine.so');
        expect(text).toContain(`session ${'f00dfacecafebeef'.repeat(4)}`);
      }
    });
  }
});
