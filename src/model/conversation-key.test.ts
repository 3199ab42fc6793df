import { describe, expect, it } from 'vitest';
import { conversationKey, conversationTitle, UNKNOWN_TITLE } from './conversation-key';
import type { Participant } from './types';

describe('conversationKey', () => {
  it.each<[addresses: string[], key: string]>([
    [['+4915112313123'], '+4915112313123'],
    // ragibson multiple_duplicates: group members listed in either order.
    [['+11111111111', '+11111111112'], '+11111111111|+11111111112'],
    [['+11111111112', '+11111111111'], '+11111111111|+11111111112'],
    [['+11111111112', '+11111111111', '+11111111112'], '+11111111111|+11111111112'],
    [['Google', '38642', '+33650000001'], '+33650000001|38642|Google'],
    [['A|B'], 'A\\|B'],
    [['A\\', 'B'], 'A\\\\|B'],
    [[], ''],
  ])('%j → %j', (addresses, key) => {
    expect(conversationKey(addresses)).toBe(key);
  });

  it('never gives two address sets the same key', () => {
    const sets = [['A', 'B'], ['A|B'], ['A\\', 'B'], ['A\\|B'], ['A\\|', 'B']];
    const keys = sets.map(conversationKey);
    expect(new Set(keys).size).toBe(sets.length);
  });
});

describe('conversationTitle', () => {
  const alice: Participant = { address: '+4915112313123', raw: '015112313123', name: 'Alice' };
  const bob: Participant = { address: '+33650000001', raw: '0650000001', name: 'Bob' };
  const noName: Participant = { address: '+17733387786', raw: '773-338-7786' };
  const shortCode: Participant = { address: '38642', raw: '38642' };

  it.each<[name: string, participants: Participant[], title: string]>([
    ['a name', [alice], 'Alice'],
    ['a number without name, national at home', [noName], '(773) 338-7786'],
    ['a short code', [shortCode], '38642'],
    ['a group in key order', [alice, noName, bob], '(773) 338-7786, Bob, Alice'],
    ['the same group listed otherwise', [bob, alice, noName], '(773) 338-7786, Bob, Alice'],
    ['a blank name is no name', [{ ...noName, name: '  ' }], '(773) 338-7786'],
    ['a name found on a later copy', [noName, { ...noName, name: 'Carol' }], 'Carol'],
    ['no participants', [], UNKNOWN_TITLE],
  ])('%s', (_name, participants, title) => {
    expect(conversationTitle(participants, 'US')).toBe(title);
  });

  it('formats numbers for the region', () => {
    expect(conversationTitle([{ address: '+4915112313123', raw: '' }], 'DE')).toBe('01511 2313123');
    expect(conversationTitle([{ address: '+4915112313123', raw: '' }], 'GB')).toBe('+49 1511 2313123');
  });
});
