/**
 * Adds up what every test suite reported (Vitest, Playwright, the conformance run) into one closing line,
 * `N passed, N failed`, for CI. A suite that wrote no report (it never ran) is named as missing.
 */
import { existsSync, readFileSync } from 'node:fs';

const SUITES = [
  {
    name: 'unit',
    file: 'reports/vitest.json',
    count: (r) => ({
      passed: r.numPassedTests,
      failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
    }),
  },
  {
    name: 'end-to-end',
    file: 'reports/e2e.json',
    count: (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected }),
  },
  {
    name: 'conformance',
    file: 'reports/corpus.json',
    count: (r) => ({
      passed: r.numPassedTests,
      failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
    }),
  },
];

let passed = 0;
let failed = 0;
for (const suite of SUITES) {
  if (!existsSync(suite.file)) {
    console.log(`${suite.name}: no report (did not run)`);
    continue;
  }
  const counts = suite.count(JSON.parse(readFileSync(suite.file, 'utf8')));
  console.log(`${suite.name}: ${counts.passed} passed, ${counts.failed} failed`);
  passed += counts.passed;
  failed += counts.failed;
}
console.log(`${passed} passed, ${failed} failed`);
