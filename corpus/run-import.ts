/** Runs the real import pipeline (the worker's code) over files on disk, in Node with fake-indexeddb. */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { deleteDB } from 'idb';
import type { CountryCode } from '../src/model/address';
import type { Conversation, ImportRecord, MessageBlock } from '../src/model/types';
import { openTextkeepDb } from '../src/db/schema';
import { runImport } from '../src/import/import-job';
import type { ImportSummary } from '../src/import/summary';

/** What an import left in a fresh database. */
export interface CorpusOutcome {
  summaries: ImportSummary[];
  conversations: Conversation[];
  blocks: MessageBlock[];
  /** The import history: its records count the calls added, which the run's summary does not carry. */
  imports: ImportRecord[];
}

let counter = 0;

/** Imports each group of files in turn (one run per group) into one fresh database. */
export async function importInto(
  groups: readonly (readonly string[])[],
  region: CountryCode = 'US',
): Promise<CorpusOutcome> {
  const name = `corpus-${String(++counter)}`;
  const db = await openTextkeepDb(name);
  try {
    const summaries: ImportSummary[] = [];
    for (const paths of groups) {
      const files = paths.map((path) => new File([readFileSync(path)], basename(path)));
      summaries.push(
        await runImport(db, files, {
          region,
          timeZone: 'Europe/Paris',
          signal: new AbortController().signal,
          onProgress: () => undefined,
          onStored: () => undefined,
        }),
      );
    }
    return {
      summaries,
      conversations: await db.getAll('conversations'),
      blocks: await db.getAll('messageBlocks'),
      imports: await db.getAll('imports'),
    };
  } finally {
    db.close();
    await deleteDB(name);
  }
}
