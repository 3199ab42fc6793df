import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  ImportCancelEvent,
  ImportDismissEvent,
  ImportQueueCancelEvent,
  OneDriveImportEvent,
} from '../components/events';
import type { ImportService } from '../services/import';
import type { OneDriveService } from '../services/onedrive';
import { storageFigures } from '../services/storage';

/** One import asked for: what it will read (names and sizes, known before a byte is read), and how to read it. */
export interface ImportRequest {
  /** The files, as the fit check and the waiting line count them. */
  files: readonly { name: string; size: number }[];
  /** Starts reading (a download opens only now, when the import's turn has come). */
  run: () => Promise<void>;
}

/** What the fit question says: about how much the import needs, and how much is left. */
export interface FitQuestion {
  need: number;
  free: number;
}

/**
 * The one door every import goes through, whatever its source (chooser, drop, share, launch, OneDrive):
 * imports asked for while one runs wait their turn, in order, and can be cancelled while they wait; each
 * asks first when it may not fit (an archive takes about its own size once stored: pictures lose base64's
 * third, the search index adds back about as much). It hears the import events the host's elements fire.
 */
export class ImportFlow implements ReactiveController {
  private _waiting: ImportRequest[] = [];
  private _draining = false;

  constructor(
    private readonly _host: ReactiveControllerHost & EventTarget,
    private readonly _importer: ImportService,
    private readonly _drive: OneDriveService,
    /** Asks the person whether to import anyway; resolves to their answer. */
    private readonly _askFit: (question: FitQuestion) => Promise<boolean>,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {
    this._host.addEventListener(ImportCancelEvent.type, this._onCancel);
    this._host.addEventListener(ImportDismissEvent.type, this._onDismiss);
    this._host.addEventListener(ImportQueueCancelEvent.type, this._onCancelWaiting);
    this._host.addEventListener(OneDriveImportEvent.type, this._onOneDrive);
  }

  /** The shell went away: what waits is not started behind its back. */
  hostDisconnected(): void {
    this._host.removeEventListener(ImportCancelEvent.type, this._onCancel);
    this._host.removeEventListener(ImportDismissEvent.type, this._onDismiss);
    this._host.removeEventListener(ImportQueueCancelEvent.type, this._onCancelWaiting);
    this._host.removeEventListener(OneDriveImportEvent.type, this._onOneDrive);
    this._waiting = [];
  }

  /** Imports files from the device (chooser, drop, share, launch, the sample). */
  importFiles(files: readonly File[]): void {
    void this.start({ files, run: () => this._importer.importFiles(files) });
  }

  /** How many files wait for the running import to finish. */
  get waitingFiles(): number {
    return this._waiting.reduce((sum, r) => sum + r.files.length, 0);
  }

  /** Queues an import: it runs when its turn comes (at once when nothing else runs). */
  async start(request: ImportRequest): Promise<void> {
    if (request.files.length === 0) return;
    this._waiting.push(request);
    this._host.requestUpdate();
    await this._drain();
  }

  /** Forgets the imports that wait their turn (the running one goes on). */
  cancelWaiting(): void {
    this._waiting = [];
    this._host.requestUpdate();
  }

  private readonly _onCancel = (): void => {
    this._importer.cancel();
  };

  private readonly _onDismiss = (): void => {
    this._importer.dismiss();
  };

  private readonly _onCancelWaiting = (): void => {
    this.cancelWaiting();
  };

  private readonly _onOneDrive = (event: Event): void => {
    if (!(event instanceof OneDriveImportEvent)) return;
    const files = event.entries.filter((e) => e.kind === 'file');
    // The downloads open in `run`, when this import's turn has come.
    void this.start({ files, run: () => this._drive.importFiles(files) });
  };

  private async _drain(): Promise<void> {
    if (this._draining) return;
    this._draining = true;
    try {
      for (;;) {
        await this._importer.turn();
        const next = this._waiting.shift();
        this._host.requestUpdate();
        if (!next) return;
        // A failure is the import's own to show (its state says so); the next one still gets its turn.
        if (await this._fits(next)) await next.run().catch(() => undefined);
      }
    } finally {
      this._draining = false;
    }
  }

  private async _fits(request: ImportRequest): Promise<boolean> {
    const figures = await storageFigures();
    const need = request.files.reduce((sum, f) => sum + f.size, 0);
    const free = figures ? figures.quota - figures.usage : Infinity;
    return need <= free || (await this._askFit({ need, free }));
  }
}
