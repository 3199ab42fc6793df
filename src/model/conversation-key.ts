/** Conversation identity and title, from the other participants' normalized addresses (DESIGN.md, data model). */
import { formatAddressForDisplay, type CountryCode } from './address';
import type { Participant } from './types';

// `|` never occurs in E.164 numbers, short codes or the digits of unvalidated numbers, and rarely anywhere
// else, so keys stay readable in the database; where it does occur (an alphanumeric sender, an email's local
// part) it is escaped as `\|`, and `\` as `\\`, so that two different address sets never share a key.
const SEPARATOR = '|';

/** Title of a conversation whose archive named no other party (a draft without recipient). */
export const UNKNOWN_TITLE = 'Unknown';

// Code-unit order, not localeCompare: the key must not change with the browser's language.
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function escapeAddress(address: string): string {
  return address.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** The key of the conversation with these other participants: their sorted unique addresses joined with `|`. */
export function conversationKey(addresses: readonly string[]): string {
  // Sorted because group MMS list their members in no stable order (FORMATS.md §1.6-4).
  return [...new Set(addresses)].sort(byCodeUnits).map(escapeAddress).join(SEPARATOR);
}

/** The spelling of a sender name seen most; on a tie the stored one (the address), then code-unit order. */
function mostSeen(address: string, spellings: Record<string, number> | undefined): string | undefined {
  if (!spellings) return undefined;
  let best: string | undefined;
  let most = 0;
  for (const [spelling, count] of Object.entries(spellings).sort(([a], [b]) => byCodeUnits(a, b))) {
    if (count > most || (count === most && spelling === address)) [best, most] = [spelling, count];
  }
  return best;
}

/** A conversation's title: each member's name where known, else their number formatted, in key order. */
export function conversationTitle(participants: readonly Participant[], region: CountryCode): string {
  // Key order rather than alphabetical names: a name learned later (a vCard) then renames without reordering.
  const byAddress = new Map<string, string | undefined>();
  for (const { address, name, spellings } of participants) {
    // An empty contact name is no name: the sender's own spelling names it then.
    const trimmed = name?.trim();
    const known = trimmed === undefined || trimmed === '' ? mostSeen(address, spellings) : trimmed;
    if (!byAddress.get(address)) byAddress.set(address, known === '' ? undefined : known);
  }
  const labels = [...byAddress.keys()]
    .sort(byCodeUnits)
    .map((address) => byAddress.get(address) ?? formatAddressForDisplay(address, region));
  return labels.length > 0 ? labels.join(', ') : UNKNOWN_TITLE;
}

/** Spellings counted per sender name: a handful of letter-case variants, capped so no record grows unbounded. */
const MAX_SPELLINGS = 8;

/**
 * Adds the spellings `seen` into `counted`, in place (it runs once per message of a sender name), a new
 * spelling only while fewer than MAX_SPELLINGS are counted. Returns `counted`, created when absent.
 */
export function countSpellings(
  counted: Record<string, number> | undefined,
  seen: Record<string, number>,
): Record<string, number> {
  const next = counted ?? {};
  for (const [spelling, count] of Object.entries(seen)) {
    if (spelling in next || Object.keys(next).length < MAX_SPELLINGS)
      next[spelling] = (next[spelling] ?? 0) + count;
  }
  return next;
}
