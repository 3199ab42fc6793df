import { proxy, wrap, type Remote } from 'comlink';
import type { ExportApi } from '../workers/export-api';
import type { ExportProgress, ExportRequest, ExportResult } from '../export/summary';
import type { TextFormat } from '../formats/exporters/contract';
import { hasOpfs, removeStaleSpools, reserveSpool, type Spool } from './export-spool';

export type { ExportProgress, ExportRequest, ExportResult } from '../export/summary';

/** Performance entries `npm run bench` reads: an export starts… */
export const EXPORT_START_MARK = 'tk-export-start';
/** …and the measure of its duration, up to the finished file. */
export const EXPORT_MEASURE = 'tk-export';

/** What the person chose in the export dialog. */
export interface ExportChoice {
  format: TextFormat;
  range: { from?: number; to?: number };
  hideNumbers: boolean;
}

let nextId = 1;

/**
 * Runs text exports in the export worker (created on first use): reading the blocks, writing the file and
 * zipping happen off the page's thread. Cancel stops an export between batches.
 */
export class ExportService extends EventTarget {
  private _api: Remote<ExportApi> | undefined;
  private _running = 0;
  /** The last "Export everything" zip, kept in OPFS while its download may still be reading it. */
  private _spool: Spool | undefined;

  constructor(private readonly _timeZone: () => string) {
    super();
  }

  /** Whether an export runs (a new version waits for it; closing the tab asks first). */
  get running(): boolean {
    return this._running > 0;
  }

  /** Counts `work` as a running export until it settles (the picture export runs on the page). */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this._running += 1;
    this.dispatchEvent(new Event('change'));
    try {
      return await work();
    } finally {
      this._running -= 1;
      this.dispatchEvent(new Event('change'));
    }
  }

  /** One conversation to one file. Rejects with an AbortError when `signal` aborts. */
  conversation(
    key: string,
    choice: ExportChoice,
    onProgress: (progress: ExportProgress) => void,
    signal: AbortSignal,
  ): Promise<ExportResult> {
    return this._run(signal, (api, id) =>
      api.conversation(id, key, this._request(choice), proxy(onProgress)),
    );
  }

  /**
   * Every conversation to one zip, written into `target` when the person picked a file; else spooled to an
   * OPFS file (the result's `blob` is then that disk-backed File, kept until the next export or start-up).
   */
  async everything(
    choice: ExportChoice,
    target: FileSystemFileHandle | undefined,
    onProgress: (progress: ExportProgress) => void,
    signal: AbortSignal,
  ): Promise<ExportResult> {
    await this.discardSpool();
    const spool = !target && hasOpfs() ? await reserveSpool() : undefined;
    try {
      const result = await this._run(signal, (api, id) =>
        api.everything(
          id,
          this._request(choice),
          target,
          spool && { folder: spool.folder, name: spool.name },
          proxy(onProgress),
        ),
      );
      if (result.spooled) this._spool = spool;
      else await spool?.discard();
      return result;
    } catch (error) {
      await spool?.discard();
      throw error;
    }
  }

  /** Removes the kept "Export everything" zip, if any. */
  async discardSpool(): Promise<void> {
    const spool = this._spool;
    this._spool = undefined;
    await spool?.discard();
  }

  /** At start-up: removes spool files that no open tab holds. */
  removeStale(): Promise<void> {
    return removeStaleSpools();
  }

  private _request(choice: ExportChoice): ExportRequest {
    return { ...choice, timeZone: this._timeZone(), generator: `Textkeep ${__APP_VERSION__}` };
  }

  private async _run(
    signal: AbortSignal,
    work: (api: Remote<ExportApi>, id: number) => Promise<ExportResult>,
  ): Promise<ExportResult> {
    signal.throwIfAborted();
    this._api ??= wrap<ExportApi>(
      new Worker(new URL('../workers/export.worker.ts', import.meta.url), { type: 'module', name: 'export' }),
    );
    const api = this._api;
    const id = nextId++;
    const cancel = (): void => void api.cancel(id);
    signal.addEventListener('abort', cancel);
    performance.mark(EXPORT_START_MARK);
    try {
      const result = await this.track(() => work(api, id));
      performance.measure(EXPORT_MEASURE, EXPORT_START_MARK);
      return result;
    } catch (error) {
      if (signal.aborted) throw new DOMException('The export was cancelled.', 'AbortError');
      throw error;
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }
}
