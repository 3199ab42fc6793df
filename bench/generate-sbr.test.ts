import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { PNG } from 'pngjs';
import { IMAGE_COLOURS, QUIRKS, generateSbr, generateSbrString, type SbrOptions } from './generate-sbr.mjs';

const BASE_MS = Date.UTC(2019, 2, 1);
const GENERATOR = fileURLToPath(new URL('./generate-sbr.mjs', import.meta.url));
const NAME = '[A-Za-z_:][\\w.:-]*';
// One token per match, anchored (sticky) so that anything the grammar does not allow stops the scan.
const TOKEN = new RegExp(
  `<!--([\\s\\S]*?)-->|<\\?${NAME}[\\s\\S]*?\\?>|<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>|([^<]+)`,
  'y',
);
const ATTR = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');

const isXmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  c >= 0x10000;

/** Whether the text holds a character XML 1.0 forbids raw: C0 controls but tab/LF/CR, U+FFFE/F, lone surrogates. */
function hasForbiddenRawCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
    if (c === 0xfffe || c === 0xffff) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** Why the text is not well-formed XML 1.0 (the parts of the spec the generator could break), or null. */
function wellFormedError(xml: string): string | null {
  if (hasForbiddenRawCharacter(xml)) return 'raw character not allowed in XML';
  const refs = (value: string): string | null => {
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(value))
      return `bare & in ${value.slice(0, 60)}`;
    for (const [, hex, digits] of value.matchAll(/&#(x?)([0-9a-fA-F]+);/g))
      if (!isXmlChar(parseInt(digits ?? '', hex ? 16 : 10)))
        return `reference to invalid character &#${digits};`;
    return null;
  };
  const stack: string[] = [];
  let roots = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < xml.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(xml);
    if (!m) return `unexpected markup at ${at}: ${xml.slice(at, at + 40)}`;
    const [, comment, close, name, attrText, selfClose, text] = m;
    if (comment !== undefined && (comment.includes('--') || comment.endsWith('-'))) return 'bad comment';
    if (text !== undefined) {
      if (stack.length === 0 && text.trim()) return 'text outside the root element';
      const error = refs(text);
      if (error) return error;
    }
    if (name === undefined) continue;
    if (close) {
      if (stack.pop() !== name) return `mismatched </${name}>`;
      continue;
    }
    if (stack.length === 0 && ++roots > 1) return 'more than one root element';
    const seen = new Set<string>();
    for (const [, key, dq, sq] of (attrText ?? '').matchAll(ATTR)) {
      if (seen.has(key ?? '')) return `duplicate attribute ${key ?? ''}`;
      seen.add(key ?? '');
      const error = refs(dq ?? sq ?? '');
      if (error) return error;
    }
    if (!selfClose) stack.push(name);
  }
  return stack.length ? `unclosed <${stack.join('><')}>` : roots === 1 ? null : 'no root element';
}

const count = (xml: string, needle: string) => xml.split(needle).length - 1;
const dates = (xml: string) => [...xml.matchAll(/ date="(\d+)"/g)].map(([, d]) => Number(d));
const toMs = (d: number) => (d < 1e11 ? d * 1000 : d);
// The repair every importer must make (FORMATS.md §1.6-1, -2); after it a quirky file must be well-formed.
const repair = (xml: string) =>
  xml
    .replace(/&#(\d+);&#(\d+);/g, (whole, hi: string, lo: string) =>
      Number(hi) >= 0xd800 && Number(hi) <= 0xdbff
        ? `&#${(Number(hi) - 0xd800) * 0x400 + (Number(lo) - 0xdc00) + 0x10000};`
        : whole,
    )
    .replaceAll('&#0;', '');

function firstImage(xml: string) {
  const data = /ct="image\/png"[^>]*? data="([^"]+)"/.exec(xml)?.[1];
  if (!data) throw new Error('no image part');
  const bytes = Buffer.from(data, 'base64');
  return { bytes, png: PNG.sync.read(bytes) };
}
const pixel = (png: PNG, x: number, y: number) => [
  ...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4),
];

describe('generate-sbr', () => {
  const small: SbrOptions = { messages: 400, conversations: 6, groups: 2, mmsEvery: 9, imageBytes: 3000 };

  it('gives byte-identical output for the same seed and different output for another', async () => {
    const a = generateSbrString({ ...small, seed: 7 });
    expect(generateSbrString({ ...small, seed: 7 })).toBe(a);
    expect(generateSbrString({ ...small, seed: 8 })).not.toBe(a);
    const chunks: string[] = [];
    await generateSbr({ ...small, seed: 7 }, (chunk) => chunks.push(chunk));
    expect(chunks.join('')).toBe(a);
  });

  it('writes the requested number of records, SMS and MMS, and reports them', async () => {
    const plain = generateSbrString({
      messages: 1000,
      conversations: 5,
      groups: 0,
      mmsEvery: 10,
      quirks: false,
    });
    expect(count(plain, '<sms ')).toBe(900);
    expect(count(plain, '<mms ')).toBe(100);
    expect(plain).toContain('<smses count="1000" backup_set="');
    let xml = '';
    const summary = await generateSbr({ messages: 3000, conversations: 8, groups: 3 }, (chunk) => {
      xml += chunk;
    });
    expect(summary.messages).toBe(3000);
    expect(count(xml, '<sms ')).toBe(summary.sms);
    expect(count(xml, '<mms ')).toBe(summary.mms);
    expect(summary.sms + summary.mms).toBe(3000);
    expect(summary.duplicates).toBeGreaterThan(0);
    expect(summary.conversations).toBe(11);
    expect(summary.bytes).toBe(Buffer.byteLength(xml));
  });

  it('keeps time increasing from 2019-03-01, duplicates aside', () => {
    const ms = dates(generateSbrString({ ...small, quirks: false }));
    expect(ms[0]).toBeGreaterThanOrEqual(BASE_MS);
    ms.slice(1).forEach((d, i) => {
      expect(d).toBeGreaterThan(ms[i] ?? Infinity);
    });
    const quirky = dates(generateSbrString({ ...small, quirkRate: 0.2 })).map(toMs);
    expect(quirky.some((d, i) => d === quirky[i - 1])).toBe(true);
    quirky.slice(1).forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(quirky[i] ?? Infinity);
    });
  });

  it('spells one person several ways, joins groups with ~ and marks the owner on sent MMS', () => {
    const xml = generateSbrString({ messages: 2000, conversations: 5, groups: 2, quirks: false });
    const smsAddresses = [...xml.matchAll(/<sms protocol="0" address="([^"]+)"/g)].map(([, a]) => a ?? '');
    expect(new Set(smsAddresses.map((a) => a.replace(/\D/g, '').slice(-10))).size).toBe(5);
    expect(smsAddresses.some((a) => /^\+1\d{3}55501\d\d$/.test(a))).toBe(true);
    expect(smsAddresses.some((a) => /^\(\d{3}\) 555-01\d\d$/.test(a))).toBe(true);
    expect(smsAddresses.some((a) => /^\d{3}-555-01\d\d$/.test(a))).toBe(true);
    const groups = [...xml.matchAll(/<mms [^>]*? address="([^"]*~[^"]*)"/g)].map(([, a]) =>
      (a ?? '').split('~'),
    );
    expect(groups.length).toBeGreaterThan(0);
    for (const members of groups) expect(members.length).toBeGreaterThanOrEqual(2);
    expect(xml).toContain('<addr address="insert-address-token" type="137" charset="106" />');
    expect(xml).toMatch(/<part seq="-1" ct="application\/smil" [^>]* text='&lt;smil&gt;/);
  });

  it('embeds real PNGs whose top half is one of IMAGE_COLOURS', () => {
    const { bytes, png } = firstImage(generateSbrString({ ...small, imageBytes: 20_000 }));
    expect(bytes.length).toBeGreaterThan(16_000);
    expect(bytes.length).toBeLessThan(24_000);
    const colour = pixel(png, 0, 0);
    expect(IMAGE_COLOURS.map((c) => [...c, 255])).toContainEqual(colour);
    for (let y = 0; y < png.height / 2; y += 7)
      for (let x = 0; x < png.width; x += 5) expect(pixel(png, x, y)).toEqual(colour);
    const solid = firstImage(generateSbrString({ ...small, imageBytes: 20_000, solid: true }));
    expect(solid.bytes.length).toBeLessThan(2000);
    expect(pixel(solid.png, solid.png.width - 1, solid.png.height - 1)).toEqual(pixel(solid.png, 0, 0));
  });

  it('gives every picture its own bytes by default, each still a readable PNG, and repeats them on request', () => {
    const pictures = (xml: string) =>
      [...xml.matchAll(/ct="image\/png"[^>]*? data="([^"]+)"/g)].map((m) =>
        Buffer.from(m[1] ?? '', 'base64'),
      );
    // Quirks off: the `duplicates` quirk repeats a whole record, picture and all, on purpose.
    const plain = { ...small, quirks: false };
    const distinct = pictures(generateSbrString(plain));
    expect(distinct.length).toBeGreaterThan(30);
    // Pairwise distinct bytes: no two hash alike, so a media dedupe has nothing to fold.
    distinct.forEach((a, i) => {
      for (const b of distinct.slice(i + 1)) expect(a.equals(b)).toBe(false);
    });
    for (const bytes of distinct.slice(0, 5)) expect(PNG.sync.read(bytes).width).toBeGreaterThan(0);
    expect(pictures(generateSbrString({ ...plain, distinct: true }))).toEqual(distinct);
    const repeated = pictures(generateSbrString({ ...plain, distinct: false })).map((b) => b.toString('hex'));
    expect(repeated).toHaveLength(distinct.length);
    expect(new Set(repeated).size).toBeGreaterThan(1);
    expect(new Set(repeated).size).toBeLessThanOrEqual(IMAGE_COLOURS.length);
  });

  it('repeats pictures from the command line only with --repeat-pictures', () => {
    const cli = (...flags: string[]) => {
      const args = ['--messages', '60', '--mms-every', '3', '--image-bytes', '600', '--quirks', 'none'];
      const xml = execFileSync(process.execPath, [GENERATOR, ...args, ...flags], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'], // the summary line on stderr is not wanted here
      });
      return new Set([...xml.matchAll(/ data="([^"]+)"/g)].map((m) => m[1])).size;
    };
    expect(cli()).toBe(20);
    expect(cli('--repeat-pictures')).toBeLessThanOrEqual(IMAGE_COLOURS.length);
  });

  it('streams in bounded chunks and waits for the writer', async () => {
    let calls = 0;
    let largest = 0;
    let busy = false;
    const write = (chunk: string) => {
      expect(busy).toBe(false); // the generator must await a pending write before the next one
      calls++;
      largest = Math.max(largest, chunk.length);
      busy = true;
      return new Promise<void>((done) => {
        setImmediate(() => {
          busy = false;
          done();
        });
      });
    };
    const summary = await generateSbr({ messages: 20_000 }, write);
    expect(summary.messages).toBe(20_000);
    expect(calls).toBeGreaterThan(100);
    expect(largest).toBeLessThan(1_000_000);
    calls = largest = 0;
    await generateSbr({ messages: 12, mmsEvery: 3, imageBytes: 3_000_000 }, write); // 4 MB of base64 each
    expect(largest).toBeLessThan(1_000_000);
  });

  it('writes every quirk at the default rate', () => {
    const xml = generateSbrString({
      messages: 5000,
      conversations: 10,
      groups: 2,
      mmsEvery: 50,
      imageBytes: 500,
    });
    expect(xml).toMatch(/&#5[56]\d{3};&#5[67]\d{3};/);
    expect(xml).toMatch(/&#12\d{4};/);
    expect(xml).toMatch(/\p{Extended_Pictographic}/u);
    expect(xml).toMatch(/&#13;&#10;/);
    expect(xml).toContain('&#0;');
    expect(xml).toContain('text="null" />');
    expect(dates(xml).some((d) => d < 1e11)).toBe(true);
    expect(xml).toMatch(/[\u0600-\u06ff]/);
    expect(xml).toMatch(/[\u3040-\u30ff]/);
    expect(xml).toMatch(/[\u0400-\u04ff]/);
    expect(xml).toMatch(/&amp;.*&lt;|&quot;/);
    expect(xml).toMatch(/example\.com\/s\/[0-9a-f]{60,}/);
  });

  it('is well-formed XML without quirks, and with them once surrogate NCRs and &#0; are repaired', () => {
    const options = { messages: 1500, conversations: 14, groups: 3, imageBytes: 800 };
    expect(wellFormedError(generateSbrString({ ...options, quirks: false }))).toBeNull();
    const quirky = generateSbrString({ ...options, quirkRate: 0.05 });
    expect(wellFormedError(quirky)).toMatch(/invalid character/);
    expect(wellFormedError(repair(quirky))).toBeNull();
    expect(wellFormedError('<a><b></a></b>')).not.toBeNull(); // the checker itself can fail
  });

  it('rejects unknown quirks', () => {
    expect(QUIRKS).toContain('surrogateEmoji');
    expect(() => generateSbrString({ messages: 1, quirks: ['nope' as never] })).toThrow(/unknown quirk/);
  });
});
