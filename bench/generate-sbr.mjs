// Deterministic generator of Android "SMS Backup & Restore" XML archives (FORMATS.md §1) for benchmarks and tests.
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateSync } from 'node:zlib';

/** Names of the deliberate real-world quirks (FORMATS.md §1.6); each is on by default at `quirkRate`. */
// prettier-ignore
export const QUIRKS = Object.freeze([
  'surrogateEmoji', 'ncrEmoji', 'rawEmoji', 'newlines', 'nul', 'nulls', 'secondsDates',
  'duplicates', 'whitespaceDuplicates', 'nonLatin', 'xmlSpecial', 'longWords',
]);

/** Picture colours as [r, g, b]: the top half of every generated PNG is exactly one of these. */
// prettier-ignore
export const IMAGE_COLOURS = Object.freeze([
  [230, 57, 70], [42, 157, 143], [38, 70, 83], [233, 196, 106],
  [244, 162, 97], [69, 123, 157], [131, 56, 236], [255, 255, 255],
]);

/** Default value of every generator option. */
// prettier-ignore
export const DEFAULTS = Object.freeze({
  messages: 1000, conversations: 20, groups: 3, mmsEvery: 12, imageBytes: 20_000, seed: 1,
  solid: false, distinct: true, years: 5, quirkRate: 0.02, quirks: true,
});

const BASE_MS = Date.UTC(2019, 2, 1); // fixed so output never depends on the clock
const YEAR_MS = 365.25 * 24 * 3600 * 1000;
const CHUNK_CHARS = 64 * 1024; // batch small records so write() is not called per attribute
const SLICE_CHARS = 256 * 1024; // huge base64 is handed out in slices, never as one chunk
const SMSC = '+15555550199'; // 555-0199 is kept out of the contact numbering
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FIRST = 'Ava Ben Chloe Diego Emma Farid Grace Hiro Isla Jonas Kemi Liam'.split(' ');
const LAST = "Abbott Baker Castillo Dubois Eriksen García Haddad Jensen O'Brien Rossi".split(' ');
// Names that stress the importer: non-Latin scripts, a comma (ambiguous group lists), XML specials.
// prettier-ignore
const SPECIAL_NAMES = { 1: 'Mom', 3: 'Юлия Смирнова', 5: '佐藤 花子', 7: 'ليلى حداد', 9: 'Pat Smith, MD', 11: 'Tom & Jerry\'s "Pizza"' };
// prettier-ignore
const PHRASES = [
  'On my way|Running 10 minutes late, sorry!|Did you see the game last night?|Call me when you get this',
  'Happy birthday!!|Can you pick up milk on the way home?|lol|ok|Thanks so much|See you at 7|Where are you?',
  'Love you|Good night|Just landed|Is the meeting still on for tomorrow?|Sounds good to me|Haha yes',
  "What time works for you?|Don't forget the tickets|I'll be there in 5",
].join('|').split('|');
// prettier-ignore
const NON_LATIN = ['مرحبا، كيف حالك؟', 'سأصل بعد عشر دقائق', '今日は何時に帰る？', 'ありがとう！また明日', 'Привет, как дела?', 'Позвони мне, когда сможешь'];
// prettier-ignore
const XML_SPECIAL = ["Tom & Jerry's at 7 <3", 'Use "quotes" & <tags> freely', 'if a < b && b > c then "yes"', '</sms> is not the end'];
const EMOJI = ['😀', '😂', '👍', '😍', '🎉', '🙏', '🔥'];
// prettier-ignore
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\0': '&#0;' };

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Escapes a double-quoted attribute value; astral characters become two surrogate NCRs, one NCR, or stay raw. */
export function escapeAttr(value, emoji = 'raw') {
  return String(value).replace(/[&<>"\n\r\0]|[\uD800-\uDBFF][\uDC00-\uDFFF]/g, (c) => {
    if (c.length === 1) return ESCAPES[c];
    if (emoji === 'pair') return `&#${c.charCodeAt(0)};&#${c.charCodeAt(1)};`; // the KXmlSerializer bug
    return emoji === 'ncr' ? `&#${c.codePointAt(0)};` : c;
  });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  for (let k = 0; k < 8; k++) n = n & 1 ? 0xedb88320 ^ (n >>> 1) : n >>> 1;
  return n >>> 0;
});
function pngChunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  let crc = 0xffffffff;
  for (const b of out.subarray(4, 8 + data.length)) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
}

/** Builds a 4:3 RGB PNG of about `bytes` bytes: top half solid `rgb`, bottom half seeded noise (solid too if `solid`). */
export function makePng(rgb, bytes, solid = false, seed = 1) {
  // Noise does not compress, so width * height/2 * 3 noise bytes ≈ the target: w = sqrt(8 * bytes / 9).
  const width = Math.max(8, Math.round(Math.sqrt((bytes * 8) / 9)));
  const height = Math.max(6, Math.round((width * 3) / 4));
  const stride = width * 3 + 1; // one filter byte (0 = none) per row
  const raw = Buffer.alloc(stride * height);
  const rand = mulberry32(seed);
  for (let y = 0; y < height; y++) {
    const noisy = !solid && y >= Math.ceil(height / 2);
    for (let i = y * stride + 1, x = 0; x < width * 3; x++, i++)
      raw[i] = noisy ? (rand() * 256) | 0 : rgb[x % 3];
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB; compression, filter and interlace stay 0
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  const idat = pngChunk('IDAT', deflateSync(raw));
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), idat, pngChunk('IEND', Buffer.alloc(0))]);
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
const readable = (ms) => {
  const d = new Date(ms);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${time}`;
};
/**
 * The phone's zone: SB&R writes `readable_date` in the phone's own time zone, so the generated phone was in
 * Paris (its offsets change with summer time, as real ones do).
 */
const PHONE_ZONE = 'Europe/Paris';
const HOUR_MS = 3_600_000;
const zoneParts = new Intl.DateTimeFormat('en-US', {
  timeZone: PHONE_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});
const hourOffsets = new Map();
/** The phone zone's offset (ms) at `ms`: once per hour, since formatting each of 100,000 dates is slow. */
function phoneOffset(ms) {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = hourOffsets.get(hour);
  if (offset === undefined) {
    const p = Object.fromEntries(zoneParts.formatToParts(hour * HOUR_MS).map((x) => [x.type, x.value]));
    offset = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute) - hour * HOUR_MS;
    hourOffsets.set(hour, offset);
  }
  return offset;
}
/** `readable_date` as the phone wrote it: its wall clock in its own zone. */
const phoneReadable = (ms) => readable(ms + phoneOffset(ms));
const attrs = (obj, emoji) =>
  Object.entries(obj)
    .map(([k, v]) => ` ${k}="${escapeAttr(v, emoji)}"`)
    .join('');

function normalize(options = {}) {
  const o = { ...DEFAULTS, ...options };
  for (const [k, v] of Object.entries(DEFAULTS))
    if (typeof v === 'number' && !(Number.isFinite(o[k]) && o[k] >= 0)) throw new Error(`bad ${k}: ${o[k]}`);
  const on = o.quirks === true ? QUIRKS : o.quirks === false ? [] : o.quirks;
  for (const q of on)
    if (!QUIRKS.includes(q)) throw new Error(`unknown quirk "${q}"; known: ${QUIRKS.join(', ')}`);
  if (o.conversations + o.groups < 1) o.conversations = 1;
  return { ...o, quirks: new Set(on) };
}

// Person `idx` (0 = the phone's owner) gets a number in the fictional NXX-555-0100..0198 range, in several spellings.
function phone(idx, rng) {
  const block = Math.floor(idx / 99) % 799;
  const area = block === 0 ? 555 : 200 + block + (block >= 355 ? 1 : 0); // 555 is block 0 only
  const line = `0${100 + (idx % 99)}`;
  const r = rng();
  if (r < 0.7) return `+1${area}555${line}`;
  return r < 0.8 ? `(${area}) 555-${line}` : r < 0.9 ? `${area}-555-${line}` : `1${area}555${line}`;
}
const personName = (j) =>
  j % 13 === 12
    ? '(Unknown)'
    : (SPECIAL_NAMES[j] ?? `${FIRST[j % 12]} ${LAST[(j + Math.floor(j / 12) * 3) % 10]}`);

// Yields the archive as string pieces and fills `stats`; the only state kept is the previous record (for duplicates).
function* records(options, stats) {
  const o = normalize(options);
  const rng = mulberry32(o.seed);
  const pick = (list) => list[Math.floor(rng() * list.length)];
  const q = (name) => o.quirks.has(name) && rng() < o.quirkRate;
  const shuffle = (list) => {
    for (let k = list.length - 1; k > 0; k--) {
      const s = Math.floor(rng() * (k + 1));
      [list[k], list[s]] = [list[s], list[k]];
    }
    return list;
  };
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('');
  const images = new Map();
  const pngs = new Map();
  // `distinct` (the default): every picture its own bytes (a tEXt chunk naming record `i` before IEND), as in
  // real archives, where no two photos hash alike. `distinct: false` (`--repeat-pictures`) repeats the eight
  // colours, so the media dedupe stores only eight: that flatters a media import, so ask for it by name.
  const image = (c, i) => {
    if (o.distinct) {
      if (!pngs.has(c)) pngs.set(c, makePng(IMAGE_COLOURS[c], o.imageBytes, o.solid, o.seed * 31 + c));
      const png = pngs.get(c);
      const text = pngChunk('tEXt', Buffer.from(`Comment\0picture ${i} of seed ${o.seed}`, 'latin1'));
      return Buffer.concat([png.subarray(0, png.length - 12), text, png.subarray(png.length - 12)]).toString(
        'base64',
      );
    }
    if (!images.has(c))
      images.set(c, makePng(IMAGE_COLOURS[c], o.imageBytes, o.solid, o.seed * 31 + c).toString('base64'));
    return images.get(c);
  };
  const n = Math.floor(o.messages);
  const step = Math.max(10_000, (o.years * YEAR_MS) / Math.max(1, n));
  Object.assign(stats, { messages: 0, sms: 0, mms: 0, duplicates: 0 });
  stats.conversations = o.conversations + o.groups;
  const convs = Array.from({ length: o.conversations }, (_, j) => ({ members: [j + 1] }));
  const pool = Math.max(o.conversations, 8); // group members beyond C are people met only in groups
  for (let g = 0; g < o.groups; g++) {
    const members = new Set();
    const size = 2 + Math.floor(rng() * 3); // plus the owner: 3–5 members
    while (members.size < size) members.add(1 + Math.floor(rng() * pool));
    convs.push({ members: [...members], group: true });
  }
  shuffle(convs); // so that groups are not always the quiet ones

  const backupMs = BASE_MS + n * step + 3_600_000;
  const b = new Date(backupMs);
  const created = `${pad(b.getUTCDate())}/${pad(b.getUTCMonth() + 1)}/${b.getUTCFullYear()} ${readable(backupMs).slice(-8)}`;
  const uuid = `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rng() * 4)]}${hex(3)}-${hex(12)}`;
  yield "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n";
  yield `<!--File Created By SMS Backup & Restore v10.15.002 on ${created}-->\n`;
  yield '<!--\n\nTo view this file in a more readable format, visit https://synctech.com.au/view-backup/\n\n-->\n';
  yield `<smses count="${n}" backup_set="${uuid}" backup_date="${Math.floor(backupMs)}" type="full">\n`;

  let last = null; // { pieces, kind, sms? }
  for (let i = 0; i < n; i++) {
    let rec;
    if (last && q('duplicates')) rec = last;
    else if (last?.sms && q('whitespaceDuplicates')) {
      const { body: was } = last.sms;
      const body = was.includes(' ') && rng() < 0.5 ? was.replace(' ', '  ') : `${was} `;
      rec = { kind: 'sms', pieces: [renderSms({ ...last.sms, body })] };
    }
    if (rec) stats.duplicates++;
    else rec = message(i);
    for (const piece of rec.pieces)
      for (let at = 0; at < piece.length; at += SLICE_CHARS) yield piece.slice(at, at + SLICE_CHARS);
    stats.messages++;
    stats[rec.kind]++;
    last = rec;
  }
  yield '</smses>\n';

  function text() {
    const count = 1 + Math.floor(rng() ** 2 * 4);
    const parts = [];
    for (let k = 0; k < count; k++) {
      if (q('nonLatin')) parts.push(pick(NON_LATIN));
      else if (q('xmlSpecial')) parts.push(pick(XML_SPECIAL));
      else if (q('longWords')) parts.push(`https://example.com/s/${hex(60 + Math.floor(rng() * 400))}`);
      else parts.push(pick(PHRASES));
    }
    let body = parts.join(q('newlines') ? pick(['\n', '\r\n']) : ' ');
    const emoji = q('surrogateEmoji') ? 'pair' : q('ncrEmoji') ? 'ncr' : q('rawEmoji') ? 'raw' : null;
    if (emoji) body += ` ${pick(EMOJI)}`;
    if (q('nul')) body += '\0';
    return { body, emoji };
  }

  function renderSms(m) {
    const { ms, type, body, emoji, address } = m;
    // prettier-ignore
    const fields = {
      protocol: 0, address, date: m.seconds ? Math.floor(ms / 1000) : ms, type, subject: 'null', body,
      toa: 'null', sc_toa: 'null', service_center: type === 1 && !m.nulls ? SMSC : 'null', read: m.read,
      status: type === 5 ? 64 : type === 4 || type === 6 ? 32 : type === 2 && m.delivered ? 0 : -1,
      locked: m.locked, date_sent: type === 1 ? ms - m.delay : 0, sub_id: m.subId, readable_date: phoneReadable(ms),
      contact_name: m.name,
    };
    return `  <sms${attrs(fields, emoji)} />\n`;
  }

  function message(i) {
    const ms = Math.floor(BASE_MS + (i + rng() * 0.8) * step); // gaps ≥ 0.2 step ≥ 2 s, so truncating to s keeps order
    const conv = convs[Math.floor(convs.length * rng() ** 2)]; // squared: a few chatty threads, a long tail
    const r = rng();
    const type = r < 0.5 ? 1 : r < 0.97 ? 2 : pick([3, 4, 5, 6]);
    const picture = o.mmsEvery > 0 && i % o.mmsEvery === o.mmsEvery - 1;
    const seconds = q('secondsDates');
    const nulls = q('nulls');
    const { body, emoji } = text();
    const common = { ms, type, read: type === 1 && rng() < 0.03 ? 0 : 1, locked: rng() < 0.01 ? 1 : 0 };
    const subId = rng() < 0.8 ? 1 : 2;
    if (!picture && !conv.group) {
      const [idx] = conv.members;
      // prettier-ignore
      const sms = { ...common, body, emoji, seconds, nulls, subId, address: phone(idx, rng), name: personName(idx - 1),
        delay: Math.floor(rng() * 5000), delivered: rng() < 0.5 };
      return { kind: 'sms', sms, pieces: [renderSms(sms)] };
    }
    const sent = type !== 1;
    const sender = sent ? 0 : pick(conv.members);
    // Spelled afresh for <addrs>, and in an unstable order in `address`, as real phones do (FORMATS.md §1.6-4).
    const address = shuffle(conv.members.map((idx) => phone(idx, rng))).join('~');
    const to = sent ? conv.members : [0, ...conv.members.filter((idx) => idx !== sender)];
    const addrs = [[sent ? 'insert-address-token' : phone(sender, rng), 137]];
    for (const idx of to) addrs.push([phone(idx, rng), 151]);
    const colour = Math.floor(rng() * IMAGE_COLOURS.length);
    const withText = !picture || rng() < 0.5;
    const d = new Date(ms);
    const file = `IMG_${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}_${readable(ms).slice(-8).replaceAll(':', '')}.png`;
    const smil = `<smil><head><layout><root-layout/><region id="Image" fit="meet" top="0" left="0" height="80%" width="100%"/><region id="Text" fit="scroll" top="80%" left="0" height="20%" width="100%"/></layout></head><body><par dur="5000ms">${picture ? `<img src="${file}" region="Image"/>` : ''}${withText ? '<text src="text_0.txt" region="Text"/>' : ''}</par></body></smil>`;
    const part = (seq, ct, name, chset, cl) =>
      `      <part seq="${seq}" ct="${ct}" name="${name}" chset="${chset}" cd="null" fn="null" cid="&lt;${cl}&gt;" cl="${cl}" ctt_s="null" ctt_t="null" `;
    const pieces = [];
    const data = picture ? image(colour, i) : '';
    const size = (picture ? Math.ceil((data.length * 3) / 4) : 0) + Buffer.byteLength(body);
    // prettier-ignore
    const head = {
      date: seconds ? Math.floor(ms / 1000) : ms, rr: 'null', sub: 'null', ct_t: 'application/vnd.wap.multipart.related',
      read_status: 'null', seen: 1, msg_box: type <= 3 ? type : 4, address, sub_cs: 'null',
      resp_st: sent ? 128 : 'null', retr_st: 'null', d_tm: 'null', text_only: picture ? 0 : 1,
      exp: sent ? 604800 : 'null', locked: common.locked, m_id: hex(24), st: 'null', retr_txt_cs: 'null',
      retr_txt: 'null', creator: 'com.google.android.apps.messaging', date_sent: sent ? 0 : Math.floor(ms / 1000) - 2,
      read: common.read, m_size: size, rpt_a: 'null', ct_cls: 'null', pri: 129, sub_id: subId, tr_id: `T${hex(12)}`,
      resp_txt: 'null', ct_l: 'null', m_cls: 'personal', d_rpt: 129, v: 18, _id: i + 1, m_type: sent ? 128 : 132,
      readable_date: phoneReadable(ms), contact_name: conv.members.map((idx) => personName(idx - 1)).join(', '),
    };
    pieces.push(`  <mms${attrs(head)}>\n    <parts>\n`);
    const smilText = smil.replace(/</g, '&lt;').replace(/>/g, '&gt;'); // single-quoted, like the app, so " stays raw
    pieces.push(`${part(-1, 'application/smil', 'null', 'null', 'smil.xml')}text='${smilText}' />\n`);
    if (picture) pieces.push(`${part(0, 'image/png', file, 'null', file)}text="null" data="`, data, '" />\n');
    const textPart = part(1, 'text/plain', 'null', 106, 'text_0.txt');
    if (withText) pieces.push(`${textPart}text="${escapeAttr(body, emoji)}" />\n`);
    if (nulls) pieces.push(`${part(2, 'text/plain', 'null', 'null', 'text_1.txt')}text="null" />\n`);
    pieces.push('    </parts>\n    <addrs>\n');
    for (const [a, t] of addrs)
      pieces.push(`      <addr address="${escapeAttr(a)}" type="${t}" charset="106" />\n`);
    pieces.push('    </addrs>\n  </mms>\n');
    return { kind: 'mms', pieces };
  }
}

/** Streams an archive through `write(chunk)` (awaited if it returns a promise) and resolves to its summary. */
export async function generateSbr(options, write) {
  const stats = { bytes: 0 };
  let parts = [];
  let size = 0;
  const flush = async () => {
    const chunk = parts.join('');
    parts = [];
    size = 0;
    stats.bytes += Buffer.byteLength(chunk);
    const pending = write(chunk);
    if (pending && typeof pending.then === 'function') await pending;
  };
  for (const piece of records(options, stats)) {
    parts.push(piece);
    size += piece.length;
    if (size >= CHUNK_CHARS) await flush();
  }
  if (size > 0) await flush();
  const { messages, sms, mms, duplicates, conversations, bytes } = stats;
  return { messages, sms, mms, duplicates, conversations, bytes };
}

/** Returns a whole archive as one string; for small test fixtures only. */
export function generateSbrString(options) {
  return [...records(options, {})].join('');
}

const kebab = (key) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

async function main() {
  // Node 20's parseArgs has no --no-x, so the repeats have a flag of their own; --distinct is still accepted.
  const spec = { out: { type: 'string', default: '-' }, 'repeat-pictures': { type: 'boolean' } };
  for (const key of Object.keys(DEFAULTS))
    spec[kebab(key)] = { type: key === 'solid' || key === 'distinct' ? 'boolean' : 'string' };
  const { values: v } = parseArgs({ options: spec });
  if (v['repeat-pictures'] && v.distinct) throw new Error('--distinct and --repeat-pictures contradict');
  const options = {};
  for (const key of Object.keys(DEFAULTS)) {
    const value = v[kebab(key)];
    if (value === undefined || key === 'solid' || key === 'distinct') options[key] = value ?? DEFAULTS[key];
    else if (key === 'quirks') options.quirks = value === 'all' || (value !== 'none' && value.split(','));
    else options[key] = Number(value);
  }
  if (v['repeat-pictures']) options.distinct = false;
  if (v.out !== '-') mkdirSync(dirname(resolve(v.out)), { recursive: true });
  const out = v.out === '-' ? process.stdout : createWriteStream(v.out);
  const started = performance.now();
  const summary = await generateSbr(options, (chunk) => (out.write(chunk) ? undefined : once(out, 'drain')));
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  const seconds = Math.round(performance.now() - started) / 1000;
  process.stderr.write(`${JSON.stringify({ ...summary, seconds })}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`generate-sbr: ${error.message}\n`);
    process.exitCode = 1;
  });
}
