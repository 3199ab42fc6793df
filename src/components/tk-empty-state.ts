import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ImportRequestEvent, SampleRequestEvent } from './events';

/** What a newcomer sees before any archive is in: what Textkeep does, what it reads, where data stays. */
@customElement('tk-empty-state')
export class TkEmptyState extends LitElement {
  static override styles = css`
    :host {
      display: block;
      max-width: 40rem;
      margin: 0 auto;
      padding: clamp(1.5rem, 5vw, 4rem) 1.25rem;
    }
    h2 {
      font-size: clamp(1.6rem, 4vw, 2.2rem);
      line-height: 1.2;
      margin: 0 0 0.75rem;
    }
    p {
      margin: 0 0 1rem;
    }
    ul {
      padding-inline-start: 1.25rem;
      margin: 0 0 1.25rem;
    }
    li {
      margin-block: 0.25rem;
    }
    .privacy {
      color: var(--tk-muted);
      border-inline-start: 4px solid var(--tk-primary);
      padding-inline-start: 0.75rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      margin-block: 1.5rem;
    }
    button {
      font: inherit;
      font-weight: 600;
      padding: 0.625rem 1.125rem;
      border-radius: 999px;
      cursor: pointer;
      border: 2px solid var(--tk-primary);
    }
    .primary {
      background: var(--tk-primary);
      color: var(--tk-on-primary);
    }
    .secondary {
      background: transparent;
      color: var(--tk-text);
    }
    button:focus-visible {
      outline: 3px solid var(--tk-focus);
      outline-offset: 2px;
    }
    button:disabled {
      opacity: 0.6;
      cursor: progress;
    }
  `;

  /** Set while an import runs: the buttons wait. */
  @property({ type: Boolean }) busy = false;

  override render() {
    return html`
      <section aria-labelledby="welcome">
        <h2 id="welcome">Your old messages, kept</h2>
        <p>
          Textkeep reads the text-message backups from your old phones and keeps them here, on this device, in
          one place. Read and search every conversation offline, and export one as text or as a single tall
          picture with its photos.
        </p>
        <p>It reads:</p>
        <ul>
          <li>Android <strong>SMS Backup &amp; Restore</strong> files (<code>sms-….xml</code>)</li>
          <li>Windows Phone <strong>contacts+message backup</strong> files (<code>.msg</code>)</li>
          <li>vMessage files (<code>.vmsg</code>, <code>.vmg</code>), and zip files holding any of these</li>
        </ul>
        <div class="actions">
          <button class="primary" ?disabled=${this.busy} @click=${this._onImport}>Import messages</button>
          <button class="secondary" ?disabled=${this.busy} @click=${this._onSample}>
            Try a sample archive
          </button>
        </div>
        <p>You can also drop files anywhere on this window.</p>
        <slot></slot>
        <p class="privacy">
          Your messages stay on this device. Nothing is uploaded, and nothing is shared unless you export it.
        </p>
      </section>
    `;
  }

  private _onImport(): void {
    this.dispatchEvent(new ImportRequestEvent());
  }

  private _onSample(): void {
    this.dispatchEvent(new SampleRequestEvent());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-empty-state': TkEmptyState;
  }
}
