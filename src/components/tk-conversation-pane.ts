import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { countLabel } from '../lib/format';
import type { Conversation } from '../model/types';
import { pathOf } from '../services/router';

/** The open conversation: its heading, who is in it, and (on a phone) the way back to the list. */
@customElement('tk-conversation-pane')
export class TkConversationPane extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    header {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      padding: 0.75rem 1rem;
      border-bottom: 1px solid var(--tk-border);
      background: var(--tk-surface);
    }
    h2 {
      font-size: 1.25rem;
      margin: 0;
    }
    .numbers {
      margin: 0;
      color: var(--tk-muted);
      font-size: 0.875rem;
    }
    .back {
      color: var(--tk-primary);
      font-weight: 600;
      text-decoration: none;
      padding: 0.5rem;
      border-radius: 8px;
    }
    .back:focus-visible {
      outline: 3px solid var(--tk-focus);
    }
    :host(:not([narrow])) .back {
      display: none;
    }
    .missing {
      padding: 2rem 1rem;
    }
  `;

  /** The conversation shown; undefined when the URL names one that is not stored. */
  @property({ attribute: false }) conversation: Conversation | undefined;

  /** Set on a phone-sized screen, where the list and the conversation take turns. */
  @property({ type: Boolean, reflect: true }) narrow = false;

  override render() {
    const c = this.conversation;
    const back = html`<a class="back" href=${pathOf({ view: 'home' })}>← Conversations</a>`;
    if (!c) {
      return html`<header>${back}</header>
        <p class="missing" role="status">This conversation is not stored on this device.</p>`;
    }
    const numbers = c.participants.map((p) => p.raw).join(', ');
    return html`
      <header>
        ${back}
        <div>
          <h2>${c.title}</h2>
          <p class="numbers">
            ${numbers !== c.title ? html`${numbers} · ` : nothing}${countLabel(
              c.messageCount,
              'message',
              'messages',
            )}
          </p>
        </div>
      </header>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-conversation-pane': TkConversationPane;
  }
}
