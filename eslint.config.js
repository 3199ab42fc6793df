// @ts-check
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { LAYERS } from './eslint.layers.mjs';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-next/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'public/',
      'bench/.cache/',
      'bench/results.json',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.worker.json', './tsconfig.sw.json', './tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(x) => expect(x)…` and `() => resolve()` read clearly; braces around them add noise only.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: [
      'src/**/*.test.ts',
      'src/sw.ts',
      'src/workers/**',
      'src/import/**',
      'src/export/**',
      'src/db/**',
      'src/formats/**',
      'src/model/**',
    ],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/components/**/*.ts', 'src/app-shell.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['src/components/**/*.ts', 'src/app-shell.ts'],
    ...litA11y.configs.recommended,
  },
  ...LAYERS,
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.node },
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Lit calls event-listener methods with the element as `this`, so passing `this._onX` is safe.
    files: ['src/components/**/*.ts', 'src/app-shell.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
);
