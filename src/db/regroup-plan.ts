/**
 * Which stored conversations one person has been split across, read again with a default region: the plan
 * of "Re-group conversations" (db/regroup.ts carries it out). Pure over the conversations' summaries.
 */
import { AddressResolver, normalizeAddress, type CountryCode } from '../model/address';
import { conversationKey } from '../model/conversation-key';
import type { Conversation } from '../model/types';

/** Conversations whose keys coincide once read with the region: joined into `survivor`. */
export interface RegroupGroup {
  /** The one kept (the one with the most messages): its key, opaque id and salt stay. */
  survivor: Conversation;
  /** The others, whose messages move into the survivor and whose records go. */
  others: Conversation[];
  /** Any of the group's addresses (and its senders') as read with the region → the survivor's spelling. */
  spelling: ReadonlyMap<string, string>;
}

/** The stored conversations read again with `region`, and what each address now reads as. */
export interface RegroupPlan {
  groups: RegroupGroup[];
  /** A stored address → its address read with the region (for senders of moved messages). */
  readAs: (address: string) => string;
}

// The one kept has the most messages (its blocks are the most to leave in place), then the most calls,
// then the lowest key, so the same database always makes the same plan.
function survivorFirst(a: Conversation, b: Conversation): number {
  return b.messageCount - a.messageCount || b.callCount - a.callCount || (a.key < b.key ? -1 : 1);
}

/**
 * Reads every conversation's participants again with `region` (as an import now would: normalized, then tied
 * through one fresh resolver so national and `+` spellings of a number meet) and groups those whose keys
 * then coincide. A conversation alone in its group is left out: it stays under its stored key, as the import
 * writer's resolver keeps stored keys (moving it would rewrite all of its blocks for nothing a person sees).
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
  const ordered = [...new Set(normalized.values())].sort((a, b) =>
    a.startsWith('+') !== b.startsWith('+') ? (a.startsWith('+') ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0,
  );
  for (const address of ordered) resolver.resolve(address);
  const readAs = (address: string): string =>
    resolver.resolve(normalized.get(address) ?? normalizeAddress(address, region)?.address ?? address);

  const byKey = new Map<string, Conversation[]>();
  for (const c of conversations) {
    if (c.participants.length === 0) continue;
    const key = conversationKey(c.participants.map((p) => readAs(p.address)));
    const group = byKey.get(key);
    if (group) group.push(c);
    else byKey.set(key, [c]);
  }
  const groups: RegroupGroup[] = [];
  for (const members of byKey.values()) {
    if (members.length < 2) continue;
    const [survivor, ...others] = [...members].sort(survivorFirst);
    if (!survivor) continue;
    const spelling = new Map<string, string>();
    for (const p of survivor.participants) spelling.set(readAs(p.address), p.address);
    groups.push({ survivor, others, spelling });
  }
  return { groups, readAs };
}

/** How many stored conversations the plan joins (0: every one is already grouped by this region). */
export function joinedCount(plan: RegroupPlan): number {
  return plan.groups.reduce((sum, g) => sum + 1 + g.others.length, 0);
}
