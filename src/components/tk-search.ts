import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { servicesContext, type AppServices } from '../context';
import { ifDefined } from 'lit/directives/if-defined.js';
import { countLabel } from '../lib/format';
import type { SnippetPart } from '../model/search-text';
import type { Conversation } from '../model/types';
import { messagePath } from '../services/router';
import type { SearchFilters, SearchHit, SearchResults, SearchService } from '../services/search';
import { shownTime, type TimesChoice } from '../model/shown-time';
import { tkSearchStyles } from './tk-search.styles';

/** Results shown at first, and added by each "Show more results". */
const PAGE = 100;
// The wall clock is carried in the UTC fields (model/shown-time.ts).
const WHEN_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' };

/** The performance measure from a search asked for to its results in the page (read by the bench). */
export const SEARCH_SHOWN_MEASURE = 'tk-search-shown';

/** A local calendar day ("2021-03-14") as ms UTC at its start; `next` gives the start of the day after. */
function dayStart(value: string, next = false): number | undefined {
  const [year, month, day] = value.split('-').map(Number);
  if (!year || !month || !day) return undefined;
  return new Date(year, month - 1, day + (next ? 1 : 0)).getTime();
}

/**
 * "Search messages": a search box with date and conversation filters, and the messages found, grouped by
 * conversation, each a link to the message (`/conversations/<id>/messages/<token>`, opaque: router.ts) with
 * the match marked.
 * Enter searches; arrow keys move through the results; Escape clears. Message text is only ever bound as
 * text. Re-runs the search when `conversations` changes (after an import), so results stay current.
 */
@customElement('tk-search')
export class TkSearch extends LitElement {
  static override styles = tkSearchStyles;

  /** The search service (created once by the shell). */
  @consume({ context: servicesContext }) private _services: AppServices | undefined;
  private get service(): SearchService | undefined {
    return this._services?.search;
  }

  /** The conversations, for their titles and the conversation filter; a new list re-runs the search. */
  @property({ attribute: false }) conversations: readonly Conversation[] = [];

  /** Which clock result times are shown by (Settings → Times). */
  @property({ attribute: false }) times: TimesChoice = 'phone';

  @state() private _results: SearchResults | undefined;
  @state() private _searching = false;
  @state() private _failed = false;
  @query('input[type="search"]') private _box!: HTMLInputElement;

  private _query = '';
  private _filters: SearchFilters = {};
  private _limit = PAGE;
  private _running: AbortController | undefined;
  private _askedAt: number | undefined;

  /** Puts the keyboard in the "Search messages" box, its words selected ("/"); false when it is not shown. */
  focusSearch(): boolean {
    if (!this._box.checkVisibility()) return false;
    this._box.focus();
    this._box.select();
    return true;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('_results') && this._results && this._askedAt !== undefined) {
      performance.measure(SEARCH_SHOWN_MEASURE, { start: this._askedAt });
      this._askedAt = undefined;
    }
    if (changed.has('conversations') && changed.get('conversations') !== undefined && this._query)
      void this._run();
  }

  private async _run(): Promise<void> {
    this._running?.abort();
    const running = new AbortController();
    this._running = running;
    if (!this.service || !this._query.trim()) {
      this._results = undefined;
      return;
    }
    this._searching = true;
    this._askedAt = performance.now();
    try {
      const results = await this.service.search(this._query, this._filters, this._limit, running.signal);
      if (running.signal.aborted) return;
      this._results = results;
      this._failed = false;
    } catch {
      if (running.signal.aborted) return;
      this._failed = true;
    }
    this._searching = false;
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this._query = this._box.value;
    this._limit = PAGE;
    void this._run();
  }

  private _onFilter(): void {
    const root = this.renderRoot;
    const from = root.querySelector<HTMLInputElement>('#from')?.value ?? '';
    const to = root.querySelector<HTMLInputElement>('#to')?.value ?? '';
    const key = root.querySelector<HTMLSelectElement>('#conversation')?.value ?? '';
    this._filters = {
      ...(dayStart(from) === undefined ? {} : { from: dayStart(from) }),
      ...(dayStart(to, true) === undefined ? {} : { to: dayStart(to, true) }),
      ...(key ? { conversationKey: key } : {}),
    };
    this._limit = PAGE;
    if (this._query) void this._run();
  }

  private _onShowMore(): void {
    this._limit += PAGE;
    void this._run();
  }

  /** Arrow keys move between the search box and the result links; Escape clears the search. */
  private _onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      this._running?.abort();
      this._box.value = '';
      this._query = '';
      this._results = undefined;
      this._searching = false;
      this._box.focus();
      event.preventDefault();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...this.renderRoot.querySelectorAll<HTMLAnchorElement>('.results a')];
    const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
    const at = links.indexOf(active as HTMLAnchorElement);
    if (at < 0 && active !== this._box) return;
    const next = event.key === 'ArrowDown' ? at + 1 : at - 1;
    if (next < 0) this._box.focus();
    else links[Math.min(next, links.length - 1)]?.focus();
    event.preventDefault();
  }

  override render() {
    const byKey = new Map(this.conversations.map((c) => [c.key, c]));
    return html`
      <form role="search" aria-label="Message search" @submit=${this._onSubmit} @keydown=${this._onKeyDown}>
        <div class="query">
          <input
            type="search"
            aria-label="Search messages"
            placeholder="Search messages"
            autocomplete="off"
          />
          <button type="submit">Search</button>
        </div>
        <label for="from">From <input id="from" type="date" @change=${this._onFilter} /></label>
        <label for="to">To <input id="to" type="date" @change=${this._onFilter} /></label>
        <label for="conversation"
          >Conversation
          <select id="conversation" @change=${this._onFilter}>
            <option value="">All conversations</option>
            ${this.conversations.map((c) => html`<option value=${c.key}>${c.title}</option>`)}
          </select>
        </label>
      </form>
      <p role="status">${this._statusText()}</p>
      <div class="results" @keydown=${this._onKeyDown}>
        ${(this._results?.groups ?? []).map(
          (group) => html`
            <section>
              <h2>
                <span dir="auto">${byKey.get(group.conversationKey)?.title ?? group.conversationKey}</span>
                <span class="count">· ${countLabel(group.count, 'match', 'matches')}</span>
              </h2>
              <ul>
                ${group.hits.map(
                  (hit) => html`
                    <li>
                      <a href=${ifDefined(this._hitPath(byKey.get(group.conversationKey), hit.messageId))}
                        ><time datetime=${new Date(hit.time).toISOString()}>${this._when(hit)}</time
                        ><span dir="auto">${this._snippet(hit.snippet)}</span></a
                      >
                    </li>
                  `,
                )}
              </ul>
            </section>
          `,
        )}
        ${
          this._results && this._results.shown < this._results.total
            ? html`<button class="more" @click=${this._onShowMore}>Show more results</button>`
            : nothing
        }
      </div>
    `;
  }

  /**
   * Where a result links to. A conversation the list does not hold yet (an import's write landing between
   * the two reads) has no link until the list catches up, which re-runs the search.
   */
  private _hitPath(conversation: Conversation | undefined, messageId: string): string | undefined {
    return conversation ? messagePath(conversation, messageId) : undefined;
  }

  /** The hit's date and time by the chosen clock (model/shown-time.ts), with its zone when not the device's. */
  private _when(hit: SearchHit): string {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const shown = shownTime(hit.time, hit.offset, this.times, zone);
    const when = new Date(shown.wall).toLocaleString(undefined, WHEN_FORMAT);
    return shown.label ? `${when} ${shown.label}` : when;
  }

  private _snippet(parts: readonly SnippetPart[]) {
    return parts.map((part) => (part.match ? html`<mark>${part.text}</mark>` : part.text));
  }

  private _statusText(): string {
    if (this._failed) return 'Search failed. Try again.';
    if (this._searching && !this._results) return 'Searching…';
    const results = this._results;
    if (!results) return '';
    if (results.total === 0) return 'No messages found.';
    const found = `${countLabel(results.total, 'message', 'messages')} found`;
    return results.shown < results.total
      ? `${found}, showing the newest ${results.shown.toLocaleString()}.`
      : `${found}.`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-search': TkSearch;
  }
}
