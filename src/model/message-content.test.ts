import { describe, expect, it } from 'vitest';
import { snippetOf } from './conversation-summary';
import { NO_TEXT, isWithoutContent } from './message-content';
import type { Message } from './types';

const message = (text: string, attachments: Message['attachments'] = []): Message => ({
  id: 'm',
  time: 1_600_000_000_000,
  direction: 'in',
  status: 'received',
  sender: '+15555550101',
  text,
  attachments,
  source: { importId: 1, format: 'wp-msg' },
});

describe('a message without text or attachment', () => {
  it('is one when it has no text (or only spaces) and no attachment', () => {
    expect(isWithoutContent(message(''))).toBe(true);
    expect(isWithoutContent(message(' \n '))).toBe(true);
    expect(isWithoutContent(message('hi'))).toBe(false);
    expect(isWithoutContent(message('', [{ type: 'image/png', size: 0 }]))).toBe(false);
  });

  it('is previewed in the list as "No text"', () => {
    expect(NO_TEXT).toBe('No text');
    expect(snippetOf(message(''))).toBe(NO_TEXT);
    expect(snippetOf(message('hi'))).toBe('hi');
  });
});
