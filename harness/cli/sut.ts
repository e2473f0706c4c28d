// Opening the SUT a command names: the bundled reference implementation (default), an
// in-process adapter module (--sut), or an external process (--sut-cmd, docs/sut-protocol.md).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Observation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { parsePics, REFERENCE_PICS, loadPics, type Pics } from '../pics/pics.ts';
import type fc from 'fast-check';
import type { ImplModule } from '../adapters/reference-adapter.ts';
import type { Role } from '../pics/pics.ts';
import { worldArbitrary } from '../pics/pics-world.ts';
import type { SutPlacement } from '../pics/test-purposes.ts';
import { loadPristine } from '../pristine.ts';
import { HybridWorld, hostsNoneOrEveryPos, placementFor, placementRoles, placementsFor, roleAllows, type PlacementKind } from '../sut-process/hybrid.ts';
import { SutError } from '../sut-process/errors.ts';
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
  /** The worlds a run in this placement draws from (harness/pics/pics-world.ts, worldArbitrary of the PICS). */
  /** `erpSeqEnd`: a run that chases the end of the ERP SEQ space (every world starts near it, where the placement allows). */
  worlds(kind: PlacementKind, erpSeqEnd?: boolean): fc.Arbitrary<WorldConfig>;
  /** The placements a check rotates over, seed j using placements[j mod length]. */
  readonly placements: readonly PlacementKind[];
  /** Sets the placement of the following runs. */
  place(kind: PlacementKind): void;
  /** Who the SUT plays in a world under a placement. */
  placement(kind: PlacementKind, config: WorldConfig): SutPlacement;
  /** The stimuli the SUT can take part in under a placement (a single-role SUT never acts in another role). */
  allow(kind: PlacementKind, o: Observation, s: Stimulus, config: WorldConfig): boolean;
  close(): Promise<void>;
}

/** An opened SUT whose entities a HybridWorld places beside the tester's. */
function placed(world: HybridWorld, roles: readonly Role[], rest: Pick<OpenedSut, 'kind' | 'name' | 'pics'>): OpenedSut {
  const nearEnd = worldArbitrary(rest.pics);
  const atEnd = worldArbitrary(rest.pics, { erpSeqAlwaysNearEnd: true });
  const plain = worldArbitrary(rest.pics, { erpSeqNearEnd: false });
  const placement = (kind: PlacementKind, config: WorldConfig): SutPlacement => {
    const hosts = placementFor(roles, config, kind);
    return { roles: placementRoles(kind, roles), entities: [...hosts.mns, ...hosts.poss] };
  };
  return {
    ...rest,
    adapter: world,
    // A world near the ERP SEQ end needs one SEQ count per HPoS, which a split of the PoSs
    // between SUT and tester cannot keep (docs/sut-protocol.md).
    worlds: (kind, erpSeqEnd) => (!hostsNoneOrEveryPos(roles, kind) ? plain : erpSeqEnd === true ? atEnd : nearEnd),
    placements: placementsFor(roles),
    place: (kind) => world.place(kind),
    placement,
    allow: (kind, o, s, config) => roleAllows(placementRoles(kind, roles), placementFor(roles, config, kind).poss, o, config, s),
    close: () => world.close(),
  };
}

/** Reads the PICS first (so a broken one is exit 2 before any process starts), then opens the SUT. */
export async function openSut(spec: SutSpec): Promise<OpenedSut> {
  if (spec.module !== undefined && spec.command !== undefined) throw new UsageError('--sut and --sut-cmd are mutually exclusive');
  const claimed = spec.picsFile !== undefined ? loadPics(spec.picsFile) : undefined;
  const tester = await loadPristine();

  if (spec.command !== undefined) {
    const { sut, handshake } = await SutProcess.start(spec.command, { timeoutMs: spec.timeoutMs });
    try {
      const pics = claimed ?? parsePics({ pics: 'proauth-pics/1', implementation: { name: handshake.implementation }, roles: handshake.roles }, 'handshake');
      const world = new HybridWorld({ sut, handshake, roles: pics.roles, tester });
      return placed(world, pics.roles, { kind: 'process', name: `${handshake.implementation} (${spec.command})`, pics });
    } catch (e) {
      await sut.close();
      throw e;
    }
  }

  const pics = claimed ?? REFERENCE_PICS;
  if (spec.module !== undefined) {
    const loaded = await loadSutModule(spec.module);
    if ('ImplSystem' in loaded) return placed(new HybridWorld({ roles: pics.roles, module: loaded, tester }), pics.roles, { kind: 'in-process', name: spec.module, pics });
    const adapter = loaded;
    // The module plays every entity: one SEQ count per HPoS.
    const worlds = worldArbitrary(pics);
    const atEnd = worldArbitrary(pics, { erpSeqAlwaysNearEnd: true });
    const everything = (config: WorldConfig): SutPlacement => ({ roles: pics.roles, entities: [...config.mns.map((m) => m.id), ...config.domains.map((d) => d.id)] });
    return {
      adapter,
      kind: 'in-process',
      name: spec.module,
      pics,
      worlds: (_kind, erpSeqEnd) => (erpSeqEnd === true ? atEnd : worlds),
      placements: ['all'],
      place: () => undefined,
      placement: (_kind, config) => everything(config),
      allow: () => true,
      close: async () => adapter.close?.(),
    };
  }
  // The bundled reference implementation as the SUT, against the pristine copy's entities.
  const bundled = (await import('../../impl/system.ts')) as ImplModule;
  return placed(new HybridWorld({ roles: pics.roles, module: bundled, tester }), pics.roles, { kind: 'in-process', name: 'proauth reference implementation (impl/)', pics });
}

/** The module's factory throwing is the SUT failing to start (exit 3), not a fault of the tester. */
async function makeAdapter(path: string, factory: () => unknown): Promise<unknown> {
  try {
    return await factory();
  } catch (e) {
    throw new SutError('spawn', `--sut ${path}: its adapter factory threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

/**
 * An adapter module exports `createAdapter()` (or a default export that is an adapter or a
 * factory of one) implementing reset/apply/observe/close (harness/cli/world-adapter.ts).
 */
async function loadSutModule(path: string): Promise<CliAdapter | ImplModule> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--sut ${path}: cannot load module: ${(e as Error).message}`);
  }
  // A copy of impl/ (its system.ts): it hosts entities beside the tester's like a process SUT.
  if (typeof mod['ImplSystem'] === 'function' && typeof mod['createEntities'] === 'function') return mod as unknown as ImplModule;
  for (const candidate of [mod['createAdapter'], mod['default'], mod['adapter']]) {
    const value: unknown = typeof candidate === 'function' && !isAdapter(candidate) ? await makeAdapter(path, candidate as () => unknown) : candidate;
    if (isAdapter(value)) return value;
  }
  throw new UsageError(`--sut ${path}: the module exports no adapter (export createAdapter() returning { reset, apply, observe, close })`);
}
