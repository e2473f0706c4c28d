// Opening the SUT a command names: the bundled reference implementation (default), an
// in-process adapter module (--sut), or an external process (--sut-cmd, docs/sut-protocol.md).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Observation, Stimulus, WorldConfig } from '../observation.ts';
import { parsePics, REFERENCE_PICS, loadPics, type Pics } from '../pics/pics.ts';
import { worldFor } from '../pics/world.ts';
import type { SutPlacement } from '../pics/test-purposes.ts';
import { HybridWorld, placementFor, roleAllows } from '../sut-process/hybrid.ts';
import { SutProcess } from '../sut-process/process.ts';
import { UsageError } from './io.ts';
import { isAdapter, type CliAdapter } from './world-adapter.ts';

export interface SutSpec {
  readonly module?: string;
  readonly command?: string;
  readonly picsFile?: string;
  readonly timeoutMs: number;
}

export interface OpenedSut {
  readonly adapter: CliAdapter;
  readonly kind: 'in-process' | 'process';
  readonly name: string;
  readonly pics: Pics;
  readonly config: WorldConfig;
  readonly placement: SutPlacement;
  readonly allow: (o: Observation, s: Stimulus) => boolean;
  close(): Promise<void>;
}

/** Reads the PICS first (so a broken one is exit 2 before any process starts), then opens the SUT. */
export async function openSut(spec: SutSpec): Promise<OpenedSut> {
  if (spec.module !== undefined && spec.command !== undefined) throw new UsageError('--sut and --sut-cmd are mutually exclusive');
  const claimed = spec.picsFile !== undefined ? loadPics(spec.picsFile) : undefined;

  if (spec.command !== undefined) {
    const { sut, handshake } = await SutProcess.start(spec.command, { timeoutMs: spec.timeoutMs });
    try {
      const pics = claimed ?? parsePics({ pics: 'proauth-pics/1', implementation: { name: handshake.implementation }, roles: handshake.roles }, 'handshake');
      const config = worldFor(pics);
      const world = new HybridWorld({ sut, handshake, roles: pics.roles });
      const hosts = placementFor(pics.roles, config);
      return {
        adapter: world,
        kind: 'process',
        name: `${handshake.implementation} (${spec.command})`,
        pics,
        config,
        placement: { roles: pics.roles, entities: [...hosts.mns, ...hosts.poss] },
        allow: (o, s) => roleAllows(pics.roles, hosts.poss, o, config, s),
        close: () => world.close(),
      };
    } catch (e) {
      await sut.close();
      throw e;
    }
  }

  const pics = claimed ?? REFERENCE_PICS;
  const config = worldFor(pics);
  const everything: SutPlacement = { roles: pics.roles, entities: [...config.mns.map((m) => m.id), ...config.domains.map((d) => d.id)] };
  if (spec.module !== undefined) {
    const adapter = await loadAdapterModule(spec.module);
    return { adapter, kind: 'in-process', name: spec.module, pics, config, placement: everything, allow: () => true, close: async () => adapter.close?.() };
  }
  // The bundled reference implementation, every entity in process.
  const world = new HybridWorld({ roles: [] });
  return { adapter: world, kind: 'in-process', name: 'proauth reference implementation (impl/)', pics, config, placement: everything, allow: () => true, close: () => world.close() };
}

/**
 * An adapter module exports `createAdapter()` (or a default export that is an adapter or a
 * factory of one) implementing reset/apply/observe/close (harness/cli/world-adapter.ts).
 */
async function loadAdapterModule(path: string): Promise<CliAdapter> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--sut ${path}: cannot load module: ${(e as Error).message}`);
  }
  for (const candidate of [mod['createAdapter'], mod['default'], mod['adapter']]) {
    const value: unknown = typeof candidate === 'function' && !isAdapter(candidate) ? await (candidate as () => unknown)() : candidate;
    if (isAdapter(value)) return value;
  }
  throw new UsageError(`--sut ${path}: the module exports no adapter (export createAdapter() returning { reset, apply, observe, close })`);
}
