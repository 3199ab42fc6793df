import { proxy, wrap, type Remote } from 'comlink';
import type { CountryCode } from '../model/address';
import type { ImportApi } from '../workers/import-api';
import type { ImportProgress, ImportSummary } from '../workers/import-job';
import type { TextkeepStore } from './store';

export type { FileSummary, ImportProgress, ImportSummary, ProblemSummary } from '../workers/import-job';

/** Performance entries `npm run bench` reads: from the files handed over to the conversations stored. */
export const IMPORT_START_MARK = 'tk-import-start';
/** The measure of the last import's duration. */
export const IMPORT_MEASURE = 'tk-import';

/** Where the import stands, for the views. */
export type ImportState =
  | { phase: 'idle' }
  | { phase: 'running'; progress: ImportProgress; cancelling: boolean }
  | { phase: 'finished'; summary: ImportSummary }
  | { phase: 'failed'; message: string };

/**
 * Runs imports in the import worker (created on first use) and tells the page how they go: a `change` event
 * on every progress step; the store hears of every commit so conversations appear as they are stored.
 */
export class ImportService extends EventTarget {
  private _state: ImportState = { phase: 'idle' };
  private _api: Remote<ImportApi> | undefined;

  constructor(
    private readonly _store: TextkeepStore,
    private readonly _settings: () => Promise<{ region: CountryCode; timeZone: string }>,
  ) {
    super();
  }

  /** The current state. */
  get state(): ImportState {
    return this._state;
  }

  /** Whether an import is running. */
  get running(): boolean {
    return this._state.phase === 'running';
  }

  /** Imports files; resolves when done (the outcome is also in `state`). */
  async importFiles(files: readonly File[]): Promise<void> {
    if (this.running || files.length === 0) return;
    const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
    const first = files[0]?.name ?? '';
    this._set({
      phase: 'running',
      cancelling: false,
      progress: {
        fileName: first,
        fileIndex: 0,
        fileCount: files.length,
        bytesRead: 0,
        bytesTotal,
        added: 0,
      },
    });
    performance.mark(IMPORT_START_MARK);
    try {
      this._api ??= wrap<ImportApi>(
        new Worker(new URL('../workers/import.worker.ts', import.meta.url), {
          type: 'module',
          name: 'import',
        }),
      );
      const summary = await this._api.importFiles(
        [...files],
        await this._settings(),
        proxy((progress: ImportProgress) => {
          if (this._state.phase === 'running') this._set({ ...this._state, progress });
        }),
        proxy(() => {
          this._store.notifyChanged();
        }),
      );
      performance.measure(IMPORT_MEASURE, IMPORT_START_MARK);
      this._set({ phase: 'finished', summary });
    } catch (error) {
      this._set({
        phase: 'failed',
        message: error instanceof Error ? error.message : 'The import stopped unexpectedly.',
      });
    } finally {
      this._store.notifyChanged();
    }
  }

  /** Asks the running import to stop. */
  cancel(): void {
    if (this._state.phase !== 'running') return;
    this._set({ ...this._state, cancelling: true });
    void this._api?.cancel();
  }

  /** Forgets a finished import's outcome (the person dismissed it). */
  dismiss(): void {
    if (!this.running) this._set({ phase: 'idle' });
  }

  private _set(state: ImportState): void {
    this._state = state;
    this.dispatchEvent(new Event('change'));
  }
}
