import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { RegroupOutcome } from '../db/regroup';
import type { CountryCode } from '../model/address';
import type { ImportApi, PullChunk, WireInput } from '../workers/import-api';
import type { ImportProgress, ImportSummary, StreamInput } from '../import/summary';
import type { TextkeepStore } from './store';
import { whileNobodyWrites, withWriteLock } from './write-lock';

export type {
  FileSummary,
  ImportProgress,
  ImportSummary,
  ProblemSummary,
  StreamInput,
} from '../import/summary';

/** Whether this browser can hand a ReadableStream to a worker (Safari could not, for a long time). */
function canTransferStreams(): boolean {
  try {
    const stream = new ReadableStream();
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(stream, [stream]);
    port1.close();
    port2.close();
    return true;
  } catch {
    return false;
  }
}

/** The worker's way to read streams this browser cannot transfer: one chunk per call (exported for its test). */
export function chunkPuller(streams: readonly ReadableStream<Uint8Array>[]): PullChunk {
  const readers = new Map<number, ReadableStreamDefaultReader<Uint8Array>>();
  return async (index, cancel) => {
    const stream = streams[index];
    if (!stream) return undefined;
    let reader = readers.get(index);
    if (!reader) readers.set(index, (reader = stream.getReader()));
    if (cancel) {
      await reader.cancel();
      return undefined;
    }
    try {
      const { done, value } = await reader.read();
      return done ? undefined : transfer(value, [value.buffer]);
    } catch (error) {
      // A plain Error keeps its name and message across the worker boundary.
      const plain = new Error(error instanceof Error ? error.message : 'The download stopped.');
      plain.name = error instanceof Error ? error.name : 'NetworkError';
      throw plain;
    }
  };
}

/** Performance entries `npm run bench` reads: from the files handed over to the conversations stored. */
export const IMPORT_START_MARK = 'tk-import-start';
/** The measure of the last import's duration. */
export const IMPORT_MEASURE = 'tk-import';

/** Where the import stands, for the views. */
export type ImportState =
  | { phase: 'idle' }
  /** Another tab or window is importing: this import starts when it has finished. */
  | { phase: 'waiting'; fileCount: number; cancelling: boolean }
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
  private _onCancel: (() => void) | undefined;
  private _waiting: AbortController | undefined;
  /** Set from the first moment of a run to its last: two callers woken together cannot both start. */
  private _busy = false;

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

  /** Whether an import is running (or waiting for its turn). */
  get running(): boolean {
    return this._state.phase === 'running' || this._state.phase === 'waiting';
  }

  /**
   * At start-up: an import left "running" in the history while no tab is writing was stopped by a closed or
   * crashed tab; it is marked "interrupted" (its counts are what it committed).
   */
  async recoverInterrupted(): Promise<void> {
    await whileNobodyWrites(async () => {
      const { imports } = await this._store.repositories();
      if ((await imports.markInterrupted()) > 0) this._store.notifyChanged();
    });
  }

  /** Resolves when no import runs here (at once when none does): the moment the next one may start. */
  async turn(): Promise<void> {
    while (this._busy) {
      await new Promise((resolve) => {
        this.addEventListener('turn', resolve, { once: true });
      });
    }
  }

  /** Imports files after any running import; resolves when done (the outcome is also in `state`). */
  async importFiles(files: readonly File[]): Promise<void> {
    await this._run(files);
  }

  /**
   * Imports byte streams (OneDrive downloads) through the same importers as files, with progress by bytes
   * against their given sizes, and the same Cancel, which also calls `onCancel` (to abort the downloads).
   * After any running import: never dropped (ImportFlow opens the streams only when their turn has come).
   */
  async importStreams(streams: readonly StreamInput[], onCancel?: () => void): Promise<void> {
    await this._run(streams, onCancel);
  }

  private async _run(files: readonly (File | StreamInput)[], onCancel?: () => void): Promise<void> {
    if (files.length === 0) return;
    // The check and the claim in one step: two callers woken by the same "turn" cannot both start.
    while (this._busy) {
      await new Promise((resolve) => {
        this.addEventListener('turn', resolve, { once: true });
      });
    }
    this._busy = true;
    // Cancel stops the downloads on this side too: a stream waiting on a stalled network answers at once.
    this._onCancel = onCancel;
    const waiting = new AbortController();
    this._waiting = waiting;
    try {
      await withWriteLock(() => this._runHoldingLock(files), {
        signal: waiting.signal,
        onWaiting: () => {
          this._set({ phase: 'waiting', fileCount: files.length, cancelling: false });
        },
      });
    } catch (error) {
      // "Delete all data" in another window took the lock: the import goes on until the deletion stops it,
      // and says so itself.
      if (!waiting.signal.aborted && error instanceof DOMException && error.name === 'AbortError') return;
      // Cancelled while waiting for the other window: nothing was read, nothing was stored.
      if (!waiting.signal.aborted) throw error;
      for (const f of files) if (!(f instanceof File)) await f.stream.cancel().catch(() => undefined);
      this._set({
        phase: 'finished',
        summary: { added: 0, duplicates: 0, files: [], stopped: 'cancelled' },
      });
    } finally {
      this._waiting = undefined;
      this._onCancel = undefined;
      this._busy = false;
      this.dispatchEvent(new Event('turn'));
    }
  }

  private async _runHoldingLock(files: readonly (File | StreamInput)[]): Promise<void> {
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
      const api = this.prepare();
      const { inputs, pull } = wireInputs(files);
      const summary = await api.importFiles(
        inputs,
        await this._settings(),
        proxy((progress: ImportProgress) => {
          if (this._state.phase === 'running') this._set({ ...this._state, progress });
        }),
        proxy(() => {
          this._store.notifyChanged();
        }),
        pull,
      );
      performance.measure(IMPORT_MEASURE, IMPORT_START_MARK);
      this._set({ phase: 'finished', summary });
    } catch (error) {
      this._set({ phase: 'failed', message: failureSentence(error) });
    } finally {
      this._store.notifyChanged();
    }
  }

  /**
   * Starts the import worker ahead of an import (when the file chooser opens): loading it takes a tenth of a
   * second or two, which the person would otherwise wait for after choosing.
   */
  prepare(): Remote<ImportApi> {
    this._api ??= wrap<ImportApi>(
      new Worker(new URL('../workers/import.worker.ts', import.meta.url), {
        type: 'module',
        name: 'import',
      }),
    );
    return this._api;
  }

  /** "Re-group conversations" runs in the import worker (see workers/import-api.ts). */
  regroupCandidates(region: CountryCode): Promise<number> {
    return this.prepare().regroupCandidates(region);
  }

  regroup(region: CountryCode): Promise<RegroupOutcome> {
    return this.prepare().regroup(region);
  }

  /** Asks the running import to stop. */
  cancel(): void {
    if (this._state.phase === 'waiting') {
      this._set({ ...this._state, cancelling: true });
      this._waiting?.abort();
      this._onCancel?.();
      return;
    }
    if (this._state.phase !== 'running') return;
    this._set({ ...this._state, cancelling: true });
    void this._api?.cancel();
    this._onCancel?.();
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

/**
 * The sentence for an import that ended on an error no problem sentence covers: what happened, in words of
 * our own (an exception's text is for developers, and may quote the file).
 */
export function failureSentence(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NetworkError') return 'The connection was lost and the download could not be resumed.';
  if (name === 'NotReadableError' || name === 'NotFoundError')
    return 'The file could no longer be read (it may have been moved, changed or deleted).';
  return 'Something unexpected went wrong while importing.';
}

/** The inputs as the worker receives them: streams transferred where the browser can, else pulled. */
function wireInputs(files: readonly (File | StreamInput)[]): { inputs: WireInput[]; pull?: PullChunk } {
  const streams = files.filter((f): f is StreamInput => !(f instanceof File)).map((f) => f.stream);
  if (streams.length === 0) return { inputs: [...files] };
  if (canTransferStreams()) return { inputs: transfer([...files], streams) };
  let next = 0;
  const inputs = files.map((f) => (f instanceof File ? f : { name: f.name, size: f.size, pulled: next++ }));
  return { inputs, pull: proxy(chunkPuller(streams)) };
}
