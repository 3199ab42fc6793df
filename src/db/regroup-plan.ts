/**
 * Which stored conversations are filed otherwise once read with a default region: the plan of "Re-group
 * conversations" (db/regroup.ts carries it out). Pure over the conversations' summaries.
 */
import { AddressResolver, normalizeAddress, type CountryCode } from '../model/address';
import { conversationKey } from '../model/conversation-key';
import type { Conversation } from '../model/types';

/** The stored conversations that the region files under one key, `key`, which differs from some of theirs. */
export interface RegroupGroup {
  /** The key they go under: what an import with the region gives the same people now. */
  key: string;
  /** The one with the most messages: its opaque id and salt stay, so links to it keep working. */
  survivor: Conversation;
  /** Every member, the survivor first, then by the same order. */
  members: Conversation[];
}

/** The groups to write, and what each stored address reads as with the region. */
export interface RegroupPlan {
  groups: RegroupGroup[];
  /** A stored address (a participant's, a sender's) → its address read with the region. */
  readAs: (address: string) => string;
}

// The most messages first (its URL id is the one most likely shared or bookmarked), then the most calls,
// then the lowest key, so the same database always makes the same plan.
function survivorFirst(a: Conversation, b: Conversation): number {
  return b.messageCount - a.messageCount || b.callCount - a.callCount || (a.key < b.key ? -1 : 1);
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads every conversation's participants again with `region` as an import now would (normalized, then tied
 * through one fresh resolver, so national and `+` spellings of a number meet) and groups them by the key
 * that gives. A conversation whose key stays, alone in its group, is left out: nothing of it is written. One
 * whose key changes though it joins nothing is moved all the same: an import with the region would not find
 * it under its old key (an 8-digit national number never ties to its `+` form), and would split the person
 * again.
 */
export function planRegroup(conversations: readonly Conversation[], region: CountryCode): RegroupPlan {
  const normalized = new Map<string, string>();
  for (const c of conversations) {
    for (const p of c.participants) {
      normalized.set(p.address, normalizeAddress(p.address, region)?.address ?? p.address);
    }
  }
  // `+` forms first, so a national spelling ties to the full number rather than the other way round, and
  // in code-unit order, so the plan never depends on the order the store returned records in.
  const resolver = new AddressResolver();
  const plusFirst = [...new Set(normalized.values())].sort(
    (a, b) => Number(!a.startsWith('+')) - Number(!b.startsWith('+')) || byCodeUnits(a, b),
  );
  for (const address of plusFirst) resolver.resolve(address);
  const readAs = (address: string): string =>
    resolver.resolve(normalized.get(address) ?? normalizeAddress(address, region)?.address ?? address);

  const byKey = new Map<string, Conversation[]>();
  for (const c of conversations) {
    if (c.participants.length === 0) continue;
    const key = conversationKey(c.participants.map((p) => readAs(p.address)));
    const members = byKey.get(key);
    if (members) members.push(c);
    else byKey.set(key, [c]);
  }
  const groups: RegroupGroup[] = [];
  for (const [key, members] of byKey) {
    if (members.length === 1 && members[0]?.key === key) continue;
    const sorted = [...members].sort(survivorFirst);
    const [survivor] = sorted;
    if (survivor) groups.push({ key, survivor, members: sorted });
  }
  return { groups, readAs };
}

/** How many stored conversations the plan rewrites (0: every one is already filed as the region reads it). */
export function changedCount(plan: RegroupPlan): number {
  return plan.groups.reduce((sum, g) => sum + g.members.length, 0);
}
