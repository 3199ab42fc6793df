import { describe, expect, it } from 'vitest';
import { entriesLabel } from './entry-counts';

describe('entriesLabel', () => {
  it('counts messages and calls apart, and names only what there is', () => {
    expect(entriesLabel({ messageCount: 81, callCount: 0 }, 'en-US')).toBe('81 messages');
    expect(entriesLabel({ messageCount: 1, callCount: 3 }, 'en-US')).toBe('1 message · 3 calls');
    expect(entriesLabel({ messageCount: 0, callCount: 1 }, 'en-US')).toBe('1 call');
    expect(entriesLabel({ messageCount: 1_204, callCount: 310 }, 'en-US')).toBe('1,204 messages · 310 calls');
  });
});
