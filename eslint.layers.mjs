// The layer rules of DESIGN.md, used by eslint.config.js and proved by scripts/layers.test.ts.
/** Import rules that keep the layers of DESIGN.md pointing down only. */
const layer = (files, patterns) => ({
  files,
  ignores: ['src/**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const PAGE = ['**/services/*', '**/services/**', '**/components/**', '**/controllers/**', '**/app-shell*'];
const RUNS = ['**/import/*', '**/export/*', '**/workers/*'];
const NO_DOM = { group: ['lit', 'lit/*', '@lit/*', '@lit-labs/*'], message: 'This layer has no DOM or Lit.' };
const NO_OUTSIDE = {
  group: ['@azure/*', 'workbox-*'],
  message: 'Only services touch MSAL or the service worker.',
};
const NO_DB = {
  group: ['idb', 'idb/*', '**/db/*', '**/db/**'],
  message: 'Pure layers never touch IndexedDB.',
};

/**
 * The layer rules (scripts/layers.test.ts proves each forbidden arrow is reported):
 * components → controllers → services → db → model; services spawn workers and take only the wire types of
 * import/ and export/; workers → import/, export/ → formats/, db/ → model/, lib/. Nothing in db/, import/,
 * export/ or workers/ imports page code; model, formats and lib are pure.
 */
export const LAYERS = [
  layer(
    ['src/components/**/*.ts', 'src/controllers/**/*.ts'],
    [
      { ...NO_DB, message: 'Components reach the store through services.' },
      { group: ['@azure/*', '**/services/auth/**'], message: 'Components reach MSAL through services.' },
      { group: RUNS, message: 'Components reach the import and export runs through services.' },
    ],
  ),
  layer(
    ['src/services/**/*.ts'],
    [
      {
        group: ['**/import/*', '**/export/*', '!**/import/summary', '!**/export/summary'],
        message:
          'The page runs imports and exports in their workers: it takes only their wire types (summary.ts).',
      },
      {
        group: ['**/workers/*'],
        allowTypeImports: true,
        message: 'Services spawn workers by URL and take only the types of their APIs.',
      },
    ],
  ),
  layer(
    ['src/model/**/*.ts', 'src/formats/**/*.ts', 'src/lib/**/*.ts'],
    [
      NO_DOM,
      NO_OUTSIDE,
      NO_DB,
      { group: [...PAGE, ...RUNS], message: 'Pure layers import nothing above them.' },
    ],
  ),
  layer(
    ['src/db/**/*.ts'],
    [
      NO_DOM,
      NO_OUTSIDE,
      {
        group: [...PAGE, ...RUNS],
        message:
          'The database layer serves both runtimes: it imports neither page code nor the runs above it.',
      },
    ],
  ),
  layer(
    ['src/import/**/*.ts', 'src/export/**/*.ts'],
    [
      { ...NO_DOM, group: [...NO_DOM.group] },
      NO_OUTSIDE,
      { group: [...PAGE, '**/workers/*'], message: 'A run imports no page code and no worker entry.' },
    ],
  ),
  layer(
    ['src/workers/**/*.ts'],
    [NO_DOM, NO_OUTSIDE, { group: PAGE, message: 'Workers never import page code.' }],
  ),
];
