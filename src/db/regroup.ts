/**
 * "Re-group conversations" (issue 14): after the default region changed, the stored conversations one person
 * was split across (a national "20 12 34 56" read as a US number, and "+4520123456") are joined into one,
 * under the key an import with the region gives that person now (db/regroup-plan.ts).
 *
 * ONE read-write transaction does all of it: plan, moved messages, summaries, search index. So the database
 * is either as it was or wholly regrouped, whatever happens (a closed tab aborts the transaction, and nothing
 * of it is written). What it holds is small: the blocks of the conversations that move (the few a person was
 * split across, never the whole archive), the search segments' document tables (12 bytes a message) and the
 * index records that hold the moved documents. It awaits nothing but its own requests.
 *
 * A member already under the new key keeps its blocks as they are; the others' messages move in through the
 * import writer's own block code, with ids made from the new key exactly as an import would make them, so
 * importing the same archive again still finds them; those that then coincide with a message already there
 * are dropped as the duplicates they are, so counts stay exact. The joined conversation keeps the opaque id
 * and salt of the member with the most messages. A conversation the plan leaves out is not written at all.
 */
import type { IDBPDatabase } from 'idb';
import type { CountryCode } from '../model/address';
import { conversationTitle, countSpellings } from '../model/conversation-key';
import { snippetOf } from '../model/conversation-summary';
import { dedupeKey, messageId } from '../model/dedupe';
import { isCall, type Conversation, type Message, type MessageBlock, type Participant } from '../model/types';
import { BLOCK_SIZE, byTime, metaOf } from './block-merge';
import { settled, writeConversations, type FlushStore, type Loaded } from './block-store';
import { changedCount, planRegroup, type RegroupGroup, type RegroupPlan } from './regroup-plan';
import { repointIndex, type Moved, type RemovedConversation } from './regroup-search';
import type { TextkeepDB } from './schema';
import { SEARCH_STORES } from './search-layout';
import { WRITER_SETTING } from './settings';

/** What a regroup did. */
export interface RegroupOutcome {
  /** Conversations joined with others, and how many they became. */
  joined: number;
  into: number;
  /** Conversations that joined none but moved under the key the region gives them. */
  refiled: number;
  /** Messages that were in two of the joined conversations, now kept once. */
  duplicates: number;
}

/** The stored blocks of one conversation, in time order, as the block writer takes them. */
function loadedOf(blocks: MessageBlock[]): Loaded {
  blocks.sort((a, b) => a.startTime - b.startTime || (a.startId < b.startId ? -1 : 1));
  const ids = new Set<string>();
  for (const block of blocks) for (const m of block.messages) ids.add(m.id);
  // The last blocks that together hold less than a block are its open tail: the moved messages after them
  // are cut into whole blocks with them, rather than left as one more small block.
  let fragments = 0;
  let held = 0;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const count = blocks[i]?.messages.length ?? 0;
    if (held + count >= BLOCK_SIZE) break;
    held += count;
    fragments++;
  }
  const tail = blocks.slice(blocks.length - fragments).flatMap((b) => b.messages);
  return {
    ids,
    blocks: blocks.map(metaOf),
    ...(fragments > 0 ? { tail: { messages: tail, fragments } } : {}),
  };
}

/** One group's work, worked out from its stored blocks before anything is written. */
interface Joined {
  group: RegroupGroup;
  /** The member already under the new key, whose blocks stay, if any. */
  inPlace: Conversation | undefined;
  loaded: Loaded;
  moved: Message[];
  removed: Map<string, RemovedConversation>;
  duplicates: number;
}

function joinGroup(group: RegroupGroup, plan: RegroupPlan, stored: MessageBlock[][]): Joined {
  const into = group.key;
  const at = group.members.findIndex((c) => c.key === into);
  const loaded = loadedOf(stored[at] ?? []);
  const seen = new Set(loaded.ids);
  const moved: Message[] = [];
  const removed = new Map<string, RemovedConversation>();
  let duplicates = 0;
  // Members in the plan's order (the survivor first), so of two copies of a message the survivor's stays.
  group.members.forEach((member, i) => {
    if (i === at) return;
    const messages = new Map<string, Moved>();
    removed.set(member.key, { into, messages });
    for (const m of (stored[i] ?? []).flatMap((b) => b.messages).sort(byTime)) {
      const id = messageId(
        dedupeKey({
          conversationKey: into,
          direction: m.direction,
          time: m.time,
          text: m.text,
          attachmentHashes: m.attachments.flatMap((a) => (a.mediaKey ? [a.mediaKey] : [])),
          ...(m.call ? { call: m.call } : {}),
        }),
      );
      const dropped = seen.has(id);
      messages.set(m.id, { id, dropped });
      if (dropped) {
        duplicates++;
        continue;
      }
      seen.add(id);
      moved.push({ ...m, id, sender: m.sender === '' ? '' : plan.readAs(m.sender) });
    }
  });
  moved.sort(byTime);
  return { group, inPlace: group.members[at], loaded, moved, removed, duplicates };
}

/** The members' participants under their new addresses, with every name and spelling they were known by. */
function mergedParticipants(group: RegroupGroup, plan: RegroupPlan): Participant[] {
  const byAddress = new Map<string, Participant>();
  for (const member of group.members) {
    for (const q of member.participants) {
      const address = plan.readAs(q.address);
      const p = byAddress.get(address);
      if (!p) {
        byAddress.set(address, { ...q, address, ...(q.spellings ? { spellings: { ...q.spellings } } : {}) });
        continue;
      }
      if (!p.name?.trim() && q.name?.trim()) p.name = q.name;
      if (q.spellings) p.spellings = countSpellings(p.spellings, q.spellings);
    }
  }
  return [...byAddress.values()];
}

function summaryOf(
  joined: Joined,
  plan: RegroupPlan,
  region: CountryCode,
  last: Message | undefined,
): Conversation {
  const { group, inPlace, moved } = joined;
  const calls = moved.filter(isCall).length;
  const participants = mergedParticipants(group, plan);
  const next: Conversation = {
    ...group.survivor,
    key: group.key,
    participants,
    title: conversationTitle(participants, region),
    isGroup: participants.length > 1,
    messageCount: (inPlace?.messageCount ?? 0) + moved.length - calls,
    callCount: (inPlace?.callCount ?? 0) + calls,
    lastTime: inPlace?.lastTime ?? -Infinity,
    lastSnippet: inPlace?.lastSnippet ?? '',
  };
  const newest = moved.at(-1);
  // At the same time as the stored newest, the one the blocks order last is the newest (as the import says).
  if (newest && (newest.time > next.lastTime || (newest.time === next.lastTime && last === newest))) {
    next.lastTime = newest.time;
    next.lastSnippet = snippetOf(newest);
  }
  return next;
}

/** Files the stored conversations as `region` reads them, joining those of one person; see the module comment. */
export async function regroupConversations(
  db: IDBPDatabase<TextkeepDB>,
  region: CountryCode,
): Promise<RegroupOutcome> {
  // The import flush's stores (the block writer is typed for its transaction); media and imports go unwritten.
  const stores: FlushStore[] = [
    'settings',
    'imports',
    'conversations',
    'messageBlocks',
    'media',
    ...SEARCH_STORES,
  ];
  const tx = db.transaction(stores, 'readwrite');
  const plan = planRegroup(await tx.objectStore('conversations').getAll(), region);
  if (plan.groups.length === 0) {
    await tx.done;
    return { joined: 0, into: 0, refiled: 0, duplicates: 0 };
  }
  // Claims the database as an import writer does: a writer of an older tab, which takes no write lock, finds
  // its claim gone at its next flush and stops before writing to conversations this one removed.
  settled(tx.objectStore('settings').put({ name: WRITER_SETTING, value: `regroup:${crypto.randomUUID()}` }));
  const index = tx.objectStore('messageBlocks').index('byConversation');
  const stored = await Promise.all(
    plan.groups.map((g) => Promise.all(g.members.map((c) => index.getAll(c.key)))),
  );
  const joined = plan.groups.map((group, g) => joinGroup(group, plan, stored[g] ?? []));
  // Every delete before any put: a member's old key may be the new key of another group (requests run in order).
  const blocks = tx.objectStore('messageBlocks');
  const conversations = tx.objectStore('conversations');
  joined.forEach(({ group, inPlace }, g) => {
    group.members.forEach((member, i) => {
      if (member === inPlace) return;
      for (const b of stored[g]?.[i] ?? []) settled(blocks.delete([member.key, b.startTime, b.startId]));
      settled(conversations.delete(member.key));
    });
  });
  const written = await writeConversations(
    tx,
    joined.map((j) => [j.group.key, j.loaded, j.moved] as const),
    true,
  );
  for (const j of joined)
    settled(conversations.put(summaryOf(j, plan, region, written.get(j.group.key)?.last)));
  await repointIndex(tx, new Map(joined.flatMap((j) => [...j.removed])));
  await tx.done;
  const joins = plan.groups.filter((g) => g.members.length > 1);
  return {
    joined: changedCount({ ...plan, groups: joins }),
    into: joins.length,
    refiled: plan.groups.length - joins.length,
    duplicates: joined.reduce((sum, j) => sum + j.duplicates, 0),
  };
}

/** How many stored conversations a regroup by `region` would rewrite (0: already filed as it reads them). */
export async function regroupCandidates(db: IDBPDatabase<TextkeepDB>, region: CountryCode): Promise<number> {
  return changedCount(planRegroup(await db.getAll('conversations'), region));
}
