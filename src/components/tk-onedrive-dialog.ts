import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { servicesContext, type AppServices } from '../context';
import { shortDate } from '../lib/format';
import { RedirectingError } from '../services/auth';
import type { DriveEntry, DriveListing, OneDriveService } from '../services/onedrive';
import { GraphError, OfflineError } from '../services/onedrive-graph';
import { formatBytes } from '../lib/format';
import { dialogStyles } from './dialog.styles';
import { OneDriveImportEvent } from './events';

/** What went wrong while listing, in the person's words (undefined: the page is going to Microsoft). */
function listingProblem(error: unknown): string | undefined {
  if (error instanceof RedirectingError) return undefined;
  if (error instanceof OfflineError || !navigator.onLine) {
    return 'No connection to OneDrive. Connect to the internet and try again; everything already imported stays readable.';
  }
  if (error instanceof GraphError && (error.status === 401 || error.status === 403)) {
    return 'Microsoft refused access to your OneDrive. Sign out, sign in again and allow Textkeep to read your files.';
  }
  if (error instanceof GraphError && error.status === 404)
    return 'That folder is no longer in your OneDrive.';
  return 'OneDrive could not be read just now. Try again in a moment.';
}

/** Where a listing is: "OneDrive › Apps › SMS Backup and Restore", or the search. */
function placeOf(listing: DriveListing): string {
  if (listing.kind === 'search') return 'Backup files found anywhere in your OneDrive';
  return ['OneDrive', ...(listing.path ? listing.path.split('/') : [])].join(' › ');
}

/**
 * "Import from OneDrive": the SMS Backup & Restore folder first (or, failing that, a search for backup
 * files), folders to browse, files with size and date, newest first, those imported before marked. The
 * files chosen (in any folders) are imported by streaming them from OneDrive.
 */
@customElement('tk-onedrive-dialog')
export class TkOnedriveDialog extends LitElement {
  static override styles = [
    dialogStyles,
    css`
      dialog {
        width: min(36rem, calc(100vw - 2rem));
      }
      .place {
        margin: 0 0 0.5rem;
        overflow-wrap: anywhere;
        font-weight: 600;
      }
      .nav {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-bottom: 0.5rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: min(50dvh, 24rem);
        overflow-y: auto;
        border: 1px solid var(--tk-border);
        border-radius: 8px;
      }
      li {
        padding: 0.375rem 0.75rem;
        border-bottom: 1px solid var(--tk-border);
      }
      li:last-child {
        border-bottom: none;
      }
      li label {
        overflow-wrap: anywhere;
      }
      .meta {
        display: block;
        color: var(--tk-muted);
        font-size: 0.875rem;
        margin-inline-start: 1.6rem;
      }
      .imported {
        color: var(--tk-primary);
        font-weight: 600;
      }
      button.folder {
        width: 100%;
        text-align: start;
        border-radius: 8px;
        border: none;
        background: transparent;
        padding: 0.25rem 0;
        font-weight: 600;
      }
      button.folder .meta {
        margin: 0;
        font-weight: 400;
      }
    `,
  ];

  /** OneDrive for the signed-in person. */
  @consume({ context: servicesContext }) private _services: AppServices | undefined;
  private get drive(): OneDriveService | undefined {
    return this._services?.onedrive;
  }

  /** Set while an import runs: an import asked for now waits for it. */
  @property({ type: Boolean }) busy = false;

  @state() private _listing: DriveListing | undefined;
  @state() private _loading = false;
  @state() private _problem: string | undefined;
  @state() private _chosen = new Map<string, DriveEntry>();

  @query('dialog') private readonly _dialog!: HTMLDialogElement;
  private _abort: AbortController | undefined;
  private _retry: (() => void) | undefined;

  /** Opens the dialog on the backups (SMS Backup & Restore's folder, else a search). */
  open(): void {
    this._chosen = new Map();
    this._dialog.showModal();
    this._load((drive, signal) => drive.backups(signal));
  }

  private _load(list: (drive: OneDriveService, signal: AbortSignal) => Promise<DriveListing>): void {
    const drive = this.drive;
    if (!drive) return;
    this._abort?.abort();
    const abort = (this._abort = new AbortController());
    this._retry = () => {
      this._load(list);
    };
    this._loading = true;
    this._problem = undefined;
    list(drive, abort.signal).then(
      (listing) => {
        if (abort.signal.aborted) return;
        this._listing = listing;
        this._loading = false;
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        this._loading = false;
        this._problem = listingProblem(error);
      },
    );
  }

  override render() {
    const listing = this._listing;
    const count = this._chosen.size;
    return html`<dialog aria-labelledby="heading" @close=${this._onClose}>
      <h2 id="heading">Import from OneDrive</h2>
      ${listing && !this._loading ? html`<p class="place">${placeOf(listing)}</p>` : nothing}
      <div class="nav">${this._renderNav(listing)}</div>
      ${this._loading ? html`<p class="status" role="status">Looking in your OneDrive…</p>` : nothing}
      ${
        this._problem
          ? html`<p class="problem" role="alert">${this._problem}</p>
              <button @click=${() => this._retry?.()}>Try again</button>`
          : nothing
      }
      ${listing && !this._loading && !this._problem ? this._renderEntries(listing) : nothing}
      <p class="hint" aria-live="polite">
        ${count === 0 ? 'Choose the backup files to import.' : `${String(count)} ${count === 1 ? 'file' : 'files'} chosen.`}
        ${this.busy ? 'An import is running: these files are imported when it has finished.' : nothing}
      </p>
      <div class="actions">
        <button @click=${this._close}>Cancel</button>
        <button class="primary" ?disabled=${count === 0} @click=${this._onImport}>Import</button>
      </div>
    </dialog>`;
  }

  private _renderNav(listing: DriveListing | undefined) {
    if (!listing) return nothing;
    const path = listing.path;
    return html`
      ${
        listing.kind === 'folder' && path
          ? html`<button @click=${() => this._openFolder(path.split('/').slice(0, -1).join('/'))}>
              Up one folder
            </button>`
          : nothing
      }
      ${
        listing.kind === 'search' || path
          ? html`<button @click=${() => this._openFolder('')}>Browse OneDrive</button>`
          : nothing
      }
      ${
        listing.kind === 'folder'
          ? html`<button @click=${() => this._load((drive, signal) => drive.search(signal))}>
              Search for backups
            </button>`
          : nothing
      }
    `;
  }

  private _renderEntries(listing: DriveListing) {
    if (listing.entries.length === 0) {
      return html`<p>
        ${listing.kind === 'search' ? 'No backup files were found in your OneDrive.' : 'This folder is empty.'}
      </p>`;
    }
    return html`<ul aria-label="Files and folders">
      ${listing.entries.map((entry, i) =>
        entry.kind === 'folder'
          ? this._renderFolder(entry, listing)
          : this._renderFile(entry, i, listing.kind === 'search'),
      )}
    </ul>`;
  }

  private _renderFolder(entry: DriveEntry, listing: DriveListing) {
    const path = [listing.path, entry.name].filter(Boolean).join('/');
    return html`<li>
      <button class="folder" @click=${() => this._openFolder(path)}>
        ${entry.name}<span class="meta">Folder</span>
      </button>
    </li>`;
  }

  private _renderFile(entry: DriveEntry, i: number, showLocation: boolean) {
    const meta = [
      formatBytes(entry.size),
      entry.modified ? shortDate(entry.modified) : '',
      showLocation ? (entry.location ?? '') : '',
    ]
      .filter(Boolean)
      .join(' · ');
    return html`<li>
      <label
        ><input
          type="checkbox"
          .checked=${this._chosen.has(entry.id)}
          aria-describedby="meta-${i}"
          @change=${(event: Event) => this._onChoose(entry, event)}
        />${entry.name}</label
      >
      <span class="meta" id="meta-${i}"
        >${meta}${entry.imported ? html` · <span class="imported">Imported before</span>` : nothing}</span
      >
    </li>`;
  }

  private _openFolder(path: string): void {
    this._load((drive, signal) => drive.folder(path, signal));
  }

  private _onChoose(entry: DriveEntry, event: Event): void {
    const chosen = new Map(this._chosen);
    if ((event.target as HTMLInputElement).checked) chosen.set(entry.id, entry);
    else chosen.delete(entry.id);
    this._chosen = chosen;
  }

  private _onImport(): void {
    const entries = [...this._chosen.values()];
    this._close();
    this.dispatchEvent(new OneDriveImportEvent(entries));
  }

  private _close(): void {
    this._dialog.close();
  }

  private _onClose(): void {
    this._abort?.abort();
    this._listing = undefined;
    this._problem = undefined;
    this._loading = false;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-onedrive-dialog': TkOnedriveDialog;
  }
}
