/**
 * Every file name an export makes from archive data: conversation titles and attachment names come from the
 * archive, so each is made safe as one file name on every system before it names a file, a folder or a part.
 */
import type { ZoneClock } from './clock';
import type { ExportInput } from './contract';

/**
 * A name safe as one file name on every system (and never a path): no separators, no characters Windows
 * refuses, no control characters, no leading dots, not a reserved device name, at most 80 characters.
 */
export function safeFileName(name: string, fallback = 'Conversation'): string {
  let clean = name
    .normalize('NFC')
    // Control characters and bidi overrides would hide or reorder what the name says.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(clean)) clean = `${clean} conversation`;
  if (clean.length > 80) {
    // Never cut between the halves of a surrogate pair.
    const end = /[\uD800-\uDBFF]/.test(clean.charAt(79)) ? 79 : 80;
    clean = clean.slice(0, end).trim();
  }
  return clean || fallback;
}

/** `Alice Martin 2024-01-05 to 2024-03-03.txt`, or `Alice Martin.txt` without dates. */
export function exportFileName(
  title: string,
  span: { from: string; to: string } | undefined,
  extension: string,
): string {
  const dates = span ? (span.from === span.to ? ` ${span.from}` : ` ${span.from} to ${span.to}`) : '';
  return `${safeFileName(title)}${dates}.${extension}`;
}

/** The dates a header names: the chosen ones, else the first and last message's. */
export function dateSpan(input: ExportInput, clock: ZoneClock): { from: string; to: string } | undefined {
  const first = input.messages[0]?.time;
  const last = input.messages.at(-1)?.time;
  const from = input.range.from ?? first;
  const to = input.range.to ?? last;
  if (from === undefined || to === undefined) return undefined;
  return { from: clock.local(from).date, to: clock.local(to).date };
}

/** `Alice part 2 of 3.png`: the name of one part of an export cut into several files. */
export function partFileName(name: string, part: number, parts: number): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${stem} part ${String(part)} of ${String(parts)}${extension}`;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/heic': 'heic',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'text/x-vcard': 'vcf',
  'text/vcard': 'vcf',
};

/** A media file's name inside the zip: the archive's name made safe, else the hash, with an extension. */
export function mediaFileName(name: string | undefined, type: string, hash: string): string {
  const base = safeFileName(name ?? '', hash.slice(0, 16));
  const extension = EXTENSIONS[type.toLowerCase()];
  return extension && !base.toLowerCase().endsWith(`.${extension}`) && !/\.[a-z0-9]{2,4}$/i.test(base)
    ? `${base}.${extension}`
    : base;
}

/** A name not yet used in `taken` (`name (2).ext` and so on); adds it. */
export function uniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${String(n)})${extension}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
