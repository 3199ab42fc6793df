/**
 * "Re-group conversations" (issue 14): after the default region changed, the stored conversations one person
 * was split across (a national "0612345678" read as a US number, and "+33612345678") are joined into one.
 *
 * ONE read-write transaction does all of it: plan, moved messages, summaries, search index. So the database
 * is either as it was or wholly regrouped, whatever happens (a closed tab aborts the transaction, and nothing
 * of it is written). What it holds is small: the blocks of the conversations being joined (the few a person
 * was split across, never the whole archive), the search segments' document tables (12 bytes a message) and
 * the index records that hold those conversations' documents. It awaits nothing but its own requests.
 *
 * The conversation kept is the one with the most messages: its key, opaque id and salt stay (links to it keep
 * working, and its blocks are only added to, through the import writer's own block code). The others'
 * messages move in with ids made from the kept key, exactly as an import would make them, so importing the
 * same archive again still finds them; those that then coincide with a message already there are dropped as
 * the duplicates they are, so counts stay exact. A conversation no group touches is not written at all.
 */
import type { IDBPDatabase } from 'idb';
import type { CountryCode } from '../model/address';
import { conversationTitle, countSpellings } from '../model/conversation-key';
import { snippetOf } from '../model/conversation-summary';
import { dedupeKey, messageId } from '../model/dedupe';
import { isCall, type Conversation, type Message, type MessageBlock, type Participant } from '../model/types';
import { BLOCK_SIZE, byTime, metaOf } from './block-merge';
import { settled, writeConversations, type FlushStore, type Loaded } from './block-store';
import { joinedCount, planRegroup, type RegroupGroup, type RegroupPlan } from './regroup-plan';
import { repointIndex, type Moved, type RemovedConversation } from './regroup-search';
import type { TextkeepDB } from './schema';
import { SEARCH_STORES } from './search-layout';
import { WRITER_SETTING } from './settings';

/** What a regroup did: `joined` conversations became `into` ones; `duplicates` messages were the same. */
export interface RegroupOutcome {
  joined: number;
  into: number;
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
  loaded: Loaded;
  moved: Message[];
  removed: Map<string, RemovedConversation>;
  duplicates: number;
}

function joinGroup(group: RegroupGroup, plan: RegroupPlan, stored: MessageBlock[][]): Joined {
  const [own = [], ...theirs] = stored;
  const into = group.survivor.key;
  const loaded = loadedOf(own);
  const seen = new Set(loaded.ids);
  const moved: Message[] = [];
  const removed = new Map<string, RemovedConversation>();
  let duplicates = 0;
  group.others.forEach((other, o) => {
    const messages = new Map<string, Moved>();
    removed.set(other.key, { into, messages });
    const all = (theirs[o] ?? []).flatMap((b) => b.messages).sort(byTime);
    for (const m of all) {
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
      const sender = m.sender === '' ? '' : (group.spelling.get(plan.readAs(m.sender)) ?? m.sender);
      moved.push({ ...m, id, sender });
    }
  });
  moved.sort(byTime);
  return { group, loaded, moved, removed, duplicates };
}

/** The kept conversation's participants, with the names and spellings the others knew them by. */
function mergedParticipants(group: RegroupGroup, plan: RegroupPlan): Participant[] {
  const participants = group.survivor.participants.map((p) => ({ ...p }));
  for (const other of group.others) {
    for (const q of other.participants) {
      const address = group.spelling.get(plan.readAs(q.address));
      const p = participants.find((each) => each.address === address);
      if (!p) continue;
      if (!p.name?.trim() && q.name?.trim()) p.name = q.name;
      if (q.spellings) p.spellings = countSpellings(p.spellings, q.spellings);
    }
  }
  return participants;
}

function summaryOf(
  joined: Joined,
  plan: RegroupPlan,
  region: CountryCode,
  last: Message | undefined,
): Conversation {
  const { survivor } = joined.group;
  const calls = joined.moved.filter(isCall).length;
  const participants = mergedParticipants(joined.group, plan);
  const next: Conversation = {
    ...survivor,
    participants,
    title: conversationTitle(participants, region),
    messageCount: survivor.messageCount + joined.moved.length - calls,
    callCount: survivor.callCount + calls,
  };
  const newest = joined.moved.at(-1);
  // At the same time as the stored newest, the one the blocks order last is the newest (as the import says).
  if (newest && (newest.time > next.lastTime || (newest.time === next.lastTime && last === newest))) {
    next.lastTime = newest.time;
    next.lastSnippet = snippetOf(newest);
  }
  return next;
}

/** Joins the stored conversations that `region` reads as one; see the module comment. */
export async function regroupConversations(
  db: IDBPDatabase<TextkeepDB>,
  region: CountryCode,
): Promise<RegroupOutcome> {
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
    return { joined: 0, into: 0, duplicates: 0 };
  }
  // Claims the database as an import writer does: a writer of an older tab, which takes no write lock, finds
  // its claim gone at its next flush and stops before writing to conversations this one removed.
  settled(tx.objectStore('settings').put({ name: WRITER_SETTING, value: `regroup:${crypto.randomUUID()}` }));
  const index = tx.objectStore('messageBlocks').index('byConversation');
  const stored = await Promise.all(
    plan.groups.map((g) => Promise.all([g.survivor, ...g.others].map((c) => index.getAll(c.key)))),
  );
  const joined = plan.groups.map((group, g) => joinGroup(group, plan, stored[g] ?? []));
  const blocks = tx.objectStore('messageBlocks');
  for (const [g, { group }] of joined.entries()) {
    stored[g]?.slice(1).forEach((own, o) => {
      const key = group.others[o]?.key ?? '';
      for (const b of own) settled(blocks.delete([key, b.startTime, b.startId]));
    });
  }
  const written = await writeConversations(
    tx,
    joined.map((j) => [j.group.survivor.key, j.loaded, j.moved] as const),
    true,
  );
  const conversations = tx.objectStore('conversations');
  for (const j of joined) {
    settled(conversations.put(summaryOf(j, plan, region, written.get(j.group.survivor.key)?.last)));
    for (const other of j.group.others) settled(conversations.delete(other.key));
  }
  await repointIndex(tx, new Map(joined.flatMap((j) => [...j.removed])));
  await tx.done;
  return {
    joined: joinedCount(plan),
    into: joined.length,
    duplicates: joined.reduce((sum, j) => sum + j.duplicates, 0),
  };
}

/** How many stored conversations a regroup by `region` would join (0: already grouped by it). */
export async function regroupCandidates(db: IDBPDatabase<TextkeepDB>, region: CountryCode): Promise<number> {
  return joinedCount(planRegroup(await db.getAll('conversations'), region));
}
