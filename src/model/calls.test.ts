import { describe, expect, it } from 'vitest';
import { callLine, callWords, durationWords } from './calls';

describe('call words', () => {
  it('names each kind of call', () => {
    expect(callWords({ type: 'missed' })).toBe('Missed call');
    expect(callWords({ type: 'voicemail' })).toBe('Voicemail');
    expect(callWords({ type: 'rejected' })).toBe('Declined call');
  });

  it('says how long a call lasted, and nothing for one of no length', () => {
    expect(durationWords(0)).toBeUndefined();
    expect(durationWords(-3)).toBeUndefined();
    expect(durationWords(45)).toBe('45 s');
    expect(durationWords(720)).toBe('12 min');
    expect(durationWords(3_900)).toBe('1 h 5 min');
    expect(durationWords(7_200)).toBe('2 h');
    expect(callLine({ type: 'outgoing', duration: 720 })).toBe('Outgoing call · 12 min');
    expect(callLine({ type: 'missed', duration: 0 })).toBe('Missed call');
  });
});
