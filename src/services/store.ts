import type { IDBPDatabase } from 'idb';
import type { Conversation } from '../model/types';
import { ConversationRepository } from '../db/conversations';
import { ImportRepository } from '../db/imports';
import { MediaRepository } from '../db/media';
import { MessageRepository } from '../db/messages';
import { openTextkeepDb, type TextkeepDB } from '../db/schema';
import { SettingsRepository } from '../db/settings';

/** Why the database could not be used: each has words for the person (PROBLEM_TEXT, shown by the shell). */
export type StoreProblem = 'blocked' | 'closed-for-update' | 'unavailable';

/** What each problem means for the person, and what to do. */
export const PROBLEM_TEXT: Record<StoreProblem, string> = {
  blocked: 'Textkeep is open in another tab with an older version. Close that tab to go on.',
  'closed-for-update': 'Textkeep was updated, or its data deleted, in another tab. Reload this tab to go on.',
  unavailable:
    'This browser will not let Textkeep store data here (private browsing can block it). Your files are untouched.',
};

/**
 * The page's one door to the database: opens it once, hands out the repositories, and tells subscribers
 * (`change` events) when the stored data changed, so views reload what they show.
 */
export class TextkeepStore extends EventTarget {
  private _db: Promise<IDBPDatabase<TextkeepDB>> | undefined;
  private _problem: StoreProblem | undefined;

  constructor(private readonly _name?: string) {
    super();
  }

  /** What keeps the database from being used, if anything. */
  get problem(): StoreProblem | undefined {
    return this._problem;
  }

  /** The open database (opened on first use). */
  database(): Promise<IDBPDatabase<TextkeepDB>> {
    this._db ??= openTextkeepDb(this._name, {
      onBlocked: () => {
        this._setProblem('blocked');
      },
      onVersionChange: () => {
        this._setProblem('closed-for-update');
      },
    }).catch((error: unknown) => {
      this._setProblem('unavailable');
      throw error;
    });
    return this._db;
  }

  /** Conversations, newest message first. */
  async conversations(): Promise<Conversation[]> {
    return new ConversationRepository(await this.database()).listByLatest();
  }

  /** One conversation by key. */
  async conversation(key: string): Promise<Conversation | undefined> {
    return new ConversationRepository(await this.database()).get(key);
  }

  /** One conversation by the opaque id of its URL. */
  async conversationById(id: string): Promise<Conversation | undefined> {
    return new ConversationRepository(await this.database()).byId(id);
  }

  /** The repositories, for services that write (the importer). */
  async repositories(): Promise<{
    conversations: ConversationRepository;
    messages: MessageRepository;
    media: MediaRepository;
    imports: ImportRepository;
    settings: SettingsRepository;
  }> {
    const db = await this.database();
    return {
      conversations: new ConversationRepository(db),
      messages: new MessageRepository(db),
      media: new MediaRepository(db),
      imports: new ImportRepository(db),
      settings: new SettingsRepository(db),
    };
  }

  /** Closes the connection, so the database can be deleted; a later use opens it again. */
  async close(): Promise<void> {
    const db = this._db;
    this._db = undefined;
    (await db?.catch(() => undefined))?.close();
  }

  /** Tells subscribers the stored data changed. */
  notifyChanged(): void {
    this.dispatchEvent(new Event('change'));
  }

  private _setProblem(problem: StoreProblem): void {
    this._problem = problem;
    this.dispatchEvent(new Event('problem'));
  }
}
