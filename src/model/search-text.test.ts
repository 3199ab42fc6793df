import { describe, expect, it } from 'vitest';
import {
  MAX_TOKEN_CHARS,
  bucketOf,
  eachToken,
  queryTerms,
  searchTokens,
  snippet,
  type SnippetPart,
} from './search-text';

describe('search tokens', () => {
  it.each([
    ['See you at 7, OK?', ['see', 'you', 'at', '7', 'ok']],
    ['Café ÉTÉ été', ['cafe', 'ete']],
    ["l'été, don't", ['l', 'ete', 'don', 't']],
    ['Straße STRASSE', ['strasse']],
    ['Ørsted Łódź Æsir œuvre', ['orsted', 'lodz', 'aesir', 'oeuvre']],
    ['İstanbul ISTANBUL', ['istanbul']],
    ['ΟΔΟΣ οδος', ['οδοσ']],
    ['ﬁne Ａｂｃ １２', ['fine', 'abc', '12']],
    ['Привет, КАК дела?', ['привет', 'как', 'дела']],
    ['مرحبا، كيف حالك؟', ['مرحبا', 'كيف', 'حالك']],
    ['今日は何時に帰る？', ['今', '日', 'は', '何', '時', 'に', '帰', 'る']],
    ['OK 👍🏽 ❤️ 🎉🎉', ['ok', '👍', '❤', '🎉']],
    ['10:30 555-0123', ['10', '30', '555', '0123']],
    ['<tags> & "quotes"', ['tags', 'quotes']],
    ['', []],
    ['… — !!', []],
  ])('%s → %o', (text, tokens) => {
    expect(searchTokens(text)).toEqual(tokens);
  });

  it('cuts long tokens (links, hex) to MAX_TOKEN_CHARS', () => {
    const hex = 'ab'.repeat(100);
    expect(searchTokens(`https://example.com/s/${hex}`)).toEqual([
      'https',
      'example',
      'com',
      's',
      hex.slice(0, MAX_TOKEN_CHARS),
    ]);
    expect(searchTokens(`é ${hex}`)).toEqual(['e', hex.slice(0, MAX_TOKEN_CHARS)]);
  });

  it('cuts words the same way on the fast all-ASCII path and on the general one', () => {
    const ascii = "Hello WORLD, it is 7:45 pm; see https://x.example/a_b-c?d=1 & <b>bold</b> O'Brien";
    const general = `${ascii} é`;
    expect([...searchTokens(ascii), 'e']).toEqual(searchTokens(general));
  });

  it('gives every occurrence to the index, in order', () => {
    const seen: string[] = [];
    eachToken('Love you, love YOU', (token) => seen.push(token));
    expect(seen).toEqual(['love', 'you', 'love', 'you']);
  });

  it('folds a query like the index', () => {
    expect(queryTerms('  CAFÉ   Été ')).toEqual(['cafe', 'ete']);
    expect(queryTerms('?!')).toEqual([]);
  });

  it.each([
    ['hello', 'he'],
    ['a', 'a'],
    ['😀x', '😀x'],
    ['😀😂🎉', '😀😂'],
    ['今', '今'],
    ['ab', 'ab'],
  ])('puts %s in bucket %s', (token, bucket) => {
    expect(bucketOf(token)).toBe(bucket);
  });
});

/** A snippet written as text with the marked parts in [brackets]. */
const shown = (parts: SnippetPart[]): string => parts.map((p) => (p.match ? `[${p.text}]` : p.text)).join('');

describe('snippets', () => {
  it.each([
    ['Un café à Paris', ['caf'], 'Un [café] à Paris'],
    ['ÉTÉ indien, bel été', ['ete'], '[ÉTÉ] indien, bel [été]'],
    ['Pick up milk\non the way\r\nhome', ['milk', 'home'], 'Pick up [milk] on the way [home]'],
    ['今日は何時に帰る？', ['何', '時'], '今日は[何][時]に帰る？'],
    ['Great 👍🏽 thanks', ['👍'], 'Great [👍]🏽 thanks'],
    ['Straße', ['strass'], '[Straße]'],
    ['Nothing to see', ['zebra'], 'Nothing to see'],
    ['<b>bold</b> & "quoted"', ['bold'], '<b>[bold]</b> & "quoted"'],
  ])('%s with %o → %s', (text, terms, expected) => {
    expect(shown(snippet(text, terms))).toBe(expected);
  });

  it('shows a long message around its first match', () => {
    const before = Array.from({ length: 40 }, (_, i) => `word${String(i)}`).join(' ');
    const after = Array.from({ length: 40 }, (_, i) => `tail${String(i)}`).join(' ');
    const text = `${before} needle ${after}`;
    const parts = snippet(text, ['needle'], 120);
    const joined = parts.map((p) => p.text).join('');
    expect(parts[0]?.text.startsWith('…')).toBe(true);
    expect(parts.at(-1)?.text.endsWith('…')).toBe(true);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['needle']);
    expect(joined.length).toBeLessThanOrEqual(122);
    expect(joined.indexOf('needle')).toBeGreaterThan(20);
  });

  it('shows the match after a long link without a space to start from', () => {
    const text = `https://example.com/s/${'ab12'.repeat(60)} See you there`;
    const parts = snippet(text, ['you'], 120);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['you']);
    expect(parts[0]?.text.startsWith('…')).toBe(true);
  });

  it('never cuts an emoji in half', () => {
    const text = `${'😀'.repeat(100)} match ${'😀'.repeat(100)}`;
    for (const part of snippet(text, ['match'], 101))
      expect(part.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/u);
  });

  it('keeps a long message whole up to the snippet size', () => {
    const text = 'x'.repeat(100);
    expect(snippet(text, ['x'], 160)).toEqual([{ text, match: true }]);
  });
});
