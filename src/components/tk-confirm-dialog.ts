import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { DialogCloseEvent } from './events';

/**
 * A modal question with a confirming and a cancelling button (native `<dialog>`: focus is trapped, Escape
 * cancels). The question is the dialog's name, the message what will happen is its description.
 */
@customElement('tk-confirm-dialog')
export class TkConfirmDialog extends LitElement {
  static override styles = css`
    dialog {
      box-sizing: border-box;
      width: min(28rem, calc(100vw - 2rem));
      padding: 1.25rem 1.25rem 1rem;
      border: 1px solid var(--tk-border);
      border-radius: var(--tk-radius);
      background: var(--tk-surface);
      color: var(--tk-text);
      box-shadow: 0 1.5rem 3rem rgb(0 0 0 / 0.3);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.45);
    }
    h2 {
      font-size: 1.25rem;
      margin: 0 0 0.75rem;
    }
    p {
      margin: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap-reverse;
      justify-content: flex-end;
      gap: 0.5rem;
      margin-top: 1.25rem;
    }
    button {
      font: inherit;
      font-weight: 600;
      padding: 0.5rem 1rem;
      border-radius: 999px;
      cursor: pointer;
      border: 1px solid var(--tk-border);
      background: var(--tk-surface-2);
      color: var(--tk-text);
    }
    .confirm {
      border-color: var(--tk-danger);
      background: var(--tk-danger);
      color: var(--tk-on-danger);
    }
    button:focus-visible {
      outline: 3px solid var(--tk-focus);
      outline-offset: 2px;
    }
  `;

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
