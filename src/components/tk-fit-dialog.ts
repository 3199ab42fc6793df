import { LitElement, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { FitQuestion } from '../controllers/import-flow';
import { formatBytes } from '../lib/format';
import './tk-confirm-dialog';
import type { TkConfirmDialog } from './tk-confirm-dialog';
import type { DialogCloseEvent } from './events';

/** "This archive may not fit": asked before an import larger than the space left on the device. */
@customElement('tk-fit-dialog')
export class TkFitDialog extends LitElement {
  @state() private _question: FitQuestion | undefined;
  @query('tk-confirm-dialog') private readonly _dialog!: TkConfirmDialog | null;
  private _answer: ((confirmed: boolean) => void) | undefined;

  /** Asks the question; resolves to the person's answer (false when it could not be asked). */
  async ask(question: FitQuestion): Promise<boolean> {
    const answered = new Promise<boolean>((resolve) => (this._answer = resolve));
    this._question = question;
    await this.updateComplete;
    if (!this._dialog) return false; // never asked, never imported: the queue must not wait on it
    this._dialog.show();
    return answered;
  }

  override render() {
    const q = this._question;
    return html`<tk-confirm-dialog
      heading="This archive may not fit"
      message=${
        q
          ? `It needs about ${formatBytes(q.need)} and Textkeep has about ${formatBytes(Math.max(0, q.free))} left on this device. If space runs out, the import stops cleanly and keeps everything stored until then.`
          : ''
      }
      confirmLabel="Import anyway"
      @tk-dialog-close=${this._onClose}
    ></tk-confirm-dialog>`;
  }

  private _onClose(event: DialogCloseEvent): void {
    this._question = undefined;
    this._answer?.(event.confirmed);
    this._answer = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-fit-dialog': TkFitDialog;
  }
}
