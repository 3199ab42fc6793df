import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { dialogStyles } from './dialog.styles';
import { DialogCloseEvent } from './events';

/**
 * A modal question with a confirming and a cancelling button (native `<dialog>`: focus is trapped, Escape
 * cancels). The question is the dialog's name, the message what will happen is its description.
 */
@customElement('tk-confirm-dialog')
export class TkConfirmDialog extends LitElement {
  static override styles = [
    dialogStyles,
    css`
      dialog {
        width: min(28rem, calc(100vw - 2rem));
      }
      p {
        margin: 0;
      }
      .actions {
        margin-top: 1.25rem;
      }
      .confirm {
        border-color: var(--tk-danger);
        background: var(--tk-danger);
        color: var(--tk-on-danger);
      }
    `,
  ];

  /** The question, which is also the dialog's accessible name. */
  @property() heading = '';

  /** What confirming will do. */
  @property() message = '';

  /** The confirming button's words. */
  @property() confirmLabel = 'OK';

  @query('dialog') private readonly _dialog!: HTMLDialogElement;

  /** Opens the dialog, modal; the cancelling button takes focus, so Enter never confirms by accident. */
  show(): void {
    this._dialog.returnValue = '';
    this._dialog.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('button[value="cancel"]')?.focus();
  }

  override render() {
    return html`<dialog aria-labelledby="heading" aria-describedby="message" @close=${this._onClose}>
      <h2 id="heading">${this.heading}</h2>
      <p id="message">${this.message}</p>
      <form method="dialog" class="actions">
        <button value="cancel">Cancel</button>
        <button value="confirm" class="confirm">${this.confirmLabel}</button>
      </form>
    </dialog>`;
  }

  // Escape closes with an empty return value, so only the confirming button confirms.
  private _onClose(): void {
    this.dispatchEvent(new DialogCloseEvent(this._dialog.returnValue === 'confirm'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-confirm-dialog': TkConfirmDialog;
  }
}
