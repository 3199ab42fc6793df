/**
 * The picture's rows for a timeline with calls: a call is a centred, muted line as the day separators are,
 * never a bubble, and the header counts messages and calls apart. The unit tests run in Node, so the few DOM
 * calls the layout makes (createElement, style, textContent, append) are served by a small stand-in; the
 * drawing itself is covered end to end.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportInput } from '../../formats/exporters/contract';
import { exportView } from '../../formats/exporters/view';
import type { Message, Participant } from '../../model/types';
import { RowBuilder, type Palette } from './layout';

/** Just what layout.ts touches of an element. */
class FakeNode {
  readonly style: Record<string, string> = {};
  readonly children: FakeNode[] = [];
  textContent = '';
  dir = '';
  append(...nodes: FakeNode[]): void {
    this.children.push(...nodes);
  }
  /** Its own text and its children's, as a reader would see it. */
  get text(): string {
    return [this.textContent, ...this.children.map((c) => c.text)].join('');
  }
}

const COLOURS: Palette = {
  bg: 'bg',
  surface: 'surface',
  text: 'text',
  muted: 'muted',
  in: 'in',
  out: 'out',
  onOut: 'onOut',
  border: 'border',
};
const ALICE: Participant = { address: '+33612345678', raw: '06 12 34 56 78', name: 'Alice Martin' };

function entry(time: string, direction: 'in' | 'out', extra: Partial<Message> = {}): Message {
  return {
    id: time,
    time: Date.parse(time),
    direction,
    status: direction === 'in' ? 'received' : 'sent',
    sender: direction === 'in' ? ALICE.address : '',
    text: '',
    attachments: [],
    source: { importId: 1, format: 'sbr' },
    ...extra,
  };
}

const MESSAGES: Message[] = [
  entry('2024-01-05T13:00:00Z', 'in', { text: 'Bonjour' }),
  entry('2024-01-05T13:03:00Z', 'in', { call: { type: 'missed', duration: 0 } }),
  entry('2024-01-05T13:05:00Z', 'out', { call: { type: 'outgoing', duration: 720 } }),
];

function builder(messages: Message[] = MESSAGES): RowBuilder {
  const input: ExportInput = {
    conversation: { title: 'Alice Martin', participants: [ALICE], isGroup: false },
    messages,
    timeZone: 'Europe/Paris',
    exportedAt: Date.parse('2026-11-24T10:00:00Z'),
    range: {},
    hideNumbers: false,
    generator: 'Textkeep test',
  };
  return new RowBuilder(input, exportView(input), COLOURS, 1080, () => Promise.resolve(undefined));
}

/** The stand-in behind a row (none: an empty one, which every expectation below fails on). */
const node = (n: HTMLElement | undefined): FakeNode =>
  (n as unknown as FakeNode | undefined) ?? new FakeNode();

beforeEach(() => {
  vi.stubGlobal('document', { createElement: () => new FakeNode() });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the picture layout and calls', () => {
  it('draws a call as a centred, muted line with its words and time, not a bubble', async () => {
    const rows = builder();
    const [text, missedCall, outgoingCall] = MESSAGES;
    if (!text || !missedCall || !outgoingCall) throw new Error('three entries');
    const [, bubble] = await rows.message(text);
    const missed = await rows.message(missedCall);
    const outgoing = await rows.message(outgoingCall);
    // The message before is a bubble row, for contrast: a row holding a coloured bubble.
    expect(node(bubble).children[0]?.style.background).toBe('in');
    for (const [rowsOfCall, words] of [
      [missed, 'Missed call · 14:03 UTC+01:00'],
      [outgoing, 'Outgoing call · 12 min · 14:05 UTC+01:00'],
    ] as const) {
      expect(rowsOfCall).toHaveLength(1);
      const line = node(rowsOfCall[0]);
      expect(line.text).toBe(words);
      expect(line.children).toEqual([]);
      expect(line.style).toMatchObject({ textAlign: 'center', color: 'muted' });
      expect(line.style.background).toBeUndefined();
    }
  });

  it('counts messages and calls apart in the header', () => {
    expect(node(builder().header()).text).toContain('1 message · 2 calls · ');
    expect(node(builder(MESSAGES.slice(0, 1)).header()).text).not.toContain('call');
  });
});
