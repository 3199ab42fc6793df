import { defineConfig } from 'vitest/config';

/** The conformance run: the real import pipeline over ../shared/samples (`npm run test:corpus`). */
export default defineConfig({
  test: {
    include: ['corpus/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/corpus.json' },
  },
});
