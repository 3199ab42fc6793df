/**
 * Addresses of the other party, normalized so one person is one conversation whatever way each phone wrote
 * the number (FORMATS.md §1.3, §1.6-4..6).
 *
 * The `min` metadata of libphonenumber-js is used on purpose: what this module imports bundles to about 29 KB
 * gzip with it against 49 KB with `max` (rolldown --minify, 1.13.16). `max` only adds per-type patterns
 * (mobile, fixed line, …): every number in the samples and tests validates the same with both, and numbers
 * neither can validate fall back to their digits anyway. Switch only for a test that needs a type.
 */
import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/min';

export type { CountryCode } from 'libphonenumber-js/min';

/** What kind of address a normalized address is. */
export const ADDRESS_KINDS = {
  phone: 'phone',
  shortCode: 'short-code',
  alphanumeric: 'alphanumeric',
  email: 'email',
} as const;
/** What kind of address a normalized address is. */
export type AddressKind = (typeof ADDRESS_KINDS)[keyof typeof ADDRESS_KINDS];

/** An address ready to key a conversation, with the archive's spelling kept for display and audit. */
export interface NormalizedAddress {
  /** E.164 for numbers libphonenumber validates; digits (and `+` when given) otherwise; other kinds as below. */
  address: string;
  raw: string;
  kind: AddressKind;
}

/** Android's placeholder for "this phone" in MMS `<addr>` lists (FORMATS.md §1.6-5): never a participant. */
export const SELF_TOKEN = 'insert-address-token';

/** Whether the archive's address is the "this phone" placeholder rather than a person. */
export function isSelfToken(raw: string): boolean {
  return raw.trim().toLowerCase() === SELF_TOKEN;
}

/** Region used when a locale names none that libphonenumber knows. */
export const FALLBACK_REGION: CountryCode = 'US';

// Digits with the punctuation phones write between them (Unicode dashes too), optionally after one `+`.
const PHONE_LIKE = /^\+?[\d\s\-.()/\u2010-\u2015\u2212]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
// Short codes are 3–6 digits in every numbering plan we know of; 7 digits is already a local phone number.
const MAX_SHORT_CODE_DIGITS = 6;
// Control characters left after whitespace is collapsed are damage, not part of a sender's name; dropping them
// also keeps them out of conversation and dedupe keys, which use `\n` as a separator.
const CONTROL = /\p{Cc}/gu;

function normalizeUncached(raw: string, region: CountryCode): NormalizedAddress | undefined {
  const text = raw.replace(/\s+/g, ' ').replace(CONTROL, '').trim();
  if (text === '' || text.toLowerCase() === 'null' || isSelfToken(text)) return undefined;
  if (EMAIL.test(text)) return { address: text.toLowerCase(), raw, kind: 'email' };
  if (!PHONE_LIKE.test(text)) return { address: text, raw, kind: 'alphanumeric' };

  const digits = text.replace(/\D/g, '');
  if (digits === '') return { address: text, raw, kind: 'alphanumeric' };
  const plus = text.startsWith('+');
  if (!plus && digits.length <= MAX_SHORT_CODE_DIGITS) return { address: digits, raw, kind: 'short-code' };

  // `00` is the international prefix nearly everywhere; libphonenumber only knows the default region's own.
  const international = plus ? `+${digits}` : digits.startsWith('00') ? `+${digits.slice(2)}` : undefined;
  const parsed = parsePhoneNumberFromString(international ?? text, region);
  if (parsed?.isValid()) return { address: parsed.number, raw, kind: 'phone' };
  // Unvalidatable (fictional, mistyped, new ranges): keep what was written, so the same spelling always gives
  // the same key; AddressResolver later ties it to its E.164 twin.
  return { address: international ?? digits, raw, kind: 'phone' };
}

// Archives repeat a few hundred addresses over thousands of messages, and parsing one costs several µs: at the
// 50,000 messages/s import target that is a third of the budget, so results are remembered (bounded).
const MAX_CACHED = 10_000;
const cache = new Map<string, NormalizedAddress | undefined>();

/** Normalizes one address as the archive wrote it; undefined when it is missing, `null`, or the self token. */
export function normalizeAddress(raw: string, region: CountryCode): NormalizedAddress | undefined {
  const key = `${region} ${raw}`;
  let result = cache.get(key);
  if (result === undefined && !cache.has(key)) {
    if (cache.size >= MAX_CACHED) cache.clear();
    result = normalizeUncached(raw, region);
    cache.set(key, result);
  }
  // A copy, so that a caller changing its result cannot change the next caller's.
  return result && { ...result };
}

/** The phone region a locale implies (`en-GB` → GB, `fr` → FR); US when it implies none libphonenumber knows. */
export function regionFromLocale(locale: string): CountryCode {
  let tag: Intl.Locale;
  try {
    tag = new Intl.Locale(locale);
  } catch {
    return FALLBACK_REGION;
  }
  // `es-419` names a continent, not a country: fall back to the language's likeliest country.
  for (const region of [tag.maximize().region, new Intl.Locale(tag.language).maximize().region]) {
    if (region !== undefined && isSupportedCountry(region)) return region;
  }
  return FALLBACK_REGION;
}

/** An address as a person reads it: national format at home, international abroad, anything else as stored. */
export function formatAddressForDisplay(address: string, region: CountryCode): string {
  if (!/^\+?\d{7,}$/.test(address)) return address;
  const parsed = parsePhoneNumberFromString(address, region);
  if (!parsed?.isValid()) return address;
  // Same calling code rather than same country: a Canadian number is dialled like a US one from the US.
  return parsed.countryCallingCode === getCountryCallingCode(region)
    ? parsed.formatNational()
    : parsed.formatInternational();
}

// Why 9 digits: national numbers are 7–12 digits long (E.164). The key only picks a bucket (`sameNumber`
// decides), so it must be no longer than the national spellings that should meet their `+` form there: 9 keeps
// whole French, Spanish, Italian, Dutch, Swiss national numbers and the tail of 10–11-digit US, UK, German ones,
// yet is long enough that distinct people rarely share a bucket. Numbers of 7–8 digits (Danish, Norwegian, a bare
// "555-4545") keep a shorter key and never join a longer number: a local number without its area code would
// otherwise join every area code's. Those numbers validate for their region and become E.164 anyway.
const MATCH_KEY_DIGITS = 9;
const MIN_PHONE_DIGITS = 7;

/** The bucket that spellings of one number share: its last 9 digits; undefined for non-phone addresses. */
export function phoneMatchKey(address: string): string | undefined {
  const digits = significantDigits(address);
  if (digits === undefined || digits.length < MIN_PHONE_DIGITS) return undefined;
  return digits.slice(-MATCH_KEY_DIGITS);
}

// The digits of a phone address without leading zeros (a national trunk prefix `0`), or undefined when the
// address is not a number, so "0151 …" and "+49151 …" compare on the same tail.
function significantDigits(address: string): string | undefined {
  return /^\+?(\d+)$/.exec(address)?.[1]?.replace(/^0+/, '');
}

// Two spellings are one number when one's digits end with the other's. Two full international numbers
// (both with `+`) are complete, so they are one number only when equal.
function sameNumber(a: string, b: string): boolean {
  if (a.startsWith('+') && b.startsWith('+')) return a === b;
  if (
    a.startsWith('+') !== b.startsWith('+') &&
    nationalOf(a.startsWith('+') ? a : b, a.startsWith('+') ? b : a)
  )
    return true;
  const da = significantDigits(a);
  const db = significantDigits(b);
  if (da === undefined || db === undefined) return false;
  return da.endsWith(db) || db.endsWith(da);
}

// Whether `national` (digits as the archive wrote them, no country code) is `international` written the way its
// own country writes numbers at home: "89225595543" read in Russia, the country of "+79225595543", is that
// number (trunk prefix 8). The international number's country is the one the archive itself reveals for it,
// so this holds whatever the browser's region, and in either order of reading.
function nationalOf(international: string, national: string): boolean {
  const country = parsePhoneNumberFromString(international)?.country;
  if (!country) return false;
  return parsePhoneNumberFromString(national, country)?.number === international;
}

/** A sender name with letter case folded (full Unicode case folding's common part: lower case of upper case). */
function foldSender(address: string): string {
  return address.toUpperCase().toLowerCase();
}

/**
 * Ties the spellings of one number with and without country code ("+21111111111", "1111111111") to one
 * canonical address, so they share a conversation (FORMATS.md §1.6-6); likewise sender names that differ only in
 * letter case ("NetBank", "netbank"), which carriers and banks spell both ways over the years.
 *
 * Stable keys win over pretty ones: an address already known (stored, or read earlier) stays canonical even
 * when a later import brings its `+` form, because moving a stored conversation to a new key would mean
 * rewriting every message block of it. Only when a new spelling matches several known ones is the `+` form
 * preferred, then the first registered. A national spelling can tie numbers of two countries together
 * ("1111111111" with "+1…" and "+2…"); that is the price of reading archives that dropped the country code.
 */
export class AddressResolver {
  // Every address seen → its canonical address (itself for registered ones).
  private readonly _canonical = new Map<string, string>();
  // Match key → canonical phone addresses, in registration order.
  private readonly _byKey = new Map<string, string[]>();
  // Case-folded sender name → its canonical spelling: "Telstra" and "telstra" are one sender.
  private readonly _byFold = new Map<string, string>();

  /** Starts from the addresses of stored conversations, in their stored order. */
  constructor(known: Iterable<string> = []) {
    for (const address of known) this.register(address);
  }

  /** Records an address as canonical for itself: a stored conversation already uses it as its key. */
  register(address: string): void {
    if (this._canonical.get(address) === address) return;
    this._canonical.set(address, address);
    const key = phoneMatchKey(address);
    if (key === undefined) {
      const fold = foldSender(address);
      if (!this._byFold.has(fold)) this._byFold.set(fold, address);
      return;
    }
    const bucket = this._byKey.get(key);
    if (bucket) bucket.push(address);
    else this._byKey.set(key, [address]);
  }

  /** The canonical address for a normalized one: a known equivalent, else the address itself, now registered. */
  resolve(address: string): string {
    const known = this._canonical.get(address);
    if (known !== undefined) return known;
    const key = phoneMatchKey(address);
    if (key === undefined) {
      // A sender name (or a short code) differing only in letter case is the same sender.
      const same = this._byFold.get(foldSender(address));
      if (same === undefined) {
        this.register(address);
        return address;
      }
      this._canonical.set(address, same);
      return same;
    }
    const matches = (this._byKey.get(key) ?? []).filter((c) => sameNumber(c, address));
    const match = matches.find((c) => c.startsWith('+')) ?? matches[0];
    if (match === undefined) {
      this.register(address);
      return address;
    }
    this._canonical.set(address, match);
    return match;
  }
}
