// `npx tsx harness/explore/main.ts …` is `proauth explore …` (harness/cli/commands/explore.ts).
import { main } from '../cli/main.ts';

process.exitCode = await main(['explore', ...process.argv.slice(2)]);
