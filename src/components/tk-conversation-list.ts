import { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { conversationListStyles } from './tk-conversation-list.styles';
import { customElement, property, query, state } from 'lit/decorators.js';
import { countLabel, shortDate } from '../lib/format';
import type { Conversation } from '../model/types';
import { entriesLabel } from './entry-counts';
import { conversationPath } from '../services/router';

/** Case- and accent-insensitive form of a text, for finding names as people type them. */
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const digitsOf = (text: string): string => text.replace(/\D/g, '');
// What people type inside phone numbers: a query of digits and these alone is also looked up by its digits,
// so "555 0123" finds "+1 555-555-0123" whatever the spelling stored.
const NUMBER_QUERY = /^[\d\s()+\-./]+$/;
// How long arrow keys wait for the virtualizer to draw an item scrolled in from far away.
const FOCUS_FRAMES = 30;

interface SearchKey {
  text: string;
  digits: string;
}
const searchKeys = new WeakMap<Conversation, SearchKey>();
function searchKey(c: Conversation): SearchKey {
  let key = searchKeys.get(c);
  if (!key) {
    const names = c.participants.flatMap((p) => [p.name ?? '', p.raw, p.address]);
    // A space between members, so a run of digits never spans two numbers.
    const digits = c.participants.map((p) => `${digitsOf(p.address)} ${digitsOf(p.raw)}`).join(' ');
    key = { text: fold([c.title, ...names].join('\n')), digits };
    searchKeys.set(c, key);
  }
  return key;
}

/** The conversations a query finds, in list order. */
function filterConversations(all: readonly Conversation[], query: string): Conversation[] {
  const text = fold(query.trim());
  if (!text) return [...all];
  const digits = NUMBER_QUERY.test(text) ? digitsOf(text) : '';
  return all.filter((c) => {
    const key = searchKey(c);
    return key.text.includes(text) || (digits !== '' && key.digits.includes(digits));
  });
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const firstGrapheme = (word: string): string =>
  GRAPHEMES.segment(word)[Symbol.iterator]().next().value?.segment ?? '';

/** Up to two initials of a name; none for numbers and short codes (they get an icon). */
function initials(title: string): string {
  const words = title.split(/[\s,]+/).filter((w) => /^\p{L}/u.test(w));
  const ends = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return ends.map((w) => firstGrapheme(w ?? '').toLocaleUpperCase()).join('');
}

const PERSON_ICON = svg`<path d="M12 12a4 4 0 1 0-4-4 4 4 0 0 0 4 4Zm0 2c-3.3 0-8 1.7-8 4.5V21h16v-2.5c0-2.8-4.7-4.5-8-4.5Z"/>`;
const GROUP_ICON = svg`<path d="M9 11a3.5 3.5 0 1 0-3.5-3.5A3.5 3.5 0 0 0 9 11Zm7.5 0A3 3 0 1 0 13.5 8a3 3 0 0 0 3 3ZM9 13c-2.7 0-7 1.3-7 3.8V19h14v-2.2C16 14.3 11.7 13 9 13Zm7.5.4a6 6 0 0 1 1.5 3.4V19h4v-2c0-2-2.9-3.3-5.5-3.6Z"/>`;

// A stable tint per conversation, so people learn to spot them by colour as well as by name.
function tint(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % 6;
}

/**
 * The navigation "Conversations": a "Find conversation" box and one link per conversation (named by its title
 * alone), newest first, virtualized so thousands scroll smoothly. Arrow keys, Home and End move between links.
 */
@customElement('tk-conversation-list')
export class TkConversationList extends LitElement {
  static override styles = conversationListStyles;

  /** The conversations to list, already sorted. */
  @property({ attribute: false }) conversations: readonly Conversation[] = [];

  /** The key of the open conversation, marked as the current page. */
  @property({ attribute: false }) selectedKey: string | undefined;

  @state() private _query = '';
  /** The conversation that keeps the list's one tab stop (the last focused, else the open one). */
  @state() private _activeKey: string | undefined;
  @query('.list') private readonly _list!: VirtualizerHostElement;
  @query('input') private readonly _find!: HTMLInputElement;

  private _matches: Conversation[] = [];
  private _indexByKey = new Map<string, number>();
  private _range = { first: 0, last: -1 };
  private _shown = false;
  // Hidden (a phone showing a conversation) and shown again, the list scrolls back to where the person was.
  private readonly _resize = new ResizeObserver(([entry]) => {
    const shown = (entry?.contentRect.height ?? 0) > 0;
    if (shown && !this._shown) this._reveal(this._activeKey ?? this.selectedKey);
    this._shown = shown;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this._resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize.disconnect();
  }

  /** Puts the keyboard in the "Find conversation" box, its words selected ("/"); false when it is not shown. */
  focusSearch(): boolean {
    if (!this._find.checkVisibility()) return false;
    this._find.focus();
    this._find.select();
    return true;
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('conversations') || changed.has('_query')) {
      this._matches = filterConversations(this.conversations, this._query);
      this._indexByKey = new Map(this._matches.map((c, i) => [c.key, i]));
    }
  }

  override updated(changed: PropertyValues): void {
    if (changed.has('_query') && changed.get('_query') !== undefined) this._list.scrollTop = 0;
  }

  override render() {
    const filtering = this._query.trim() !== '';
    const found = this._matches.length;
    return html`<nav aria-label="Conversations">
      <div class="find">
        <label class="visually-hidden" for="find">Find conversation</label>
        <svg class="lens" viewBox="0 0 24 24" aria-hidden="true">
          <path
            d="M10 3a7 7 0 0 1 5.6 11.2l4.6 4.6-1.4 1.4-4.6-4.6A7 7 0 1 1 10 3Zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10Z"
          />
        </svg>
        <input
          id="find"
          type="search"
          placeholder="Find by name or number"
          autocomplete="off"
          spellcheck="false"
          .value=${this._query}
          @input=${this._onInput}
          @keydown=${this._onFindKey}
        />
      </div>
      <p class="count">
        <span role="status"
          >${filtering ? (found ? countLabel(found, 'conversation', 'conversations') : 'No conversations found') : ''}</span
        >${filtering ? nothing : countLabel(this.conversations.length, 'conversation', 'conversations')}
      </p>
      ${
        filtering && found === 0
          ? html`<p class="none">No conversation matches “<span dir="auto">${this._query.trim()}</span>”.</p>`
          : nothing
      }
      <div
        class="list"
        role=${found > 0 ? 'list' : 'presentation'}
        @keydown=${this._onListKey}
        @focusin=${this._onFocusIn}
        @rangeChanged=${this._onRange}
      >
        ${virtualize({
          items: this._matches,
          keyFunction: (c: Conversation) => c.key,
          renderItem: this._renderItem,
          scroller: true,
        })}
      </div>
    </nav>`;
  }

  private readonly _renderItem = (c: Conversation, index: number) => {
    const count = entriesLabel(c);
    const people = `${String(c.participants.length + 1)} people`;
    const letters = initials(c.title);
    return html`<div role="listitem" aria-setsize=${this._matches.length} aria-posinset=${index + 1}>
      <a
        href=${conversationPath(c)}
        data-index=${index}
        tabindex=${index === this._tabStop() ? 0 : -1}
        aria-current=${c.key === this.selectedKey ? 'page' : 'false'}
        aria-describedby="d-${index}"
        ><span class="avatar t${tint(c.key)}" aria-hidden="true"
          >${
            c.isGroup || !letters
              ? html`<svg viewBox="0 0 24 24">${c.isGroup ? GROUP_ICON : PERSON_ICON}</svg>`
              : letters
          }</span
        ><span class="title"><span dir="auto">${c.title}</span></span
        ><span class="date" aria-hidden="true">${shortDate(c.lastTime)}</span
        ><span class="snippet" aria-hidden="true"><span dir="auto">${c.lastSnippet || '—'}</span></span
        ><span class="meta" aria-hidden="true"
          >${c.isGroup ? html`<span class="group">Group · ${people}</span>` : nothing}<span
            >${count}</span
          ></span
        ></a
      >
      <span id="d-${index}" hidden
        >${c.isGroup ? `Group of ${people}, ` : ''}${count}, last on
        ${new Date(c.lastTime).toLocaleString()}</span
      >
    </div>`;
  };

  // One link at a time is in the tab order: the active one while drawn, else the first drawn, so Tab always
  // has a way into the list however far it was scrolled.
  private _tabStop(): number {
    const key = this._activeKey ?? this.selectedKey;
    const index = key === undefined ? undefined : this._indexByKey.get(key);
    const { first, last } = this._range;
    return index !== undefined && index >= first && index <= last ? index : Math.max(0, first);
  }

  private _onRange(event: RangeChangedEvent): void {
    this._range = { first: event.first, last: event.last };
  }

  private _onInput(event: Event): void {
    this._query = (event.target as HTMLInputElement).value;
  }

  private _onFindKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this._query !== '') {
      event.preventDefault();
      this._query = '';
    } else if (event.key === 'ArrowDown' && this._matches.length > 0) {
      event.preventDefault();
      void this._focusIndex(0);
    }
  }

  private _onListKey(event: KeyboardEvent): void {
    const link = event.composedPath()[0];
    if (!(link instanceof HTMLAnchorElement) || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = Number(link.dataset.index);
    const last = this._matches.length - 1;
    const targets: Partial<Record<string, number>> = {
      ArrowDown: Math.min(index + 1, last),
      ArrowUp: index - 1,
      Home: 0,
      End: last,
    };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    if (target < 0) this._find.focus();
    else void this._focusIndex(target);
  }

  private _onFocusIn(event: FocusEvent): void {
    const link = event.composedPath()[0];
    if (link instanceof HTMLAnchorElement) this._activeKey = this._matches[Number(link.dataset.index)]?.key;
  }

  private _link(index: number): HTMLAnchorElement | null {
    return this.renderRoot.querySelector<HTMLAnchorElement>(`a[data-index="${String(index)}"]`);
  }

  /** Focuses the link at `index`, scrolling it in first when the virtualizer has not drawn it. */
  private async _focusIndex(index: number): Promise<void> {
    this._activeKey = this._matches[index]?.key;
    let link = this._link(index);
    if (!link) {
      this._list[virtualizerRef]?.element(index)?.scrollIntoView({ block: 'nearest' });
      for (let frame = 0; frame < FOCUS_FRAMES && !link; frame++) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        link = this._link(index);
      }
    }
    link?.focus();
  }

  private _reveal(key: string | undefined): void {
    const index = key === undefined ? undefined : this._indexByKey.get(key);
    if (index !== undefined && index > 0) {
      this._list[virtualizerRef]?.element(index)?.scrollIntoView({ block: 'center' });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-conversation-list': TkConversationList;
  }
}
