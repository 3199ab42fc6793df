import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { countLabel, shortDate } from '../lib/format';
import type { Conversation } from '../model/types';
import { pathOf } from '../services/router';

/** The navigation "Conversations": one link per conversation, newest first. */
@customElement('tk-conversation-list')
export class TkConversationList extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    nav {
      height: 100%;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    a {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0.125rem 0.75rem;
      padding: 0.75rem 1rem;
      color: inherit;
      text-decoration: none;
      border-bottom: 1px solid var(--tk-border);
    }
    a:hover {
      background: var(--tk-surface-2);
    }
    a[aria-current='page'] {
      background: var(--tk-selected);
    }
    a:focus-visible {
      outline: 3px solid var(--tk-focus);
      outline-offset: -3px;
    }
    .title {
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .date,
    .meta {
      color: var(--tk-muted);
      font-size: 0.875rem;
    }
    .snippet {
      grid-column: 1 / -1;
      color: var(--tk-muted);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
  `;

  /** The conversations to list, already sorted. */
  @property({ attribute: false }) conversations: readonly Conversation[] = [];

  /** The key of the open conversation, marked as the current page. */
  @property({ attribute: false }) selectedKey: string | undefined;

  override render() {
    return html`
      <nav aria-label="Conversations">
        <ul>
          ${this.conversations.map(
            (c) => html`
              <li>
                <a
                  href=${pathOf({ view: 'conversation', key: c.key })}
                  aria-current=${c.key === this.selectedKey ? 'page' : 'false'}
                  aria-describedby="d-${c.key}"
                  ><span class="title" dir="auto">${c.title}</span
                  ><span class="date" aria-hidden="true">${shortDate(c.lastTime)}</span
                  ><span class="snippet" dir="auto" aria-hidden="true">${c.lastSnippet}</span></a
                >
                <span id="d-${c.key}" hidden
                  >${countLabel(c.messageCount, 'message', 'messages')}, last on
                  ${new Date(c.lastTime).toLocaleString()}</span
                >
              </li>
            `,
          )}
        </ul>
      </nav>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-conversation-list': TkConversationList;
  }
}
