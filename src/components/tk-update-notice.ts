import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { OfflineState } from '../services/sw-registration';
import { UpdateAcceptEvent } from './events';

/** "Ready to work offline" and "Update available" with Reload: a polite live region at the bottom. */
@customElement('tk-update-notice')
export class TkUpdateNotice extends LitElement {
  static override styles = css`
    :host {
      position: fixed;
      inset-inline: 0;
      bottom: max(1rem, env(safe-area-inset-bottom));
      display: flex;
      justify-content: center;
      pointer-events: none;
      z-index: 10;
    }
    .notice {
      pointer-events: auto;
      display: flex;
      align-items: center;
      gap: 0.75rem;
      padding: 0.625rem 0.75rem 0.625rem 1rem;
      border-radius: var(--tk-radius);
      background: var(--tk-text);
      color: var(--tk-bg);
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
      max-width: calc(100vw - 2rem);
    }
    button {
      font: inherit;
      font-weight: 600;
      border: 0;
      border-radius: 8px;
      padding: 0.375rem 0.75rem;
      cursor: pointer;
      background: transparent;
      color: inherit;
    }
    button.primary {
      background: var(--tk-bg);
      color: var(--tk-text);
    }
    button:disabled {
      opacity: 0.6;
      cursor: default;
    }
    button:focus-visible {
      outline: 3px solid var(--tk-focus);
      outline-offset: 2px;
    }
  `;

  /** What the service worker says. */
  @property({ attribute: false }) state: OfflineState = 'pending';

  /** What runs and must not be cut short by a reload ('import' or 'export'), if anything. */
  @property({ attribute: false }) busy: 'import' | 'export' | undefined;

  @state() private _dismissed: OfflineState | undefined;

  override render() {
    const visible = this.state === 'offline-ready' || this.state === 'update-available';
    return html`<div role="status" aria-live="polite">
      ${visible && this._dismissed !== this.state ? this._renderNotice() : nothing}
    </div>`;
  }

  private _renderNotice() {
    const update = this.state === 'update-available';
    return html`<div class="notice">
      <span
        >${update ? 'Update available' : 'Ready to work offline'}${
          update && this.busy
            ? html`<span class="wait">: reload when the ${this.busy} has finished</span>`
            : nothing
        }</span
      >
      ${
        update
          ? html`<button class="primary" ?disabled=${Boolean(this.busy)} @click=${this._onReload}>
              Reload
            </button>`
          : nothing
      }
      <button @click=${this._onDismiss} aria-label="Close notice">✕</button>
    </div>`;
  }

  private _onReload(): void {
    this.dispatchEvent(new UpdateAcceptEvent());
  }

  private _onDismiss(): void {
    this._dismissed = this.state;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-update-notice': TkUpdateNotice;
  }
}
