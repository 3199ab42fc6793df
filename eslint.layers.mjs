// The layer rules of DESIGN.md, used by eslint.config.js and proved by scripts/layers.test.ts.
/** Import rules that keep the layers of DESIGN.md pointing down only. */
const layer = (files, patterns) => ({
  files,
  ignores: ['src/**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const UPPER = ['**/services/*', '**/services/**', '**/components/**', '**/controllers/**', '**/app-shell*'];
const NO_DOM = { group: ['lit', 'lit/*', '@lit/*', '@lit-labs/*'], message: 'This layer has no DOM or Lit.' };
const NO_OUTSIDE = {
  group: ['@azure/*', 'workbox-*'],
  message: 'Only services touch MSAL or the service worker.',
};

/**
 * The layer rules (scripts/layers.test.ts proves each forbidden arrow is reported):
 * components → controllers → services → db → model; workers → db, formats, model; db imports no page or
 * worker code; model, formats and lib are pure.
 */
export const LAYERS = [
  layer(
    ['src/components/**/*.ts', 'src/controllers/**/*.ts'],
    [
      {
        group: ['idb', 'idb/*', '**/db/*', '**/db/**'],
        message: 'Components reach the store through services.',
      },
      { group: ['@azure/*', '**/services/auth/**'], message: 'Components reach MSAL through services.' },
    ],
  ),
  layer(
    ['src/model/**/*.ts', 'src/formats/**/*.ts', 'src/lib/**/*.ts'],
    [
      NO_DOM,
      NO_OUTSIDE,
      { group: ['idb', 'idb/*', '**/db/*', '**/db/**'], message: 'Pure layers never touch IndexedDB.' },
      { group: [...UPPER, '**/workers/**'], message: 'Pure layers import nothing above them.' },
    ],
  ),
  layer(
    ['src/db/**/*.ts'],
    [
      NO_DOM,
      NO_OUTSIDE,
      {
        group: [...UPPER, '**/workers/**'],
        message: 'The database layer serves both runtimes: it imports neither page code nor worker code.',
      },
    ],
  ),
  layer(
    ['src/workers/**/*.ts'],
    [
      { ...NO_DOM, group: [...NO_DOM.group, '**/components/**', '**/controllers/**'] },
      {
        group: ['**/services/*', '**/services/**', '**/app-shell*'],
        message: 'Workers never import page code.',
      },
    ],
  ),
];
