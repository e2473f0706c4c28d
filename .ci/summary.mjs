// Prints the closing line CI reads: "N passed, N failed", from vitest's JSON report.
// A failure before vitest ran (typecheck, lint) has no report and counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [file, statusText] = process.argv.slice(2);
const status = Number(statusText ?? '1');
if (!file || !existsSync(file)) {
  console.log('no test results: typecheck, lint or the test runner failed before reporting');
  console.log('0 passed, 1 failed');
  process.exit(status === 0 ? 1 : status);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
// A test file that failed without any failed test (it did not load, or a hook threw) counts once.
const brokenFiles = (report.testResults ?? []).filter(
  (f) => f.status !== 'passed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
).length;
let failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
if (status !== 0 && failed === 0) failed = 1; // the runner failed for a reason outside the tests
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status === 0 && failed === 0 && passed > 0 ? 0 : 1);
