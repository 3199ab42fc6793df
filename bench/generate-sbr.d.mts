// Types for generate-sbr.mjs, which stays plain JavaScript so that `node bench/generate-sbr.mjs` needs no build.

/** A deliberate real-world quirk the generator can inject (FORMATS.md §1.6). */
export type QuirkName =
  | 'surrogateEmoji'
  | 'ncrEmoji'
  | 'rawEmoji'
  | 'newlines'
  | 'nul'
  | 'nulls'
  | 'secondsDates'
  | 'duplicates'
  | 'whitespaceDuplicates'
  | 'nonLatin'
  | 'xmlSpecial'
  | 'longWords';

/** What to generate; every field is optional and falls back to DEFAULTS. */
export interface SbrOptions {
  /** Records written, duplicates included. */
  messages?: number;
  /** One-to-one conversations. */
  conversations?: number;
  /** Group conversations of 3–5 members, owner included. */
  groups?: number;
  /** Every K-th record is a picture MMS; 0 for none. */
  mmsEvery?: number;
  /** Approximate size of each PNG. */
  imageBytes?: number;
  seed?: number;
  /** Fully solid PNGs (tiny files) instead of solid top half plus noise. */
  solid?: boolean;
  /**
   * Every picture distinct (its own bytes and hash), as in real archives: the default. false repeats eight
   * pictures (CLI `--repeat-pictures`), which lets the media dedupe store only eight.
   */
  distinct?: boolean;
  /** Time span the messages are spread over. */
  years?: number;
  /** Probability of each enabled quirk at each chance to apply it. */
  quirkRate?: number;
  /** true = all quirks, false = none, or a list of quirks to enable. */
  quirks?: boolean | readonly QuirkName[];
}

/** Counts of what was written. */
export interface SbrSummary {
  /** Every record written, duplicates included. */
  messages: number;
  sms: number;
  mms: number;
  /** Records that deliberately repeat the previous one, exactly or up to whitespace. */
  duplicates: number;
  conversations: number;
  /** UTF-8 bytes written. */
  bytes: number;
}

/** Names of all quirks, each on by default. */
export const QUIRKS: readonly QuirkName[];
/** Picture colours as [r, g, b]: the top half of every generated PNG is exactly one of these. */
export const IMAGE_COLOURS: readonly (readonly [number, number, number])[];
/** Default value of every option. */
export const DEFAULTS: Readonly<Required<SbrOptions>>;
/** Escapes a double-quoted attribute value; astral characters become two surrogate NCRs, one NCR, or stay raw. */
export function escapeAttr(value: unknown, emoji?: 'pair' | 'ncr' | 'raw' | null): string;
/** Builds a 4:3 RGB PNG of about `bytes` bytes: top half solid `rgb`, bottom half seeded noise (solid too if `solid`). */
export function makePng(rgb: readonly number[], bytes: number, solid?: boolean, seed?: number): Buffer;
/** Streams an archive through `write(chunk)` (awaited if it returns a promise) and resolves to its summary. */
export function generateSbr(options: SbrOptions, write: (chunk: string) => unknown): Promise<SbrSummary>;
/** Returns a whole archive as one string; for small test fixtures only. */
export function generateSbrString(options?: SbrOptions): string;
