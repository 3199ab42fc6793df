/**
 * "Re-group conversations" for the page (issue 14): whether stored conversations would be grouped otherwise
 * under the default region, and running the regroup (db/regroup.ts) under the write lock, so it never runs
 * during an import in any window.
 *
 * It runs in the import worker, which has the phone-number parser already: on the page it would put that
 * parser in the first chunk (9 KB gzip). One transaction over the few conversations being joined.
 */
import type { RegroupOutcome } from '../db/regroup';
import type { CountryCode } from '../model/address';
import type { SearchService } from './search';
import type { TextkeepStore } from './store';
import { withWriteLock } from './write-lock';

/** Where the regroup runs: the import worker (services/import.ts), or the database itself in a test. */
export interface RegroupRunner {
  regroupCandidates(region: CountryCode): Promise<number>;
  regroup(region: CountryCode): Promise<RegroupOutcome>;
}

/** Where a regroup stands. */
export type RegroupPhase = 'idle' | 'waiting' | 'running' | 'done' | 'failed';

/** What settings shows of "Re-group conversations". */
export interface RegroupState {
  phase: RegroupPhase;
  /** Stored conversations a regroup by the current region would rewrite (0: already grouped by it). */
  candidates: number;
  /** The region was changed in this session: the button is offered even with nothing to join. */
  offered: boolean;
  /**
   * With `done`: `joined` conversations became `into`; `refiled` joined none but moved under their number
   * as the region reads it; `duplicates` messages were in two of them.
   */
  outcome?: { joined: number; into: number; refiled: number; duplicates: number };
}

/** Runs and watches "Re-group conversations"; `change` events tell the shell to draw its state. */
export class RegroupService extends EventTarget {
  private _state: RegroupState = { phase: 'idle', candidates: 0, offered: false };

  constructor(
    private readonly _store: TextkeepStore,
    private readonly _search: SearchService,
    private readonly _runner: RegroupRunner,
  ) {
    super();
  }

  get state(): RegroupState {
    return this._state;
  }

  /** The default region was changed: offer the regroup from now on. */
  regionChanged(): void {
    this._set({ offered: true, phase: this._busy() ? this._state.phase : 'idle' });
  }

  /** Counts what a regroup by `region` would join (while none runs: it would count a half-done picture). */
  async check(region: CountryCode): Promise<void> {
    if (this._busy()) return;
    const candidates = await this._runner.regroupCandidates(region).catch(() => 0);
    if (!this._busy()) this._set({ candidates });
  }

  /** Joins the conversations `region` reads as one, once no import writes. */
  async run(region: CountryCode): Promise<void> {
    if (this._busy()) return;
    this._set({ phase: 'running' });
    try {
      const outcome = await withWriteLock(
        async () => {
          this._set({ phase: 'running' });
          return this._runner.regroup(region);
        },
        { onWaiting: () => this._set({ phase: 'waiting' }) },
      );
      // The page's search table holds the keys of the conversations removed: read afresh.
      this._search.forget();
      this._set({ phase: 'done', outcome, candidates: 0 });
      this._store.notifyChanged();
    } catch {
      this._set({ phase: 'failed' });
    }
  }

  private _busy(): boolean {
    return this._state.phase === 'running' || this._state.phase === 'waiting';
  }

  private _set(change: Partial<RegroupState>): void {
    this._state = { ...this._state, ...change };
    this.dispatchEvent(new Event('change'));
  }
}
