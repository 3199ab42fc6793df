import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { countLabel } from '../lib/format';
import type { RegroupState } from '../services/regroup';
import { RegroupRequestEvent } from './events';

/** "Re-group conversations" (issue 14): offered in settings once the default region changed. */
@customElement('tk-regroup')
export class TkRegroup extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin-top: 0.75rem;
    }
    p {
      margin: 0.5rem 0 0;
    }
    .hint {
      color: var(--tk-muted);
    }
    button {
      font: inherit;
      font-weight: 600;
      color: var(--tk-text);
      padding: 0.5rem 1rem;
      border-radius: 999px;
      border: 1px solid var(--tk-border);
      background: var(--tk-surface-2);
      cursor: pointer;
      max-width: 100%;
    }
    button[aria-disabled='true'] {
      opacity: 0.6;
      cursor: not-allowed;
    }
    button:focus-visible {
      outline: 3px solid var(--tk-focus);
      outline-offset: 2px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      margin-top: 0.5rem;
    }
    .alert {
      color: var(--tk-danger);
      font-weight: 600;
    }
  `;

  /** The name of the default region's country ("France"). */
  @property() regionName = '';

  /** Where the regroup stands, and what it would join. */
  @property({ attribute: false }) state: RegroupState = { phase: 'idle', candidates: 0, offered: false };

  /** Set while an import runs: the regroup waits for it. */
  @property({ type: Boolean }) importing = false;

  override render() {
    const { phase, candidates } = this.state;
    const busy = phase === 'running' || phase === 'waiting' || this.importing;
    // aria-disabled rather than disabled: the button keeps focus while it runs, so a keyboard user stays put.
    return html`
      <p class="hint" id="what">
        Numbers written without a country code are read again as numbers of ${this.regionName}, and
        conversations with the same person are joined into one. Nothing is deleted.
        ${phase === 'idle' && candidates > 0 ? `${countLabel(candidates, 'conversation', 'conversations')} would be re-grouped.` : nothing}
      </p>
      <div class="row">
        <button aria-describedby="what" aria-disabled=${busy ? 'true' : 'false'} @click=${this._onClick}>
          Re-group conversations
        </button>
        ${this.importing ? html`<span class="hint">Wait for the import to finish first.</span>` : nothing}
      </div>
      <p class=${phase === 'failed' ? 'alert' : ''} role="status">${this._words()}</p>
    `;
  }

  private _words(): string {
    const { phase, outcome } = this.state;
    if (phase === 'running') return 'Re-grouping conversations…';
    if (phase === 'waiting') return 'Waiting for the import in another window to finish…';
    if (phase === 'failed')
      return 'The conversations could not be re-grouped, and nothing was changed. Try again, or reload Textkeep.';
    if (phase !== 'done' || !outcome) return '';
    const { joined, into, refiled, duplicates } = outcome;
    if (into === 0 && refiled === 0) return 'Every conversation was already grouped by this region.';
    const said = [
      into === 0
        ? 'No conversations needed joining.'
        : `Joined ${countLabel(joined, 'conversation', 'conversations')} into ${into.toLocaleString()}.`,
    ];
    if (duplicates > 0)
      said.push(
        `${countLabel(duplicates, 'message was', 'messages were')} in two of them and ${duplicates === 1 ? 'is' : 'are'} kept once.`,
      );
    if (refiled > 0)
      said.push(
        `${countLabel(refiled, 'conversation now goes', 'conversations now go')} by the number as this region writes it.`,
      );
    return said.join(' ');
  }

  private _onClick(): void {
    const { phase } = this.state;
    if (phase === 'running' || phase === 'waiting' || this.importing) return;
    this.dispatchEvent(new RegroupRequestEvent());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-regroup': TkRegroup;
  }
}
