import { describe, expect, it } from 'vitest';
import { XmlRepair } from './repair';
import type { RepairOptions, RepairStats } from './repair-options';

interface Run {
  out: string;
  lifted: Record<string, string>;
  /** start/end events in order, to check pairing. */
  events: string[];
  stats: RepairStats;
}

const LIFT = { liftAttributes: ['data'], liftElements: ['AttachmentDataBase64String'] } as const;

function repair(pieces: Iterable<string>, options: RepairOptions = LIFT): Run {
  const lifted: Record<string, string> = {};
  const events: string[] = [];
  const repairer = new XmlRepair({
    ...options,
    onLiftStart: (ref) => {
      events.push(`start ${ref}`);
      lifted[ref] = '';
    },
    onLiftData: (ref, chunk) => {
      expect(chunk.length).toBeGreaterThan(0);
      lifted[ref] = (lifted[ref] ?? '') + chunk;
    },
    onLiftEnd: (ref) => events.push(`end ${ref}`),
  });
  const out: string[] = [];
  for (const piece of pieces) out.push(repairer.push(piece));
  out.push(repairer.end());
  return { out: out.join(''), lifted, events, stats: repairer.stats };
}

/** The input whole, split at every point, and one UTF-16 unit at a time (harsher than TextDecoder). */
function* chunkings(input: string): Generator<string[]> {
  yield [input];
  for (let k = 0; k <= input.length; k++) yield [input.slice(0, k), input.slice(k)];
  yield Array.from({ length: input.length }, (_, k) => input.charAt(k));
}

/** Repairs `input` at every chunking and checks all agree; returns the whole-input run. */
function repairEverySplit(input: string, options?: RepairOptions): Run {
  const whole = repair([input], options);
  for (const pieces of chunkings(input)) {
    const run = repair(pieces, options);
    expect(run.out, JSON.stringify(pieces)).toBe(whole.out);
    expect(run.lifted).toEqual(whole.lifted);
    expect(run.events).toEqual(whole.events);
    expect(run.stats).toEqual(whole.stats);
  }
  return whole;
}

const SBR_HEAD = `\uFEFF<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.15.002 on 06/11/2021 08:35:17-->
<!--

To view this file in a more readable format, visit https://synctech.com.au/view-backup/

-->
<?xml-stylesheet type="text/xsl" href="sms.xsl"?>\r
<smses count="2" backup_set="422bf347" backup_date="1636184108806" type="full">\r\n`;

const VALID = [
  ['the SB&R header with its raw & in a comment', `${SBR_HEAD}</smses>`],
  [
    'valid references and raw emoji',
    `<smses><sms body="a&#10;b &amp; &lt;c&gt; &#128514; &#x1F600; 😀 &quot;" subject="null" /></smses>`,
  ],
  [
    'single-quoted and pretty-printed attributes',
    `<part seq="-1"\n      ct='application/smil' text='&lt;smil a="b"&gt; > ok' cid="&lt;image_8.png&gt;"/>`,
  ],
  [
    'CDATA, PIs and comments are not repaired',
    `<a><![CDATA[ & < &#55357; \u0001 ]]><!-- &#0; < & --><?pi & < ?></a>`,
  ],
  ['a DOCTYPE with an internal subset', `<!DOCTYPE a [ <!ENTITY e "x>y"> ]><a>&e;</a>`],
  ['Windows Phone element text', `<Message><Body>line 1\nline 2 &#128512;</Body><Sender /></Message>`],
] as const;

describe('XmlRepair on well-formed input', () => {
  it.each(VALID)('%s passes unchanged at every chunking', (_, input) => {
    const run = repairEverySplit(input);
    expect(run.out).toBe(input);
    expect(run.stats).toEqual({
      surrogatePairsJoined: 0,
      loneSurrogates: 0,
      controlsDropped: 0,
      rawLtEscaped: 0,
      rawAmpEscaped: 0,
      lifted: 0,
    });
  });
});

const REPAIRS: readonly [string, string, string, Partial<RepairStats>][] = [
  [
    'decimal surrogate pair',
    `<s body="Hi &#55357;&#56832;!"/>`,
    `<s body="Hi &#128512;!"/>`,
    { surrogatePairsJoined: 1 },
  ],
  [
    'hex surrogate pair',
    `<s body='&#xD83D;&#xde00;'/>`,
    `<s body='&#128512;'/>`,
    { surrogatePairsJoined: 1 },
  ],
  [
    'pair in element text',
    `<Body>&#55357;&#56834;</Body>`,
    `<Body>&#128514;</Body>`,
    { surrogatePairsJoined: 1 },
  ],
  ['lone high surrogate', `<s body="a&#55357; b"/>`, `<s body="a&#xFFFD; b"/>`, { loneSurrogates: 1 }],
  ['lone high at value end', `<s body="&#55357;"/>`, `<s body="&#xFFFD;"/>`, { loneSurrogates: 1 }],
  ['lone low surrogate', `<s body="&#56832;x"/>`, `<s body="&#xFFFD;x"/>`, { loneSurrogates: 1 }],
  [
    'high then a non-surrogate',
    `<s body="&#55357;&#65;"/>`,
    `<s body="&#xFFFD;&#65;"/>`,
    { loneSurrogates: 1 },
  ],
  [
    'high, then a whole pair',
    `<s body="&#55357;&#55357;&#56832;"/>`,
    `<s body="&#xFFFD;&#128512;"/>`,
    { loneSurrogates: 1, surrogatePairsJoined: 1 },
  ],
  ['&#0; and &#x11; dropped', `<s body="a&#0;b&#x11;c"/>`, `<s body="abc"/>`, { controlsDropped: 2 }],
  [
    'non-characters dropped',
    `<s body="&#xFFFE;&#65535;&#1114112;"/>`,
    `<s body=""/>`,
    { controlsDropped: 3 },
  ],
  [
    'raw controls dropped',
    `<s body="a\u0001b\uFFFF"/>x\u0000y\u001F`,
    `<s body="ab"/>xy`,
    { controlsDropped: 4 },
  ],
  ['raw < in an attribute', `<s body="<ĂăÂ> 😊"/>`, `<s body="&lt;ĂăÂ> 😊"/>`, { rawLtEscaped: 1 }],
  [
    'raw & that starts no reference',
    `<s body="Tom & Jerry &#x;"/>`,
    `<s body="Tom &amp; Jerry &amp;#x;"/>`,
    { rawAmpEscaped: 2 },
  ],
  [
    'an unclosed tag resynchronises',
    `<s body="x"\n<t body="a&#0;"/>`,
    `<s body="x"\n<t body="a"/>`,
    { controlsDropped: 1 },
  ],
];

describe('XmlRepair repairs', () => {
  it.each(REPAIRS)('%s', (_, input, expected, stats) => {
    const run = repairEverySplit(input);
    expect(run.out).toBe(expected);
    expect(run.stats).toMatchObject(stats);
  });
});

const LIFTS: readonly [string, string, string, Record<string, string>][] = [
  [
    'a data attribute',
    `<part ct="image/png" data="iVBORw0K&#10;Ggo=" cl="a.png"/>`,
    `<part ct="image/png" data="lift:0" cl="a.png"/>`,
    { 'lift:0': 'iVBORw0K&#10;Ggo=' },
  ],
  ['an empty data attribute', `<part data=""/>`, `<part data="lift:0"/>`, { 'lift:0': '' }],
  [
    'single quotes and spaces around =',
    `<part data = 'QUJD"<>' text="null"/><part data="null"/>`,
    `<part data = 'lift:0' text="null"/><part data="lift:1"/>`,
    { 'lift:0': 'QUJD"<>', 'lift:1': 'null' },
  ],
  [
    'only the exact name',
    `<part metadata="x" text="data=&quot;y"/>`,
    `<part metadata="x" text="data=&quot;y"/>`,
    {},
  ],
  [
    'element text',
    `<A><AttachmentDataBase64String>QUJD\r\nREVG</AttachmentDataBase64String><B>x</B></A>`,
    `<A><AttachmentDataBase64String>lift:0</AttachmentDataBase64String><B>x</B></A>`,
    { 'lift:0': 'QUJD\r\nREVG' },
  ],
  [
    'empty and self-closing elements',
    `<AttachmentDataBase64String></AttachmentDataBase64String><AttachmentDataBase64String />`,
    `<AttachmentDataBase64String>lift:0</AttachmentDataBase64String><AttachmentDataBase64String />`,
    { 'lift:0': '' },
  ],
];

describe('XmlRepair lifts', () => {
  it.each(LIFTS)('%s', (_, input, expected, lifted) => {
    const run = repairEverySplit(input);
    expect(run.out).toBe(expected);
    expect(run.lifted).toEqual(lifted);
    expect(run.events).toEqual(Object.keys(lifted).flatMap((ref) => [`start ${ref}`, `end ${ref}`]));
    expect(run.stats.lifted).toBe(Object.keys(lifted).length);
  });

  it('lifts nothing without options', () => {
    const input = `<part data="QUJD"/><AttachmentDataBase64String>QUJD</AttachmentDataBase64String>`;
    expect(repairEverySplit(input, {}).out).toBe(input);
  });

  it('streams a 50 MB value without holding it or passing it on', () => {
    const CHUNK = 64 * 1024;
    const CHUNKS = 800;
    const piece = 'QUJD'.repeat(CHUNK / 4);
    let liftedLength = 0;
    let largestPiece = 0;
    const repairer = new XmlRepair({
      liftAttributes: ['data'],
      onLiftData: (_, chunk) => {
        liftedLength += chunk.length;
        largestPiece = Math.max(largestPiece, chunk.length);
      },
    });
    let out = repairer.push('<smses><mms><parts><part ct="image/jpeg" data="');
    for (let k = 0; k < CHUNKS; k++) out += repairer.push(piece);
    out += repairer.push('" /></parts></mms></smses>') + repairer.end();
    expect(out).toBe('<smses><mms><parts><part ct="image/jpeg" data="lift:0" /></parts></mms></smses>');
    expect(liftedLength).toBe(CHUNK * CHUNKS);
    expect(largestPiece).toBeLessThanOrEqual(CHUNK);
  });
});

/** A small seeded generator (mulberry32), so a failing document can be reproduced. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fragments that exercise every path: the fast clean-tag match, the careful scan, references, lifts, garbage.
// prettier-ignore
const FRAGMENTS = [
  '<sms body="', '<part ct="x" data="', "<p:part p:data='", '<AttachmentDataBase64String>', '</Body>', '"/>', "' ",
  '">', ' metadata="1" ', ' data = "', '<!-- & -->', '<![CDATA[ < ]]>', '<?pi ?>', 'plain', ' ', '\r\n', '&amp;',
  '&#10;', '&#55357;&#56832;', '&#xD83D;', '&#56832;', '&#0;', '&#x11;', '&#128514;', '&#8217;', '&bogus', '&', '<',
  '>', '=', '/', '\u0001', '\uFFFF', '\u00A0', '😀', 'QUJD',
];

describe('XmlRepair on random documents', () => {
  it('gives the same result at every chunking, fast path or not', () => {
    const next = random(20_251_124);
    const pick = (): string => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? '';
    for (let doc = 0; doc < 300; doc++) {
      const input = Array.from({ length: 5 + Math.floor(next() * 40) }, pick).join('');
      const whole = repair([input]);
      const cuts = [next(), next(), next()].map((x) => Math.floor(x * input.length)).sort((a, b) => a - b);
      const pieces = [0, ...cuts].map((from, k) => input.slice(from, cuts[k] ?? input.length));
      for (const run of [
        repair(Array.from({ length: input.length }, (_, k) => input.charAt(k))),
        repair(pieces),
      ]) {
        expect({ input, ...run }).toEqual({ input, ...whole });
      }
    }
  });
});
