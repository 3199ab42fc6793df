import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { servicesContext, type AppServices } from '../context';
import { EXPORT_FORMATS, FORMAT_LABELS, isTextFormat, type ExportFormat } from '../formats/exporters/labels';
import { formatBytes } from '../lib/format';
import type { Conversation } from '../model/types';
import type { ExportChoice, ExportProgress, ExportService, PictureChoice } from '../services/export';
import { canShareFiles, download, saveFile, shareFiles, shareRefusal } from '../services/share';
import { dialogStyles } from './dialog.styles';

type Phase =
  | { kind: 'choosing' }
  | { kind: 'working'; action: 'save' | 'share'; progress: ExportProgress }
  | { kind: 'ready'; files: File[] };

/** yyyy-mm-dd of a moment, in the device's zone (what `<input type=date>` takes). */
function dayOf(time: number): string {
  const d = new Date(time);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${String(d.getFullYear())}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The start (or, with `end`, the last millisecond) of a local day given as yyyy-mm-dd. */
function dayBound(value: string, end: boolean): number | undefined {
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, end ? d + 1 : d).getTime() - (end ? 1 : 0);
}

/**
 * "Export conversation": the format, optional "From"/"To" dates, "Hide phone numbers", then "Save" or
 * "Share". The file is written in the export worker with progress and Cancel. Sharing needs a fresh click:
 * when writing took long enough for the browser to forget the click, the dialog says the file is ready and
 * the next click on "Share" shares it.
 */
@customElement('tk-export-dialog')
export class TkExportDialog extends LitElement {
  static override styles = [
    dialogStyles,
    css`
      .ready {
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The conversation to export. */
  @property({ attribute: false }) conversation: Conversation | undefined;

  /** The export door: runs exports of every format. */
  @consume({ context: servicesContext }) private _services: AppServices | undefined;
  private get service(): ExportService | undefined {
    return this._services?.exporter;
  }

  /** Time of the conversation's first and last messages (bounds of the date inputs). */
  @property({ attribute: false }) firstTime: number | undefined;
  @property({ attribute: false }) lastTime: number | undefined;

  @state() private _format: ExportFormat = 'txt';
  @state() private _width: PictureChoice['width'] = 1080;
  @state() private _ratio: PictureChoice['ratio'] = 1;
  @state() private _split = false;
  @state() private _from = '';
  @state() private _to = '';
  @state() private _hide = false;
  @state() private _phase: Phase = { kind: 'choosing' };
  @state() private _status = '';
  @state() private _problem = '';
  @query('dialog') private readonly _dialog!: HTMLDialogElement;
  private _abort: AbortController | undefined;

  /** Opens the dialog, modal, on the format choice. */
  show(): void {
    this._phase = { kind: 'choosing' };
    this._status = '';
    this._problem = '';
    this._dialog.showModal();
  }

  private _choice(): ExportChoice {
    const from = this._from ? dayBound(this._from, false) : undefined;
    const to = this._to ? dayBound(this._to, true) : undefined;
    return {
      format: this._format,
      range: { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) },
      hideNumbers: this._hide,
      picture: { width: this._width, ratio: this._ratio, split: this._split },
    };
  }

  private async _start(action: 'save' | 'share'): Promise<void> {
    const conversation = this.conversation;
    if (!conversation || !this.service || this._phase.kind === 'working') return;
    this._problem = '';
    this._status = '';
    const choice = this._choice();
    if (
      choice.range.from !== undefined &&
      choice.range.to !== undefined &&
      choice.range.from > choice.range.to
    ) {
      this._problem = '“From” is after “To”: choose a “From” date on or before the “To” date.';
      return;
    }
    if (action === 'share') {
      const early = shareRefusal([new File([], `x.${FORMAT_LABELS[choice.format].extension}`)]);
      if (early) {
        this._problem = early;
        return;
      }
    }
    const abort = new AbortController();
    this._abort = abort;
    this._phase = { kind: 'working', action, progress: { written: 0, total: 0 } };
    try {
      const onProgress = (progress: ExportProgress): void => {
        if (this._phase.kind === 'working') this._phase = { ...this._phase, progress };
      };
      const files = await this.service.export(conversation, choice, { signal: abort.signal, onProgress });
      if (files.length === 0) {
        this._phase = { kind: 'choosing' };
        this._problem = 'There are no messages between these dates: nothing was exported.';
        return;
      }
      this._phase = { kind: 'ready', files };
      await this._deliver(action, files);
    } catch (error) {
      this._phase = { kind: 'choosing' };
      if (error instanceof DOMException && error.name === 'AbortError') this._status = 'Export cancelled.';
      else this._problem = `The export failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this._abort = undefined;
    }
  }

  private async _deliver(action: 'save' | 'share', files: File[]): Promise<void> {
    this._problem = '';
    const [file] = files;
    if (!file) return;
    const names = files.length === 1 ? `“${file.name}”` : `${String(files.length)} parts`;
    const size = formatBytes(files.reduce((sum, f) => sum + f.size, 0));
    if (action === 'save') {
      if (files.length > 1) {
        // Several parts: one download each (a save picker would ask once per part).
        for (const f of files) download(f, f.name);
        this._status = `Saved ${names} (${size}).`;
        return;
      }
      const outcome = await saveFile(file, file.name);
      this._status = outcome === 'saved' ? `Saved ${names} (${size}).` : '';
      return;
    }
    const refusal = shareRefusal(files);
    if (refusal) {
      this._problem = refusal;
      return;
    }
    // The share sheet needs a recent click; after a long export the person clicks "Share" once more.
    if (!navigator.userActivation.isActive) {
      this._status =
        files.length === 1
          ? `${names} is ready. Choose Share to send it.`
          : `The ${names} are ready. Choose Share to send them.`;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('button.share')?.focus();
      return;
    }
    try {
      const outcome = await shareFiles(files, this.conversation?.title ?? file.name);
      this._status = outcome === 'shared' ? `Shared ${names}.` : '';
    } catch {
      this._problem = 'The file could not be shared. Use Save instead.';
    }
  }

  private _onAction(action: 'save' | 'share'): void {
    if (this._phase.kind === 'ready') void this._deliver(action, this._phase.files);
    else void this._start(action);
  }

  private _cancel(): void {
    this._abort?.abort();
  }

  private _close(): void {
    this._abort?.abort();
    this._dialog.close();
  }

  private _changed(): void {
    // A new choice makes a new file.
    if (this._phase.kind === 'ready') this._phase = { kind: 'choosing' };
    this._status = '';
    this._problem = '';
  }

  private _renderPictureOptions(working: boolean) {
    const radio = <T>(name: string, value: T, current: T, label: string, set: (v: T) => void) =>
      html`<label
        ><input
          type="radio"
          name=${name}
          .checked=${value === current}
          @change=${() => {
            set(value);
            this._changed();
          }}
        />${label}</label
      >`;
    return html`<fieldset ?disabled=${working}>
      <legend>Picture</legend>
      <div class="choices">
        ${radio('width', 1080 as const, this._width, 'Phone (1080 px)', (v) => (this._width = v))}
        ${radio('width', 720 as const, this._width, 'Narrow (720 px)', (v) => (this._width = v))}
        ${radio('ratio', 1 as const, this._ratio, 'Pixel ratio 1', (v) => (this._ratio = v))}
        ${radio('ratio', 2 as const, this._ratio, 'Pixel ratio 2', (v) => (this._ratio = v))}
      </div>
      <label
        ><input
          type="checkbox"
          .checked=${this._split}
          @change=${(e: Event) => {
            this._split = (e.target as HTMLInputElement).checked;
            this._changed();
          }}
        />Split into parts</label
      >
      <p class="hint">Parts are cut between messages, each small enough for a phone to open.</p>
    </fieldset>`;
  }

  override render() {
    const phase = this._phase;
    const working = phase.kind === 'working';
    const min = this.firstTime !== undefined ? dayOf(this.firstTime) : undefined;
    const max = this.lastTime !== undefined ? dayOf(this.lastTime) : undefined;
    return html`<dialog aria-labelledby="heading" @close=${() => this._abort?.abort()}>
      <h2 id="heading">Export conversation</h2>
      <fieldset ?disabled=${working}>
        <legend>Format</legend>
        <div class="choices">
          ${EXPORT_FORMATS.map(
            (format) =>
              html`<label
                ><input
                  type="radio"
                  name="format"
                  .checked=${this._format === format}
                  @change=${() => {
                    this._format = format;
                    this._changed();
                  }}
                />${FORMAT_LABELS[format].label}</label
              >`,
          )}
        </div>
      </fieldset>
      ${isTextFormat(this._format) ? nothing : this._renderPictureOptions(working)}
      <fieldset ?disabled=${working}>
        <legend>Dates</legend>
        <div class="dates">
          <label
            >From
            <input
              type="date"
              .value=${this._from}
              min=${min ?? nothing}
              max=${max ?? nothing}
              @change=${(e: Event) => {
                this._from = (e.target as HTMLInputElement).value;
                this._changed();
              }}
          /></label>
          <label
            >To
            <input
              type="date"
              .value=${this._to}
              min=${min ?? nothing}
              max=${max ?? nothing}
              @change=${(e: Event) => {
                this._to = (e.target as HTMLInputElement).value;
                this._changed();
              }}
          /></label>
        </div>
        <p class="hint">Leave empty to export from the first message or to the last.</p>
      </fieldset>
      <label
        ><input
          type="checkbox"
          .checked=${this._hide}
          ?disabled=${working}
          @change=${(e: Event) => {
            this._hide = (e.target as HTMLInputElement).checked;
            this._changed();
          }}
        />Hide phone numbers</label
      >
      ${
        working
          ? html`<div class="status" role="status">
              <progress
                aria-label="Export progress"
                max=${phase.progress.total || 1}
                .value=${phase.progress.written}
              ></progress>
              ${FORMAT_LABELS[this._format].verb} ${phase.progress.written.toLocaleString()} of
              ${phase.progress.total.toLocaleString()} messages…
            </div>`
          : html`<p class="status ready" role="status">${this._status}</p>`
      }
      ${this._problem ? html`<p class="problem" role="alert">${this._problem}</p>` : nothing}
      <div class="actions">
        ${
          working
            ? html`<button @click=${this._cancel}>Cancel</button>`
            : html`<button @click=${this._close}>Close</button>`
        }
        ${
          canShareFiles()
            ? html`<button class="share" ?disabled=${working} @click=${() => this._onAction('share')}>
                Share
              </button>`
            : nothing
        }
        <button class="primary" ?disabled=${working} @click=${() => this._onAction('save')}>Save</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-export-dialog': TkExportDialog;
  }
}
