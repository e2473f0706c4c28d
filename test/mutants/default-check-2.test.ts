// The default check kills every mutant of the catalogue: shard 2 of 2 (see default-check.test.ts).
import { defaultCheckKills } from './default-check-kills.ts';

defaultCheckKills(1, 2);
