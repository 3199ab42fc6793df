/**
 * The Textkeep JSON importer on hostile and damaged exports (issue 12): the bounds of limits.ts as the
 * archive formats apply them (damage at that line, what came before kept), a cut-off file, chunk
 * boundaries, order, cancel and progress. The round trip with the exporter is in exporters.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../../contract';
import {
  exportJson,
  hugeTextJson,
  manyParticipantsJson,
  messageJson,
  participantAddresses,
} from '../../../../test-support/hostile-json';
import { BEFORE_DATE, HOSTILE_ADDRESS } from '../../../../test-support/hostile-inputs';
import { MAX_ATTACHMENTS, MAX_DEPTH, MAX_PARTICIPANTS, MAX_TEXT_CHARS } from '../../limits';
import { collect, streamOf } from '../../../../test-support/streams';
import { textkeepJsonImporter } from './textkeep-json-importer';

const reasons = (items: ImportItem[]): string[] =>
  items.flatMap((i) => (i.kind === 'problem' ? [`${i.reason}${i.fatal ? '!' : ''}`] : []));
const texts = (items: ImportItem[]): string[] => items.flatMap((i) => (i.kind === 'message' ? [i.text] : []));
const details = (items: ImportItem[]): (string | undefined)[] =>
  items.flatMap((i) => (i.kind === 'problem' ? [i.detail] : []));
const parse = (text: string, chunk = 65_536) =>
  collect(textkeepJsonImporter.parse(streamOf(text, chunk), {}));
/** The 1-based line of `text` on which `fragment` first starts. */
const lineOf = (text: string, fragment: string): number =>
  text.slice(0, text.indexOf(fragment)).split('\n').length;

const at = (i: number): number => BEFORE_DATE + i * 1000;
const attachments = (count: number): string =>
  `,"attachments":[${Array.from({ length: count }, () => '{"type":"image/png","size":1}').join(',')}]`;

describe('the Textkeep JSON importer within the bounds', () => {
  it('20,000 participants is damage at the 257th; nothing after it is read', async () => {
    const text = manyParticipantsJson(20_000);
    const { items } = await parse(text);
    expect(reasons(items)).toEqual(['malformed!']);
    expect(texts(items)).toEqual([]);
    const tooMany = participantAddresses(MAX_PARTICIPANTS + 1).at(-1) ?? '';
    expect(details(items)).toEqual([`line ${String(lineOf(text, tooMany) - 1)}`]);
  });

  it('as many participants as a group can have are read', async () => {
    const { items, messages } = await parse(manyParticipantsJson(MAX_PARTICIPANTS));
    expect(reasons(items)).toEqual([]);
    expect(messages.map((m) => m.others.length)).toEqual([MAX_PARTICIPANTS]);
  });

  it('a text of 20 MB is damage once past the bound, read no further; the message before is kept', async () => {
    const file = hugeTextJson(20 << 20);
    let read = 0;
    const { items } = await collect(
      textkeepJsonImporter.parse(file.stream(), { onProgress: (n) => (read = n) }),
    );
    expect(reasons(items)).toEqual(['malformed!']);
    const line = lineOf(exportJson([HOSTILE_ADDRESS], [messageJson('before', at(0)), 'huge']), 'huge');
    expect(details(items)).toEqual([`line ${String(line)}`]);
    expect(texts(items)).toEqual(['before']);
    expect(read).toBeLessThan(MAX_TEXT_CHARS + (1 << 20));
  });

  it('a text as long as the bound is read whole', async () => {
    const long = 'y'.repeat(MAX_TEXT_CHARS);
    const { items } = await parse(exportJson([HOSTILE_ADDRESS], [messageJson(long, at(0))]));
    expect(reasons(items)).toEqual([]);
    expect(texts(items).map((t) => t.length)).toEqual([MAX_TEXT_CHARS]);
  });

  it('one attachment past the bound is damage at that message; the message before is kept', async () => {
    const ok = messageJson('full', at(1), attachments(MAX_ATTACHMENTS)).replace(',"attachments":[]', '');
    const over = messageJson('over', at(2), attachments(MAX_ATTACHMENTS + 1)).replace(
      ',"attachments":[]',
      '',
    );
    const text = exportJson(
      [HOSTILE_ADDRESS],
      [messageJson('before', at(0)), ok, over, messageJson('after', at(3))],
    );
    const { items, messages } = await parse(text);
    expect(reasons(items)).toEqual(['malformed!']);
    expect(texts(items)).toEqual(['before', 'full']);
    expect(messages[1]?.attachments).toHaveLength(MAX_ATTACHMENTS);
    expect(details(items)).toEqual([`line ${String(lineOf(text, '"over"'))}`]);
  });

  it.each([
    [
      'in a field it does not read',
      (levels: number) => `,"extra":${'['.repeat(levels)}${']'.repeat(levels)}`,
    ],
    ['left open', (levels: number) => `,"extra":${'{"a":'.repeat(levels)}`],
  ])('nesting deeper than the bound %s is damage; the message before is kept', async (_, nest) => {
    const deep = messageJson('deep', at(1), nest(MAX_DEPTH));
    const text = exportJson(
      [HOSTILE_ADDRESS],
      [messageJson('before', at(0)), deep, messageJson('after', at(2))],
    );
    const { items } = await parse(text, 4096);
    expect(reasons(items)).toEqual(['malformed!']);
    expect(texts(items)).toEqual(['before']);
  });

  it('nesting up to the bound, in fields it does not read, is read past', async () => {
    // The message object is 3 levels deep: the root, "messages", the message.
    const levels = MAX_DEPTH - 3;
    const deep = messageJson('deep', at(1), `,"extra":${'['.repeat(levels)}${']'.repeat(levels)}`);
    const { items } = await parse(exportJson([HOSTILE_ADDRESS], [messageJson('before', at(0)), deep]));
    expect(reasons(items)).toEqual([]);
    expect(texts(items)).toEqual(['before', 'deep']);
  });
});

describe('the Textkeep JSON importer on damaged files', () => {
  const three = exportJson(
    [HOSTILE_ADDRESS],
    ['one', 'two', 'three'].map((t, i) => messageJson(t, at(i))),
  );

  it.each([
    ['inside the third message', three.indexOf('"three"'), ['one', 'two']],
    ['between two messages', three.indexOf('"three"') - 60, ['one', 'two']],
    ['before the closing bracket', three.lastIndexOf(']'), ['one', 'two', 'three']],
  ])('a file cut %s keeps the complete messages and says it ended early', async (_, cut, kept) => {
    const { items } = await parse(three.slice(0, cut), 64);
    expect(texts(items)).toEqual(kept);
    expect(items.at(-1)).toEqual({ kind: 'problem', reason: 'truncated', count: 1, fatal: true });
  });

  it('a file damaged inside a message is damage at its line; the messages before are kept', async () => {
    const text = three.replace('"three"', '"three" oops');
    const { items } = await parse(text, 64);
    expect(texts(items)).toEqual(['one', 'two']);
    expect(reasons(items)).toEqual(['malformed!']);
    expect(details(items)).toEqual([`line ${String(lineOf(text, 'oops'))}`]);
  });

  it.each([
    ['another format', three.replace('"textkeep.conversation"', '"other.format"')],
    ['a later version', three.replace('"version": 1', '"version": 2')],
    ['no format at all', '{"version":1,"conversation":{"participants":[{"address":"+1555"}]},"messages":[]}'],
    ['an array', '[{"format":"textkeep.conversation"}]'],
  ])('%s is not an archive, and nothing of it is read', async (_, text) => {
    const { items } = await parse(text);
    expect(reasons(items)).toEqual(['not-an-archive!']);
    expect(texts(items)).toEqual([]);
  });

  it('skips messages without a date or with one that cannot be read, counting each reason', async () => {
    const bad = [
      '"x"',
      '{"text":"no time","direction":"in"}',
      messageJson('bad', at(1)).replace(/"time":"[^"]*"/, '"time":"soon"'),
    ];
    const { items } = await parse(exportJson([HOSTILE_ADDRESS], [messageJson('good', at(0)), ...bad]));
    expect(texts(items)).toEqual(['good']);
    expect(items.filter((i) => i.kind === 'problem')).toEqual([
      { kind: 'problem', reason: 'no-date', count: 2 },
      { kind: 'problem', reason: 'bad-date', count: 1 },
    ]);
  });

  it('keeps a message whose direction is not readable, its direction unknown for dedupe', async () => {
    const odd = messageJson('odd', at(1)).replace('"in"', '"up"');
    const { items, messages } = await parse(exportJson([HOSTILE_ADDRESS], [odd]));
    expect(reasons(items)).toEqual([]);
    expect(messages).toMatchObject([{ text: 'odd', direction: 'in', directionKnown: false }]);
  });

  it('skips every message of an export that names no participant, as no-party', async () => {
    const { items } = await parse(exportJson([], [messageJson('a', at(0)), messageJson('b', at(1))]));
    expect(texts(items)).toEqual([]);
    expect(items.filter((i) => i.kind === 'problem')).toEqual([
      { kind: 'problem', reason: 'no-party', count: 2 },
    ]);
  });

  it('counts add up: every record is a message yielded or a record skipped, empty ones kept', async () => {
    const records = [
      messageJson('good', at(0)),
      messageJson('', at(1)),
      messageJson('', at(2)).replace('"text":"",', ''),
      messageJson('', at(3)).replace('"text":""', '"text":null'),
      messageJson('dateless', at(4)).replace(/"time":"[^"]*",/, ''),
      messageJson('', at(5)).replace(/"time":"[^"]*"/, '"time":""'),
      messageJson('bad date', at(6)).replace(/"time":"[^"]*"/, '"time":"later"'),
    ];
    const { messages, problems } = await parse(exportJson([HOSTILE_ADDRESS], records));
    expect(messages.map((m) => m.text)).toEqual(['good', '', '', '']);
    expect(messages.map((m) => m.time)).toEqual([at(0), at(1), at(2), at(3)]);
    const byReason = (reason: string): number =>
      problems.filter((p) => p.reason === reason).reduce((n, p) => n + p.count, 0);
    expect([byReason('no-date'), byReason('bad-date')]).toEqual([2, 1]);
    expect(messages.length + problems.reduce((n, p) => n + p.count, 0)).toBe(records.length);
  });
});

describe('the Textkeep JSON importer stream', () => {
  const many = exportJson(
    ['+15555550101', '+15555550102'],
    Array.from({ length: 300 }, (_, i) => messageJson(`message ${String(i)} “é” 👋🏽 \\n\\u00e9`, at(i))),
  );

  it('reads a file in chunks of 1 byte exactly as in one chunk', async () => {
    const whole = await parse(many, 1 << 24);
    const bytes = await parse(many, 1);
    expect(whole.batches).toBe(1);
    expect(whole.messages).toHaveLength(300);
    expect(bytes.items).toEqual(whole.items);
    expect(whole.messages[0]?.text).toBe('message 0 “é” 👋🏽 \né');
  });

  it('yields the messages as their chunks complete, and reports the bytes read', async () => {
    const seen: number[] = [];
    const parsed = await collect(
      textkeepJsonImporter.parse(streamOf(many, 4096), { onProgress: (n) => seen.push(n) }),
    );
    expect(parsed.batches).toBeGreaterThan(5);
    expect(seen.at(-1)).toBe(new TextEncoder().encode(many).length);
  });

  it('stops, and cancels the stream, when aborted', async () => {
    const abort = new AbortController();
    let cancelled = false;
    const stream = streamOf(many, 4096, () => (cancelled = true));
    let messages = 0;
    for await (const batch of textkeepJsonImporter.parse(stream, { signal: abort.signal })) {
      messages += batch.filter((i) => i.kind === 'message').length;
      abort.abort();
    }
    expect(messages).toBeGreaterThan(0);
    expect(messages).toBeLessThan(300);
    expect(cancelled).toBe(true);
  });

  it('reads messages written before the conversation, once the conversation is read', async () => {
    const text =
      `{"messages":[${messageJson('early', at(0))}],"format":"textkeep.conversation","version":1,` +
      `"conversation":{"participants":[{"address":"${HOSTILE_ADDRESS}","name":"Ann"}]}}`;
    const { items, messages } = await parse(text, 7);
    expect(reasons(items)).toEqual([]);
    expect(messages.map((m) => [m.text, m.others])).toEqual([
      ['early', [{ address: HOSTILE_ADDRESS, name: 'Ann' }]],
    ]);
  });

  it('holds only a bounded number of messages written before the conversation', async () => {
    const early = Array.from({ length: 2001 }, (_, i) => messageJson('early', at(i)));
    const text = `{"format":"textkeep.conversation","version":1,"messages":[${early.join(',')}]}`;
    const { items } = await parse(text);
    expect(reasons(items)).toEqual(['malformed!']);
    expect(texts(items)).toEqual([]);
  });
});

describe("the Textkeep JSON importer and the phone's clock", () => {
  it('reads an optional per-message offset (minutes east of UTC) when it is a whole number in range', async () => {
    const offsets = [
      '',
      ',"offset":-300',
      ',"offset":330',
      ',"offset":900',
      ',"offset":12.5',
      ',"offset":"60"',
    ];
    const text = exportJson(
      ['+15555550101'],
      offsets.map((extra, i) => messageJson(`m${String(i)}`, at(i), extra)),
    );
    const { items } = await parse(text);
    expect(items.flatMap((i) => (i.kind === 'message' ? [i.offset] : []))).toEqual([
      undefined,
      -300,
      330,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('the Textkeep JSON importer and calls', () => {
  it('reads a call back as a call, and a call field it cannot trust as none', async () => {
    const calls = [
      ',"call":{"type":"missed","duration":0}',
      ',"call":{"type":"outgoing","duration":720}',
      ',"call":{"type":"voicemail","duration":31.5}',
      ',"call":{"type":"video","duration":10}',
      ',"call":{"type":"incoming","duration":-1}',
      ',"call":{"type":"incoming","duration":"60"}',
      ',"call":{"type":"incoming"}',
      ',"call":"missed"',
      '',
    ];
    const text = exportJson(
      ['+15555550101'],
      calls.map((extra, i) => messageJson('', at(i), extra)),
    );
    const { items } = await parse(text);
    expect(reasons(items)).toEqual([]);
    expect(items.flatMap((i) => (i.kind === 'message' ? [i.call] : []))).toEqual([
      { type: 'missed', duration: 0 },
      { type: 'outgoing', duration: 720 },
      { type: 'voicemail', duration: 31.5 },
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('keeps a call without text or attachments, whatever an edited file put beside it', async () => {
    const edited = messageJson('not a call', at(0), ',"call":{"type":"incoming","duration":5}').replace(
      '"attachments":[]',
      '"attachments":[{"type":"image/png","size":1}]',
    );
    const { messages } = await parse(exportJson(['+15555550101'], [edited]));
    expect(messages.map((m) => [m.call, m.text, m.attachments])).toEqual([
      [{ type: 'incoming', duration: 5 }, '', []],
    ]);
  });
});
