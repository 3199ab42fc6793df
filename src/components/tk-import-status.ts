import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ImportState } from '../services/import';
import { ImportCancelEvent, ImportDismissEvent, ImportQueueCancelEvent } from './events';
import { importHeadline, problemSentence, stopSentence } from './import-words';

const MB = 1024 * 1024;

/** The import as it runs ("Import progress", "Cancel import") and its outcome. */
@customElement('tk-import-status')
export class TkImportStatus extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .box {
      margin: 0.75rem 1rem;
      padding: 0.75rem 1rem;
      border: 1px solid var(--tk-border);
      border-radius: var(--tk-radius);
      background: var(--tk-surface);
    }
    .row {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      flex-wrap: wrap;
    }
    .file {
      flex: 1;
      min-width: 10rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    /* A whole sentence the person must read: it wraps instead of being cut off on a phone. */
    .sentence {
      flex: 1;
      min-width: 10rem;
    }
    progress {
      width: 100%;
      height: 0.75rem;
      accent-color: var(--tk-primary);
    }
    .muted {
      color: var(--tk-muted);
      font-size: 0.875rem;
    }
    ul {
      margin: 0.5rem 0 0;
      padding-inline-start: 1.25rem;
    }
    button {
      font: inherit;
      padding: 0.375rem 0.875rem;
      border-radius: 8px;
      border: 1px solid var(--tk-border);
      background: var(--tk-surface-2);
      color: var(--tk-text);
      cursor: pointer;
    }
    button:focus-visible {
      outline: 3px solid var(--tk-focus);
      outline-offset: 2px;
    }
  `;

  /** The import's state. */
  @property({ attribute: false }) state: ImportState = { phase: 'idle' };

  /** How many files wait for this import to finish (asked for while it runs). */
  @property({ type: Number }) waitingFiles = 0;

  override render() {
    return html`${this._renderState()}${this._renderWaiting()}`;
  }

  private _renderWaiting() {
    const n = this.waitingFiles;
    if (n === 0) return nothing;
    return html`<div class="box" role="status">
      <div class="row">
        <span class="file"
          >${n === 1 ? '1 more file waits' : `${String(n)} more files wait`} for this import to finish</span
        >
        <button @click=${this._onCancelWaiting}>Cancel waiting import</button>
      </div>
    </div>`;
  }

  private _renderState() {
    const s = this.state;
    if (s.phase === 'running') {
      const { progress } = s;
      const percent =
        progress.bytesTotal > 0 ? Math.floor((progress.bytesRead / progress.bytesTotal) * 100) : 0;
      return html`<div class="box">
        <div class="row">
          <span class="file"
            >Importing
            “${progress.fileName}”${
              progress.fileCount > 1
                ? ` (file ${String(progress.fileIndex + 1)} of ${String(progress.fileCount)})`
                : ''
            }</span
          >
          <button @click=${this._onCancel} ?disabled=${s.cancelling}>
            ${s.cancelling ? 'Cancelling…' : 'Cancel import'}
          </button>
        </div>
        <progress
          aria-label="Import progress"
          max="100"
          .value=${percent}
          aria-valuetext="${String(percent)}% – ${progress.added.toLocaleString()} messages so far"
        ></progress>
        <div class="muted" aria-hidden="true">
          ${(progress.bytesRead / MB).toFixed(1)} of ${(progress.bytesTotal / MB).toFixed(1)} MB ·
          ${progress.added.toLocaleString()} messages so far
        </div>
      </div>`;
    }
    if (s.phase === 'waiting') {
      return html`<div class="box" role="status">
        <div class="row">
          <span class="sentence"
            >Waiting for the import in another window to
            finish${s.fileCount > 1 ? ` (then ${String(s.fileCount)} files will be imported)` : ''}</span
          >
          <button @click=${this._onCancel} ?disabled=${s.cancelling}>
            ${s.cancelling ? 'Cancelling…' : 'Cancel import'}
          </button>
        </div>
      </div>`;
    }
    if (s.phase === 'finished') {
      const stop = stopSentence(s.summary);
      const problems = [
        ...(stop ? [stop] : []),
        ...s.summary.files.flatMap((file) => file.problems.map((p) => problemSentence(file, p))),
      ];
      return html`<div class="box" role="status">
        <div class="row">
          <strong class="file">${importHeadline(s.summary)}</strong>
          <button @click=${this._onDismiss}>Dismiss</button>
        </div>
        ${
          problems.length > 0
            ? html`<ul aria-label="Problems">
                ${problems.map((p) => html`<li>${p}</li>`)}
              </ul>`
            : nothing
        }
      </div>`;
    }
    if (s.phase === 'failed') {
      return html`<div class="box" role="alert">
        <div class="row">
          <span class="file">The import stopped: ${s.message} Everything imported before that is kept.</span>
          <button @click=${this._onDismiss}>Dismiss</button>
        </div>
      </div>`;
    }
    return nothing;
  }

  private _onCancel(): void {
    this.dispatchEvent(new ImportCancelEvent());
  }

  private _onCancelWaiting(): void {
    this.dispatchEvent(new ImportQueueCancelEvent());
  }

  private _onDismiss(): void {
    this.dispatchEvent(new ImportDismissEvent());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-import-status': TkImportStatus;
  }
}
