// The SUT stdout framing and caps: the same bytes give the same lines and the same first
// problem however they are split into chunks; caps hold exactly at their limits.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ByteTail, STDERR_TAIL_BYTES, escapeControl, excerpt } from '../../harness/sut-process/diagnosis.ts';
import { MAX_BASE64_CHARS, MAX_DEPTH, MAX_HEX_CHARS, MAX_LINE_BYTES, MAX_STRING_CHARS, oversizedField } from '../../harness/sut-process/limits.ts';
import { readLines, type LineProblem } from '../../harness/sut-process/line-reader.ts';

type Event = ['line', number, string] | ['problem', LineProblem] | ['end'];

function read(chunks: readonly Buffer[]): Promise<Event[]> {
  const input = new PassThrough();
  const events: Event[] = [];
  return new Promise((resolve) => {
    readLines(input, {
      line: (n, text) => events.push(['line', n, text]),
      problem: (p) => events.push(['problem', p]),
      end: () => {
        events.push(['end']);
        resolve(events);
      },
    });
    for (const c of chunks) input.write(c);
    input.end();
  });
}

function splitEvery(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('readLines', () => {
  const stream = Buffer.concat([Buffer.from('{"a":"é"}\r\n\n€ two\n'), Buffer.from([0x62, 0xff, 0x0a]), Buffer.from('after\n')]);

  it('gives the same lines and the same first problem for every split into two chunks', async () => {
    const whole = await read([stream]);
    expect(whole).toEqual([
      ['line', 1, '{"a":"é"}'],
      ['line', 2, ''],
      ['line', 3, '€ two'],
      ['problem', { kind: 'utf8', line: 4, head: 'b\uFFFD', cut: false }],
      ['end'],
    ]);
    for (let at = 1; at < stream.length; at++) expect(await read([stream.subarray(0, at), stream.subarray(at)])).toEqual(whole);
    expect(await read(splitEvery(stream, 1))).toEqual(whole);
  });

  it('accepts a line of exactly MAX_LINE_BYTES and refuses one byte more, however chunked', async () => {
    const exact = Buffer.from('-'.repeat(MAX_LINE_BYTES) + '\n');
    expect((await read([exact])).map((e) => e[0])).toEqual(['line', 'end']);
    const over = Buffer.from('ok\n' + '-'.repeat(MAX_LINE_BYTES + 1) + '\nnever\n');
    const expected: Event[] = [['line', 1, 'ok'], ['problem', { kind: 'too-long', line: 2, head: '-'.repeat(120), cut: true }], ['end']];
    expect(await read([over])).toEqual(expected);
    expect(await read(splitEvery(over, 65536))).toEqual(expected);
    // Without a line break at all: refused as soon as the cap is passed, and the stream still drains.
    expect(await read(splitEvery(Buffer.from('ok\n' + '-'.repeat(3 * MAX_LINE_BYTES)), 65536))).toEqual(expected);
  });

  it('delivers a last line without a line break', async () => {
    expect(await read([Buffer.from('one\ntwo')])).toEqual([['line', 1, 'one'], ['line', 2, 'two'], ['end']]);
  });
});

describe('oversizedField', () => {
  const out = (pdu: Record<string, string>): unknown => ({ id: 3, type: 'out', pdus: [{ to: 'B', hex: '00' }, { to: 'A', ...pdu }] });

  it('caps hex at 2 × MAX_PDU_LENGTH and base64 at its encoding of MAX_PDU_LENGTH bytes', () => {
    expect(MAX_HEX_CHARS).toBe(8192);
    expect(MAX_BASE64_CHARS).toBe(5464);
    expect(oversizedField('response', out({ hex: 'a'.repeat(MAX_HEX_CHARS) }))).toBeUndefined();
    expect(oversizedField('response', out({ hex: 'a'.repeat(MAX_HEX_CHARS + 1) }))).toBe('field response.pdus[1].hex is 8193 characters long; at most 8192 are allowed');
    expect(oversizedField('response', out({ base64: 'A'.repeat(MAX_BASE64_CHARS) }))).toBeUndefined();
    expect(oversizedField('response', out({ base64: 'A'.repeat(MAX_BASE64_CHARS + 1) }))).toBe('field response.pdus[1].base64 is 5465 characters long; at most 5464 are allowed');
  });

  it('the published schemas say the same caps', () => {
    const schema = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../schemas/sut-protocol/${name}.schema.json`, import.meta.url), 'utf8'));
    const out = schema('response.out') as { properties: { pdus: { items: { properties: Record<string, { maxLength: number }> } } } };
    const pdu = schema('request.pdu') as { properties: Record<string, { maxLength: number }> };
    for (const fields of [out.properties.pdus.items.properties, pdu.properties]) {
      expect(fields['hex']?.maxLength).toBe(MAX_HEX_CHARS);
      expect(fields['base64']?.maxLength).toBe(MAX_BASE64_CHARS);
    }
  });

  it('caps every other string, field names and nesting; the first offender in document order is named', () => {
    expect(oversizedField('response', { type: 'error', message: 'm'.repeat(MAX_STRING_CHARS) })).toBeUndefined();
    expect(oversizedField('response', { type: 'error', message: 'm'.repeat(MAX_STRING_CHARS + 1), z: 'z'.repeat(MAX_STRING_CHARS + 1) })).toBe(
      'field response.message is 4097 characters long; at most 4096 are allowed',
    );
    expect(oversizedField('response', { ['k'.repeat(65)]: 1 })).toBe('a field name in response is 65 characters long; at most 64 are allowed');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(oversizedField('response', { type: 'ok', x: deep })).toBe(`field response.x${'[0]'.repeat(MAX_DEPTH - 1)} is nested more than ${MAX_DEPTH} levels deep`);
  });
});

describe('stderr tail', () => {
  it('keeps the last bytes whatever the chunking, the last three lines, capped and escaped', () => {
    const text = Buffer.from(`${'old\n'.repeat(5000)}a\tb\n${'word '.repeat(60)}\n\n\u001b[1mlast\r\n`);
    const one = new ByteTail();
    one.push(text);
    const many = new ByteTail();
    for (const c of splitEvery(text, 7)) many.push(c);
    expect(many.lines()).toEqual(one.lines());
    expect(one.lines()).toEqual(['a\\u0009b', `${'word '.repeat(40)}…`, '\\u001b[1mlast']);
    expect(STDERR_TAIL_BYTES).toBeLessThan(text.length);
    expect(escapeControl('\u0085\u2028ok')).toBe('\\u0085\\u2028ok');
  });

  it('drops the line cut at the front, so no part of a key survives the cut unredacted', () => {
    const tail = new ByteTail();
    tail.push(Buffer.from(`${'k'.repeat(STDERR_TAIL_BYTES - 10)}0123456789abcdef\nshort\n`));
    expect(tail.lines()).toEqual(['short']);
  });
});

describe('excerpt', () => {
  it('hides a hex or base64 run cut by the excerpt, which redact() would no longer recognise', () => {
    const line = `{"id":4,"type":"out","pdus":[{"to":"B","hex":"${'ab'.repeat(100)}"}]}`;
    expect(excerpt(line)).toBe(`${JSON.stringify('{"id":4,"type":"out","pdus":[{"to":"B","hex":"<cut>')}…`);
    expect(excerpt('short line')).toBe('"short line"');
    expect(excerpt('-'.repeat(50), true)).toBe(`"${'-'.repeat(50)}"…`);
  });
});
