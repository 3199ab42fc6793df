/**
 * The counts an import tells the person (messages and calls added, duplicates dropped), kept per import by the writer
 * and added to each import's record in the flush that commits them, so a record never counts more, nor
 * less, than what is stored.
 */
import type { IDBPTransaction } from 'idb';
import { settled, type FlushStore } from '../db/block-store';
import type { TextkeepDB } from '../db/schema';

/** Counts kept while writing. */
export interface WriterCounts {
  /** New messages. */
  added: number;
  /** New calls (from call logs), counted apart from messages. */
  calls: number;
  /** Messages and calls already stored (or read twice). */
  duplicates: number;
}

/** No messages yet. */
export function noCounts(): WriterCounts {
  return { added: 0, calls: 0, duplicates: 0 };
}

/** Adds `counts` to `total`. */
export function addCounts(total: WriterCounts, counts: WriterCounts): void {
  total.added += counts.added;
  total.calls += counts.calls;
  total.duplicates += counts.duplicates;
}

/** Adds what a flush commits (per import id) to each import's record, in the flush's transaction. */
export async function countImports(
  tx: IDBPTransaction<TextkeepDB, FlushStore[], 'readwrite'>,
  counted: ReadonlyMap<number, WriterCounts>,
): Promise<void> {
  const store = tx.objectStore('imports');
  const records = await Promise.all([...counted.keys()].map((id) => store.get(id)));
  for (const record of records) {
    const counts = record?.id === undefined ? undefined : counted.get(record.id);
    if (!record || !counts) continue;
    settled(
      store.put({
        ...record,
        added: record.added + counts.added,
        ...(counts.calls || record.calls ? { calls: (record.calls ?? 0) + counts.calls } : {}),
        duplicates: record.duplicates + counts.duplicates,
      }),
    );
  }
}
