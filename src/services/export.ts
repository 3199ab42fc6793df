import { proxy, wrap, type Remote } from 'comlink';
import type { TimeRange } from '../db/messages';
import type { ExportApi } from '../workers/export-api';
import type { ExportProgress, ExportRequest, ExportResult } from '../export/summary';
import type { ExportInput, TextFormat } from '../formats/exporters/contract';
import { FORMAT_LABELS, isTextFormat, type ExportFormat } from '../formats/exporters/labels';
import { dateSpan, exportFileName, partFileName } from '../formats/exporters/names';
import { ZoneClock } from '../formats/exporters/clock';
import { exportView } from '../formats/exporters/view';
import type { Conversation } from '../model/types';
import type { TimesChoice } from '../model/shown-time';
import type { ConversationData } from './conversation-data';
import { hasOpfs, removeStaleSpools, reserveSpool, type Spool } from './export-spool';
import type { PictureChoice, PngDrawer } from './png-export/draw';

export type { ExportProgress, ExportRequest, ExportResult } from '../export/summary';
export type { PictureChoice } from './png-export/draw';

/** Performance entries `npm run bench` reads: an export starts… */
export const EXPORT_START_MARK = 'tk-export-start';
/** …and the measure of its duration, up to the finished file. */
export const EXPORT_MEASURE = 'tk-export';

/** What the person chose in the export dialog. */
export interface ExportChoice {
  format: ExportFormat;
  range: TimeRange;
  hideNumbers: boolean;
  /** For the picture: its width, pixel ratio and whether it is cut into parts. */
  picture?: PictureChoice;
}

/** What "Export everything" offers: the text formats. */
export type TextExportChoice = Omit<ExportChoice, 'format' | 'picture'> & { format: TextFormat };

/** How an export reports and stops. */
export interface ExportOptions {
  signal: AbortSignal;
  onProgress: (progress: ExportProgress) => void;
}

/** The picture's layout when the dialog names none: phone width, pixel ratio 1, one file. */
const DEFAULT_PICTURE: PictureChoice = { width: 1080, ratio: 1, split: false };

let nextId = 1;

/**
 * The export door: every export of the app goes through here, whatever its format. Text formats are written
 * in the export worker (created on first use: reading the blocks, writing the file and zipping happen off the
 * page's thread); the picture is drawn on the page (png-export/) from the same range of messages. The door
 * owns what every format shares: the range read, the time zone the settings say, the file names, and
 * "running" (a new version waits for it; closing the tab asks first). Cancel stops an export between batches.
 */
export class ExportService extends EventTarget {
  private _api: Remote<ExportApi> | undefined;
  private _running = 0;
  /** The last "Export everything" zip, kept in OPFS while its download may still be reading it. */
  private _spool: Spool | undefined;

  private _drawer: PngDrawer | undefined;

  constructor(
    private readonly _data: ConversationData,
    private readonly _timeZone: () => string,
    private readonly _times: () => Promise<TimesChoice> = () => Promise.resolve('phone'),
  ) {
    super();
  }

  /** Whether an export runs (a new version waits for it; closing the tab asks first). */
  get running(): boolean {
    return this._running > 0;
  }

  /** Counts `work` as a running export until it settles. */
  private async _track<T>(work: () => Promise<T>): Promise<T> {
    this._running += 1;
    this.dispatchEvent(new Event('change'));
    try {
      return await work();
    } finally {
      this._running -= 1;
      this.dispatchEvent(new Event('change'));
    }
  }

  /**
   * One conversation in the chosen format: one file, or the picture's parts; no file when no message falls
   * in the range. Rejects with an AbortError when `signal` aborts.
   */
  async export(conversation: Conversation, choice: ExportChoice, options: ExportOptions): Promise<File[]> {
    const format = choice.format;
    if (isTextFormat(format)) {
      const request = await this._request({ ...choice, format });
      const result = await this._run(options.signal, (api, id) =>
        api.conversation(id, conversation.key, request, proxy(options.onProgress)),
      );
      if (result.messages === 0 || !result.blob) return [];
      return [new File([result.blob], result.fileName, { type: result.type })];
    }
    return this._measured(options.signal, () => this._picture(conversation, choice, options));
  }

  /** The picture: the messages in range, drawn with the settings' time zone, named like the text files. */
  private async _picture(
    conversation: Conversation,
    choice: ExportChoice,
    { signal, onProgress }: ExportOptions,
  ): Promise<File[]> {
    const messages = await this._data.inRange(conversation.key, choice.range);
    signal.throwIfAborted();
    if (messages.length === 0) return [];
    const input: ExportInput = {
      conversation,
      messages,
      timeZone: this._timeZone(),
      times: await this._times(),
      exportedAt: Date.now(),
      range: choice.range,
      hideNumbers: choice.hideNumbers,
      generator: `Textkeep ${__APP_VERSION__}`,
    };
    const { PngDrawer } = await import('./png-export/draw');
    this._drawer ??= new PngDrawer();
    const blobs = await this._drawer.draw(
      input,
      choice.picture ?? DEFAULT_PICTURE,
      (hash) => this._data.media(hash),
      onProgress,
      signal,
    );
    const { extension, type } = FORMAT_LABELS.png;
    const name = exportFileName(
      exportView(input).title,
      dateSpan(input, new ZoneClock(input.timeZone)),
      extension,
    );
    return blobs.map(
      (blob, i) =>
        new File([blob], blobs.length === 1 ? name : partFileName(name, i + 1, blobs.length), { type }),
    );
  }

  /**
   * Every conversation to one zip, written into `target` when the person picked a file; else spooled to an
   * OPFS file (the result's `blob` is then that disk-backed File, kept until the next export or start-up).
   */
  async everything(
    choice: TextExportChoice,
    target: FileSystemFileHandle | undefined,
    onProgress: (progress: ExportProgress) => void,
    signal: AbortSignal,
  ): Promise<ExportResult> {
    await this.discardSpool();
    const spool = !target && hasOpfs() ? await reserveSpool() : undefined;
    try {
      const request = await this._request(choice);
      const result = await this._run(signal, (api, id) =>
        api.everything(
          id,
          request,
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

  private async _request(choice: TextExportChoice): Promise<ExportRequest> {
    return {
      ...choice,
      timeZone: this._timeZone(),
      times: await this._times(),
      generator: `Textkeep ${__APP_VERSION__}`,
    };
  }

  private async _run(
    signal: AbortSignal,
    work: (api: Remote<ExportApi>, id: number) => Promise<ExportResult>,
  ): Promise<ExportResult> {
    this._api ??= wrap<ExportApi>(
      new Worker(new URL('../workers/export.worker.ts', import.meta.url), { type: 'module', name: 'export' }),
    );
    const api = this._api;
    const id = nextId++;
    const cancel = (): void => void api.cancel(id);
    signal.addEventListener('abort', cancel);
    try {
      return await this._measured(signal, () => work(api, id));
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  /** Runs `work` as a running export, timed for `npm run bench`; a cancelled one rejects with an AbortError. */
  private async _measured<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    signal.throwIfAborted();
    performance.mark(EXPORT_START_MARK);
    try {
      const result = await this._track(work);
      performance.measure(EXPORT_MEASURE, EXPORT_START_MARK);
      return result;
    } catch (error) {
      if (signal.aborted) throw new DOMException('The export was cancelled.', 'AbortError');
      throw error;
    }
  }
}
