import { describe, expect, it } from 'vitest';
import { importHeadline } from './import-words';

describe('importHeadline', () => {
  const summary = { files: [], duplicates: 2 };
  it('names calls only when a call log brought some, counted apart from messages', () => {
    expect(importHeadline({ ...summary, added: 5 })).toBe('Imported 5 new messages (2 duplicates skipped)');
    expect(importHeadline({ ...summary, added: 1_204, calls: 310 })).toBe(
      'Imported 1,204 new messages and 310 calls (2 duplicates skipped)',
    );
    expect(importHeadline({ ...summary, added: 0, calls: 1 })).toBe(
      'Imported 1 new call (2 duplicates skipped)',
    );
    expect(importHeadline({ added: 0, calls: 3, duplicates: 0, files: [], stopped: 'cancelled' })).toBe(
      'Import cancelled. Imported 3 new calls (0 duplicates skipped)',
    );
  });
});
