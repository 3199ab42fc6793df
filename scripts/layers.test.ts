import { Linter } from 'eslint';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../eslint.layers.mjs';

// Each arrow the layers forbid, as one line of a file in that layer, must be reported by the project's own
// layer rules; each allowed arrow must not be.
const linter = new Linter({ configType: 'flat', cwd: join(import.meta.dirname, '..') });
const config = [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  ...(LAYERS as unknown as Linter.Config[]),
] as Linter.Config[];

function reported(file: string, line: string): boolean {
  const messages = linter.verify(line, config, { filename: join(import.meta.dirname, '..', file) });
  return messages.some((m) => m.ruleId === 'no-restricted-imports');
}

const FORBIDDEN: [string, string][] = [
  ['src/db/fixture.ts', "import { TextkeepStore } from '../services/store';"],
  ['src/db/fixture.ts', "import { TkSettings } from '../components/tk-settings';"],
  ['src/db/fixture.ts', "import { ImportWriter } from '../import/import-writer';"],
  ['src/db/fixture.ts', "import { api } from '../workers/import-api';"],
  ['src/db/fixture.ts', "import { html } from 'lit';"],
  ['src/workers/fixture.ts', "import { TextkeepStore } from '../services/store';"],
  ['src/workers/fixture.ts', "import { html } from 'lit';"],
  ['src/components/fixture.ts', "import { openDB } from 'idb';"],
  ['src/components/fixture.ts', "import { openTextkeepDb } from '../db/schema';"],
  ['src/components/fixture.ts', "import { PublicClientApplication } from '@azure/msal-browser';"],
  ['src/formats/fixture.ts', "import { openTextkeepDb } from '../db/schema';"],
  ['src/formats/fixture.ts', "import { openDB } from 'idb';"],
  ['src/model/fixture.ts', "import { ImportService } from '../services/import';"],
  ['src/model/fixture.ts', "import { runImport } from '../import/import-job';"],
  ['src/formats/fixture.ts', "import { runExport } from '../export/export-job';"],
  ['src/import/fixture.ts', "import { TextkeepStore } from '../services/store';"],
  ['src/import/fixture.ts', "import { html } from 'lit';"],
  ['src/export/fixture.ts', "import { TkSettings } from '../components/tk-settings';"],
  ['src/export/fixture.ts', "import { api } from '../workers/export-api';"],
  ['src/services/fixture.ts', "import { runImport } from '../import/import-job';"],
  ['src/services/fixture.ts', "import { ImportWriter } from '../import/import-writer';"],
  ['src/services/fixture.ts', "import { readMessages } from '../export/export-job';"],
  ['src/services/fixture.ts', "import { pulledStream } from '../workers/import-api';"],
  ['src/components/fixture.ts', "import type { ImportSummary } from '../import/summary';"],
  ['src/lib/fixture.ts', "import { LitElement } from 'lit';"],
];

const ALLOWED: [string, string][] = [
  ['src/services/fixture.ts', "import { openTextkeepDb } from '../db/schema';"],
  ['src/workers/fixture.ts', "import { runImport } from '../import/import-job';"],
  ['src/import/fixture.ts', "import { openTextkeepDb } from '../db/schema';"],
  ['src/export/fixture.ts', "import { TEXT_EXPORTERS } from '../formats/exporters/registry';"],
  ['src/services/fixture.ts', "import type { ImportSummary } from '../import/summary';"],
  ['src/services/fixture.ts', "import type { ExportApi } from '../workers/export-api';"],
  ['src/db/fixture.ts', "import type { Message } from '../model/types';"],
  ['src/db/fixture.ts', "import { openDB } from 'idb';"],
  ['src/components/fixture.ts', "import type { ImportState } from '../services/import';"],
  ['src/formats/fixture.ts', "import type { Message } from '../model/types';"],
];

describe('the layer rules', () => {
  it.each(FORBIDDEN)('report an arrow pointing up or sideways: %s: %s', (file, line) => {
    expect(reported(file, line)).toBe(true);
  });
  it.each(ALLOWED)('let an arrow pointing down through: %s: %s', (file, line) => {
    expect(reported(file, line)).toBe(false);
  });
});
