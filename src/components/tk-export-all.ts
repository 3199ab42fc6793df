import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { servicesContext, type AppServices } from '../context';
import { TEXT_FORMATS, type TextFormat } from '../formats/exporters/contract';
import { FORMAT_LABELS } from '../formats/exporters/labels';
import { countLabel, formatBytes } from '../lib/format';
import type { ExportProgress, ExportService } from '../services/export';
import { download, pickSaveFile } from '../services/share';
import { dialogStyles } from './dialog.styles';

/**
 * Settings' "Export everything": every conversation as one zip, a folder per conversation in the chosen
 * format plus its media files. Where the browser can write into a chosen file, the zip streams straight
 * into it; elsewhere the export worker streams it into a file of the app's private storage (OPFS), which is
 * then downloaded from disk: memory stays flat for archives of any size, and the copy is removed at the
 * next export or start-up.
 */
@customElement('tk-export-all')
export class TkExportAll extends LitElement {
  static override styles = [
    dialogStyles,
    css`
      :host {
        display: block;
      }
      .actions {
        justify-content: flex-start;
        flex-wrap: wrap;
      }
    `,
  ];

  /** Runs exports. */
  @consume({ context: servicesContext }) private _services: AppServices | undefined;
  private get service(): ExportService | undefined {
    return this._services?.exporter;
  }

  /** Set when nothing is stored (there is nothing to export). */
  @property({ type: Boolean }) empty = false;

  @state() private _format: TextFormat = 'txt';
  @state() private _hide = false;
  @state() private _progress: ExportProgress | undefined;
  @state() private _status = '';
  @state() private _problem = '';
  private _abort: AbortController | undefined;

  private async _run(): Promise<void> {
    const service = this.service;
    if (!service || this._progress) return;
    this._status = '';
    this._problem = '';
    const day = new Date().toISOString().slice(0, 10);
    const target = await pickSaveFile(`Textkeep export ${day}.zip`, 'application/zip');
    if (target === 'cancelled') return;
    const abort = new AbortController();
    this._abort = abort;
    this._progress = { written: 0, total: 0 };
    try {
      const result = await service.everything(
        { format: this._format, range: {}, hideNumbers: this._hide },
        target,
        (progress) => {
          // Progress comes over its own message channel and can arrive after the result: only while running.
          if (this._abort === abort) this._progress = progress;
        },
        abort.signal,
      );
      if (result.blob) download(result.blob, result.fileName);
      const size = result.blob ? ` (${formatBytes(result.blob.size)})` : '';
      const kept = result.spooled
        ? ' A copy stays in Textkeep’s storage until your next export or the next time you open Textkeep, so the download can finish.'
        : '';
      const conversations = result.conversations.toLocaleString();
      const messages = result.messages.toLocaleString();
      // Calls are named only when there were some, as the import outcome does.
      const what = result.calls
        ? `${conversations} conversations, ${messages} messages and ${countLabel(result.calls, 'call', 'calls')}`
        : `${conversations} conversations and ${messages} messages`;
      this._status = `Exported ${what} to “${result.fileName}”${size}.${kept}`;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') this._status = 'Export cancelled.';
      else if (error instanceof Error && error.name === 'NoRoomError') this._problem = error.message;
      else this._problem = `The export failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this._progress = undefined;
      this._abort = undefined;
    }
  }

  override render() {
    const progress = this._progress;
    return html`
      <p class="hint">
        Every conversation in one zip file: a folder for each, with its messages in the format you choose and
        its pictures and other attachments. It is written on this device; nothing is uploaded.
      </p>
      <fieldset ?disabled=${Boolean(progress)}>
        <legend>Format for everything</legend>
        <div class="choices">
          ${TEXT_FORMATS.map(
            (format) =>
              html`<label
                ><input
                  type="radio"
                  name="format-all"
                  .checked=${this._format === format}
                  @change=${() => (this._format = format)}
                />${FORMAT_LABELS[format].label}</label
              >`,
          )}
        </div>
      </fieldset>
      <label
        ><input
          type="checkbox"
          .checked=${this._hide}
          ?disabled=${Boolean(progress)}
          @change=${(e: Event) => (this._hide = (e.target as HTMLInputElement).checked)}
        />Hide phone numbers in everything</label
      >
      <div class="actions">
        <button class="primary" ?disabled=${Boolean(progress) || this.empty} @click=${this._run}>
          Export everything
        </button>
        ${progress ? html`<button @click=${() => this._abort?.abort()}>Cancel export</button>` : nothing}
      </div>
      ${
        progress
          ? html`<div class="status" role="status">
              <progress
                aria-label="Export progress"
                max=${progress.total || 1}
                .value=${progress.written}
              ></progress>
              Writing ${progress.written.toLocaleString()} of ${progress.total.toLocaleString()} messages…
            </div>`
          : html`<p class="status" role="status">${this._status}</p>`
      }
      ${this._problem ? html`<p class="problem" role="alert">${this._problem}</p>` : nothing}
      ${this.empty ? html`<p class="hint">Nothing is stored yet, so there is nothing to export.</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-export-all': TkExportAll;
  }
}
