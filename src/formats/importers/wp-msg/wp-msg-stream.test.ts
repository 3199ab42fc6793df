import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../../contract';
import { collect, streamOf } from '../../../../test-support/streams';
import { wpMsgImporter } from './wp-msg-importer';

const TICKS = '131144780440000000'; // 2016-07-31 22:34:04 UTC

function sms(n: number): string {
  return (
    `<Message>\n  <Recepients />\n  <Body>Message ${n} — ok</Body>\n  <IsIncoming>true</IsIncoming>\n` +
    `  <IsRead>true</IsRead>\n  <Attachments />\n  <LocalTimestamp>${TICKS}</LocalTimestamp>\n` +
    `  <Sender>+4400000000${n}</Sender>\n</Message>\n`
  );
}

const file = (count: number): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n<ArrayOfMessage>\n${Array.from({ length: count }, (_, i) => sms(i)).join('')}</ArrayOfMessage>\n`;

describe('wp-msg streaming', () => {
  it('skips a UTF-8 BOM and yields batches as chunks arrive, reporting bytes read', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(file(5))]);
    const progress: number[] = [];
    const result = await collect(
      wpMsgImporter.parse(streamOf(bytes, 64), { onProgress: (n) => progress.push(n) }),
    );
    expect(result.messages.map((m) => m.text)).toEqual([0, 1, 2, 3, 4].map((n) => `Message ${n} — ok`));
    expect(result.messages[0]?.time).toBe(Date.UTC(2016, 6, 31, 22, 34, 4));
    expect(result.problems).toEqual([]);
    expect(result.batches).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('keeps the complete messages of a truncated file and ends with a fatal truncated', async () => {
    const whole = file(3);
    const cut = whole.slice(0, whole.indexOf('<Body>Message 2'));
    const { items, messages } = await collect(wpMsgImporter.parse(streamOf(cut), {}));
    expect(messages.map((m) => m.text)).toEqual(['Message 0 — ok', 'Message 1 — ok']);
    expect(items.at(-1)).toEqual({ kind: 'problem', reason: 'truncated', count: 1, fatal: true });
  });

  it('reports a file cut between messages as truncated too', async () => {
    const whole = file(2);
    const { items, messages } = await collect(
      wpMsgImporter.parse(streamOf(whole.slice(0, whole.indexOf('</ArrayOfMessage>'))), {}),
    );
    expect(messages).toHaveLength(2);
    expect(items.at(-1)).toMatchObject({ reason: 'truncated', fatal: true });
  });

  it('keeps what came before malformed XML, then stops with a fatal malformed at its line', async () => {
    const broken = file(3).replace('<Body>Message 1 — ok</Body>', '<Body>Message 1</Bod>');
    const line = broken.slice(0, broken.indexOf('</Bod>')).split('\n').length;
    const { items, messages } = await collect(wpMsgImporter.parse(streamOf(broken), {}));
    expect(messages.map((m) => m.text)).toEqual(['Message 0 — ok']);
    expect(items.at(-1)).toEqual({
      kind: 'problem',
      reason: 'malformed',
      count: 1,
      fatal: true,
      detail: `line ${line}`,
    });
  });

  it('stops without error when aborted between chunks', async () => {
    const controller = new AbortController();
    const seen: ImportItem[] = [];
    let cancelled = false;
    const source = streamOf(file(50), 200, () => (cancelled = true));
    for await (const batch of wpMsgImporter.parse(source, { signal: controller.signal })) {
      seen.push(...batch);
      controller.abort();
    }
    const messages = seen.filter((item) => item.kind === 'message');
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.length).toBeLessThan(50);
    expect(seen.some((item) => item.kind === 'problem')).toBe(false);
    expect(cancelled).toBe(true);
  });

  it('yields nothing when aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await collect(wpMsgImporter.parse(streamOf(file(3)), { signal: controller.signal }));
    expect(result.items).toEqual([]);
  });
});
