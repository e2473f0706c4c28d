// The reference implementation run as an external SUT: a separate process speaking the proauth
// SUT protocol v1 (docs/sut-protocol.md) on stdin/stdout. It plays whatever entities the tester
// asks it to host, with the same engines (impl/entities) the in-process check uses, so a check
// through this process must give exactly the in-process verdict and step count.
//
//   proauth check --sut-cmd "npx tsx examples/reference-sut.ts"
//   proauth check --sut-cmd "npx tsx examples/reference-sut.ts --roles TPoS" --pics my-tpos-pics.json
import { createInterface } from 'node:readline';
import { toHex } from '../impl/bytes.ts';
import type { Output } from '../impl/entities/output.ts';
import { createEntities, type ImplEntities } from '../impl/system.ts';

type Role = 'MN' | 'SPoS' | 'TPoS';
type Json = Record<string, unknown>;

function rolesFromArgs(argv: readonly string[]): Role[] {
  const i = argv.indexOf('--roles');
  if (i < 0) return ['MN', 'SPoS', 'TPoS'];
  return (argv[i + 1] ?? '').split(',').filter((r): r is Role => r === 'MN' || r === 'SPoS' || r === 'TPoS');
}

const roles = rolesFromArgs(process.argv.slice(2));
let entities: ImplEntities | undefined;
let hosted = new Set<string>();

function out(outputs: readonly Output[]): Json {
  return { type: 'out', pdus: outputs.map((o) => ({ to: o.to, hex: toHex(o.bytes) })) };
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`not hosted here: ${what}`);
  return value;
}

function mn(id: unknown) {
  if (typeof id !== 'string' || !hosted.has(id)) throw new Error(`MN ${String(id)} is not hosted here`);
  return need(entities?.mns.get(id), `MN ${id}`);
}

function pos(id: unknown) {
  if (typeof id !== 'string' || !hosted.has(id)) throw new Error(`PoS ${String(id)} is not hosted here`);
  return need(entities?.poss.get(id), `PoS ${id}`);
}

function handle(req: Json): Json {
  switch (req['type']) {
    case 'hello':
      return { type: 'hello', protocol: 'proauth-sut', version: 1, roles, encoding: 'hex', implementation: 'proauth reference implementation (examples/reference-sut.ts)' };
    case 'configure': {
      // Keys are derived from the seed exactly as the tester's own entities derive them, which
      // is also what `provisioning` carries; a third-party SUT uses `provisioning` instead.
      entities = createEntities(req['world'] as Parameters<typeof createEntities>[0], { seed: req['seed'] as number });
      const hosts = req['hosts'] as { mns: string[]; poss: string[] };
      hosted = new Set([...hosts.mns, ...hosts.poss]);
      return { type: 'ok' };
    }
    case 'pdu': {
      const to = req['to'] as string;
      const bytes = Uint8Array.from(Buffer.from((req['hex'] as string | undefined) ?? '', 'hex'));
      if (entities?.mns.has(to) === true) return out(mn(to).receive(bytes));
      return out(pos(to).receive(bytes, req['link'] === 'access' ? 'access' : 'core'));
    }
    case 'attach':
      return out(mn(req['mn']).attach(req['domain'] as string));
    case 'handover':
      return out(mn(req['mn']).handover(req['target'] as string | null, req['fallback'] as boolean));
    case 'complete':
      return out(mn(req['mn']).complete());
    case 'abort':
      return out(mn(req['mn']).abort());
    case 'setFallbackPolicy':
      return out(pos(req['domain']).setFallbackPolicy(req['on'] as boolean));
    case 'report': {
      const e = need(entities, 'configure first');
      const sa = (v: { peer: string; idType: number; root: string; depth: number; state: string; suite: number | null; fingerprint: string }) => ({
        peer: v.peer,
        idType: v.idType,
        root: v.root,
        depth: v.depth,
        state: v.state,
        suite: v.suite,
        key: v.fingerprint,
      });
      return {
        type: 'report',
        mns: [...e.mns.values()].filter((m) => hosted.has(m.id)).map((m) => ({ id: m.id, lifecycle: m.lifecycle, attachedTo: m.attachedTo, sas: m.sas().map(sa) })),
        poss: [...e.poss.values()].filter((p) => hosted.has(p.id)).map((p) => ({ id: p.id, sas: p.sas().map(sa) })),
      };
    }
    case 'bye':
      return { type: 'ok' };
    default:
      throw new Error(`unknown request type ${String(req['type'])}`);
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === '') return;
  let req: Json;
  try {
    req = JSON.parse(line) as Json;
  } catch {
    process.stderr.write('reference-sut: a request line is not JSON\n');
    process.exit(1);
  }
  let answer: Json;
  try {
    answer = handle(req);
  } catch (e) {
    answer = { type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  process.stdout.write(JSON.stringify({ id: req['id'], ...answer }) + '\n');
  if (req['type'] === 'bye') process.exit(0);
});
lines.on('close', () => process.exit(0));
