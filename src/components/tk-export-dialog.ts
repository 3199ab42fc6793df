import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { TEXT_FORMATS, type TextFormat } from '../formats/exporters/contract';
import { TEXT_EXPORTERS } from '../formats/exporters/registry';
import { sizeLabel } from '../formats/exporters/view';
import type { Conversation } from '../model/types';
import type { ExportChoice, ExportProgress, ExportService } from '../services/export';
import { canShareFiles, saveFile, shareFiles, shareRefusal } from '../services/share';
import { dialogStyles } from './dialog.styles';

type Phase =
  | { kind: 'choosing' }
  | { kind: 'working'; action: 'save' | 'share'; progress: ExportProgress }
  | { kind: 'ready'; file: File };

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

  /** Runs exports. */
  @property({ attribute: false }) service: ExportService | undefined;

  /** Time of the conversation's first and last messages (bounds of the date inputs). */
  @property({ attribute: false }) firstTime: number | undefined;
  @property({ attribute: false }) lastTime: number | undefined;

  @state() private _format: TextFormat = 'txt';
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
    };
  }

  private async _start(action: 'save' | 'share'): Promise<void> {
    const key = this.conversation?.key;
    if (!key || !this.service || this._phase.kind === 'working') return;
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
      const early = shareRefusal([new File([], `x.${TEXT_EXPORTERS[choice.format].extension}`)]);
      if (early) {
        this._problem = early;
        return;
      }
    }
    const abort = new AbortController();
    this._abort = abort;
    this._phase = { kind: 'working', action, progress: { written: 0, total: 0 } };
    try {
      const result = await this.service.conversation(
        key,
        choice,
        (progress) => {
          if (this._phase.kind === 'working') this._phase = { ...this._phase, progress };
        },
        abort.signal,
      );
      if (!result.blob) throw new Error('The export produced no file.');
      if (result.messages === 0) {
        this._phase = { kind: 'choosing' };
        this._problem = 'There are no messages between these dates: nothing was exported.';
        return;
      }
      const file = new File([result.blob], result.fileName, { type: result.type });
      this._phase = { kind: 'ready', file };
      await this._deliver(action, file);
    } catch (error) {
      this._phase = { kind: 'choosing' };
      if (error instanceof DOMException && error.name === 'AbortError') this._status = 'Export cancelled.';
      else this._problem = `The export failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this._abort = undefined;
    }
  }

  private async _deliver(action: 'save' | 'share', file: File): Promise<void> {
    this._problem = '';
    if (action === 'save') {
      const outcome = await saveFile(file, file.name);
      this._status = outcome === 'saved' ? `Saved “${file.name}” (${sizeLabel(file.size)}).` : '';
      return;
    }
    const refusal = shareRefusal([file]);
    if (refusal) {
      this._problem = refusal;
      return;
    }
    // The share sheet needs a recent click; after a long export the person clicks "Share" once more.
    if (!navigator.userActivation.isActive) {
      this._status = `“${file.name}” is ready. Choose Share to send it.`;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('button.share')?.focus();
      return;
    }
    try {
      const outcome = await shareFiles([file], this.conversation?.title ?? file.name);
      this._status = outcome === 'shared' ? `Shared “${file.name}”.` : '';
    } catch {
      this._problem = 'The file could not be shared. Use Save instead.';
    }
  }

  private _onAction(action: 'save' | 'share'): void {
    if (this._phase.kind === 'ready') void this._deliver(action, this._phase.file);
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
          ${TEXT_FORMATS.map(
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
                />${TEXT_EXPORTERS[format].label}</label
              >`,
          )}
        </div>
      </fieldset>
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
              Writing ${phase.progress.written.toLocaleString()} of ${phase.progress.total.toLocaleString()}
              messages…
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
