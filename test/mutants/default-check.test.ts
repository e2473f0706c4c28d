// The default check kills every mutant of the catalogue: shard 1 of 2 (the recorded kills take
// about 110 s on one core, so the two shards run side by side on vitest's two workers).
import { defaultCheckKills } from './default-check-kills.ts';

defaultCheckKills(0, 2);
