/**
 * Builders for the hostile-input suite (src/import/hostile/, e2e/hostile.spec.ts): XML bombs, huge values
 * made on the fly as streams (never whole in memory), bad encodings, payload texts and names; the zips are in
 * hostile-zips.ts. Pure (no Node API), so the end-to-end spec can write the same files to disk.
 */
import { strToU8 } from 'fflate';

const encoder = new TextEncoder();

/** The head of an SB&R archive up to and including the root's start tag. */
export const SBR_HEAD = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count="3">\n`;
/** Closes the SB&R root. */
export const SBR_TAIL = '</smses>\n';

/** The address every hostile message is exchanged with. */
export const HOSTILE_ADDRESS = '+15555550199';

/** One SB&R `<sms>` with `body` written as given (already escaped or hostile on purpose). */
export function smsXml(body: string, date: number, address = HOSTILE_ADDRESS): string {
  return `<sms protocol="0" address="${address}" date="${String(date)}" type="1" body="${body}" read="1" />\n`;
}

/** Escapes text for a double-quoted XML attribute value. */
export function xmlAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;');
}

/** A one-message archive: the message before the hostile part, which must be kept. */
export const BEFORE_DATE = 1_600_000_000_000;

/**
 * "Billion laughs": ten levels of internal entities, each ten of the one below (10^9 "lol"s if expanded),
 * referenced from a message body between two ordinary messages.
 */
export function billionLaughs(): string {
  const levels = ['<!ENTITY lol0 "lol">'];
  for (let level = 1; level <= 9; level++) {
    levels.push(`<!ENTITY lol${String(level)} "${`&lol${String(level - 1)};`.repeat(10)}">`);
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE smses [\n${levels.join('\n')}\n]>\n<smses count="3">\n` +
    smsXml('before', BEFORE_DATE) +
    smsXml('&lol9;', BEFORE_DATE + 1000) +
    smsXml('after', BEFORE_DATE + 2000) +
    SBR_TAIL
  );
}

/** An external entity (XXE) pointing at a local file, referenced from a body. */
export function externalEntity(): string {
  return (
    `<?xml version="1.0"?>\n<!DOCTYPE smses [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<smses count="3">\n` +
    smsXml('before', BEFORE_DATE) +
    smsXml('&xxe;', BEFORE_DATE + 1000) +
    SBR_TAIL
  );
}

/** Parameter entities: an external one pulled into the DTD, and one that declares a general entity. */
export function parameterEntity(): string {
  return (
    `<?xml version="1.0"?>\n<!DOCTYPE smses [\n<!ENTITY % remote SYSTEM "file:///etc/passwd">\n%remote;\n` +
    `<!ENTITY % define "<!ENTITY boom 'boomboomboom'>">\n%define;\n]>\n<smses count="3">\n` +
    smsXml('before', BEFORE_DATE) +
    smsXml('&boom;', BEFORE_DATE + 1000) +
    SBR_TAIL
  );
}

/** `levels` nested elements inside an `<mms>`, closed or not. */
export function deepNesting(levels: number, closed: boolean): string {
  const open = '<x>'.repeat(levels);
  return (
    SBR_HEAD +
    smsXml('before', BEFORE_DATE) +
    `<mms date="${String(BEFORE_DATE + 1000)}" msg_box="1" address="${HOSTILE_ADDRESS}"><parts>${open}` +
    (closed ? `${'</x>'.repeat(levels)}</parts></mms>${smsXml('after', BEFORE_DATE + 2000)}${SBR_TAIL}` : '')
  );
}

/** How big the chunks of generated streams are (what `File.stream()` gives in Chromium). */
export const STREAM_CHUNK = 64 * 1024;

/**
 * A stream of `before`, then `bytes` bytes of `fill` repeated, then `after`, made chunk by chunk as it is
 * read, so a gigabyte value costs one chunk of memory. `fill` must be ASCII.
 */
export function repeatedStream(
  before: string,
  fill: string,
  bytes: number,
  after: string,
): ReadableStream<Uint8Array> {
  const unit = encoder.encode(fill.repeat(Math.ceil(STREAM_CHUNK / fill.length)).slice(0, STREAM_CHUNK));
  const pieces = [encoder.encode(before)];
  let left = bytes;
  let tail: Uint8Array | undefined = encoder.encode(after);
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const head = pieces.shift();
        if (head) controller.enqueue(head);
        else if (left > 0) {
          const take = Math.min(left, unit.length);
          controller.enqueue(unit.slice(0, take));
          left -= take;
        } else if (tail) {
          controller.enqueue(tail);
          tail = undefined;
        } else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The byte length of what `repeatedStream` yields. */
export function repeatedLength(before: string, bytes: number, after: string): number {
  return encoder.encode(before).length + bytes + encoder.encode(after).length;
}

/** An SB&R archive with one `body` attribute of `bytes` bytes, between two ordinary messages. */
export function hugeBody(bytes: number): { size: number; stream: () => ReadableStream<Uint8Array> } {
  const before = `${SBR_HEAD}${smsXml('before', BEFORE_DATE)}<sms protocol="0" address="${HOSTILE_ADDRESS}" date="${String(BEFORE_DATE + 1000)}" type="1" body="`;
  const after = `" />\n${smsXml('after', BEFORE_DATE + 2000)}${SBR_TAIL}`;
  return {
    size: repeatedLength(before, bytes, after),
    stream: () => repeatedStream(before, 'All work and no play. ', bytes, after),
  };
}

/** The base64 `hugeMedia` repeats: it decodes to "ABC" again and again. */
export const MEDIA_FILL = 'QUJD';

/** An SB&R archive with one MMS picture whose base64 `data` is `bytes` long (a multiple of 4). */
export function hugeMedia(bytes: number): { size: number; stream: () => ReadableStream<Uint8Array> } {
  const before =
    `${SBR_HEAD}${smsXml('before', BEFORE_DATE)}<mms date="${String(BEFORE_DATE + 1000)}" msg_box="1" ` +
    `address="${HOSTILE_ADDRESS}"><parts><part seq="0" ct="image/jpeg" cl="big.jpg" data="`;
  const after = `" /></parts></mms>\n${smsXml('after', BEFORE_DATE + 2000)}${SBR_TAIL}`;
  return {
    size: repeatedLength(before, bytes, after),
    stream: () => repeatedStream(before, MEDIA_FILL, bytes, after),
  };
}

/** Message texts that are code if anyone treats them as HTML, a URL or a field of a form. */
export const PAYLOADS = [
  '<script>alert("sms")</script>',
  '<img src=x onerror="alert(1)">',
  '<a href="javascript:alert(2)">tap</a>',
  '</textarea><script>alert(3)</script>',
  '"><svg onload=alert(4)>',
  "'; DROP TABLE messages; --",
  '{{constructor.constructor("alert(5)")()}}',
  '${alert(6)}',
  '<!-- --><iframe srcdoc="<script>alert(7)</script>">',
] as const;

/** An archive with one message per payload, in order, a second apart. */
export function payloadArchive(): string {
  return (
    SBR_HEAD +
    PAYLOADS.map((text, i) => smsXml(xmlAttribute(text), BEFORE_DATE + i * 1000)).join('') +
    SBR_TAIL
  );
}

/** Attachment names that try to be paths, hide their type, or are just too long. */
export const ATTACHMENT_NAMES = [
  '../../etc/passwd',
  '/abs/photo.jpg',
  '..\\..\\windows\\photo.jpg',
  'ctrl\u0001\u001f\u007f\u0085name.jpg',
  'invoice\u202egpj.exe',
  `${'long'.repeat(2500)}.jpg`,
  'CON',
  '.hidden',
] as const;

/** An MMS per name, each with a small distinct picture named by it (in `cl`). */
export function attachmentNameArchive(): string {
  const parts = ATTACHMENT_NAMES.map((name, i) => {
    const data = btoa(`picture ${String(i)}`);
    return (
      `<mms date="${String(BEFORE_DATE + i * 1000)}" msg_box="1" address="${HOSTILE_ADDRESS}"><parts>` +
      `<part seq="0" ct="image/jpeg" cl="${xmlAttribute(name)}" data="${data}" /></parts></mms>\n`
    );
  });
  return SBR_HEAD + parts.join('') + SBR_TAIL;
}

/** Bytes from a seeded generator (mulberry32), the same on every run. */
export function seededBytes(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

/** Byte sequences that are not UTF-8, or not its shortest form: overlong `/` and `<`, an encoded surrogate… */
export const BAD_UTF8: readonly (readonly number[])[] = [
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xc0, 0xbc],
  [0xed, 0xa0, 0x80],
  [0xff],
  [0xfe],
  [0x80],
  [0xe2, 0x82],
  [0xf4, 0x90, 0x80, 0x80],
];

/** References and raw characters XML forbids: lone surrogate halves, NUL, controls (raw and referenced). */
export const BAD_CHARACTERS = '&#xD800;x&#56832;&#0;&#x1;&#27;\u0000\u0001\u001b\u007f';

/** `a`, every bad sequence, `b`, every bad character, `c`: as UTF-8 bytes inside otherwise clean text. */
export function badText(): Uint8Array<ArrayBuffer> {
  return join(strToU8('a'), ...BAD_UTF8.map((s) => new Uint8Array(s)), strToU8(`b${BAD_CHARACTERS}c`));
}

function join(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return concatBytes(parts);
}

/** The parts as one buffer. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** An SB&R archive whose second message has `badText()` as its body and contact name. */
export function badEncodingArchive(): Uint8Array<ArrayBuffer> {
  const open = `<sms protocol="0" address="${HOSTILE_ADDRESS}" date="${String(BEFORE_DATE + 1000)}" type="1" body="`;
  return join(
    strToU8(SBR_HEAD + smsXml('before', BEFORE_DATE) + open),
    badText(),
    strToU8('" contact_name="'),
    badText(),
    strToU8(`" />\n${smsXml('after', BEFORE_DATE + 2000)}${SBR_TAIL}`),
  );
}

/** A Windows Phone `.msg` file of one incoming message whose `<Body>` text is `body` (bytes as they are). */
export function wpArchive(body: Uint8Array): Uint8Array<ArrayBuffer> {
  return join(
    strToU8(
      '<?xml version="1.0" encoding="utf-8"?>\r\n<ArrayOfMessage>\r\n<Message>\r\n' +
        `\t<Recepients />\r\n\t<Body>`,
    ),
    body,
    strToU8(
      '</Body>\r\n\t<IsIncoming>true</IsIncoming>\r\n\t<IsRead>true</IsRead>\r\n\t<Attachments />\r\n' +
        `\t<LocalTimestamp>131230002909464794</LocalTimestamp>\r\n\t<Sender>${HOSTILE_ADDRESS}</Sender>\r\n` +
        '</Message>\r\n</ArrayOfMessage>\r\n',
    ),
  );
}

/** An SB&R archive where bytes that are not UTF-8 stand between two attributes: damage in the markup. */
export function badMarkupArchive(): Uint8Array<ArrayBuffer> {
  return join(
    strToU8(`${SBR_HEAD}${smsXml('before', BEFORE_DATE)}<sms address="${HOSTILE_ADDRESS}"`),
    new Uint8Array([0xff, 0xfe]),
    strToU8(
      ` date="${String(BEFORE_DATE + 1000)}" body="x" />\n${smsXml('after', BEFORE_DATE + 2000)}${SBR_TAIL}`,
    ),
  );
}

/** An SB&R archive where a message hides behind an overlong `<` (C0 BC), which must not open a tag. */
export function overlongTagArchive(): Uint8Array<ArrayBuffer> {
  return join(
    strToU8(SBR_HEAD + smsXml('before', BEFORE_DATE)),
    new Uint8Array([0xc0, 0xbc]),
    strToU8(smsXml('hidden', BEFORE_DATE + 1000).slice(1) + smsXml('after', BEFORE_DATE + 2000) + SBR_TAIL),
  );
}
