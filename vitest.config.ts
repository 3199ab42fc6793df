import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify('test'),
    __BUILD_ID__: JSON.stringify('test'),
  },
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // The test script pins TZ=Europe/Paris, so date tests mean the same on every machine.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
