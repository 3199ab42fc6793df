import '@lit-labs/virtualizer';
import type { LitVirtualizer } from '@lit-labs/virtualizer';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { servicesContext, type AppServices } from '../context';
import { NO_TEXT, isWithoutContent } from '../model/message-content';
import { messageIdOfToken } from '../model/opaque-id';
import type { Call, Conversation, Message, MessageStatus } from '../model/types';
import { callLine, callWords } from '../model/calls';
import { entriesLabel } from './entry-counts';
import type { ExportService } from '../services/export';
import { pathOf } from '../services/router';
import { shownTime, type TimesChoice } from '../model/shown-time';
import { messageRows, rowIndexForDay, type Row } from './message-rows';
import './tk-export-dialog';
import type { TkExportDialog } from './tk-export-dialog';
import './tk-media';
import { conversationViewStyles } from './tk-conversation-view.styles';

/** Performance entries read by `npm run bench`: a conversation starts opening… */
export const CONVERSATION_OPEN_MARK = 'tk-conversation-open';
/** …and the time until its first messages are drawn. */
export const CONVERSATION_DRAWN_MEASURE = 'tk-conversation-drawn';

const STATUS_WORDS: Partial<Record<MessageStatus, string>> = {
  draft: 'Draft',
  outbox: 'Not sent (outbox)',
  failed: 'Failed to send',
  queued: 'Queued, not sent',
};

// The wall clock is carried in the UTC fields (model/shown-time.ts).
const TIME_FORMAT: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' };
const deviceZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The open conversation: heading, "Jump to date", and the message log. It opens at the newest message (its
 * last block is drawn first, the rest follows), or at the message `messageToken` names (from the URL),
 * highlighted.
 */
@customElement('tk-conversation-view')
export class TkConversationView extends LitElement {
  static override styles = conversationViewStyles;

  /** The conversation shown; undefined when the URL names one that is not stored. */
  @property({ attribute: false }) conversation: Conversation | undefined;

  /** Where messages and media are read from. */
  @consume({ context: servicesContext }) private _services: AppServices | undefined;

  /** The URL token of the message to open at and highlight (model/opaque-id.ts). */
  @property({ attribute: false }) messageToken: string | undefined;

  /** Runs exports ("Export" opens the export dialog). */
  private get exporter(): ExportService | undefined {
    return this._services?.exporter;
  }

  /** Which clock times and day separators follow (Settings → Times). */
  @property({ attribute: false }) times: TimesChoice = 'phone';

  /** Set on a phone-sized screen, where the list and the conversation take turns. */
  @property({ type: Boolean, reflect: true }) narrow = false;

  @state() private _rows: Row[] = [];
  /** The id of the message `messageToken` names, once the messages are read. */
  @state() private _targetId: string | undefined;
  @state() private _pin: { index: number; block: 'start' | 'center' | 'end' } | undefined;
  @query('lit-virtualizer') private _virtualizer: LitVirtualizer | undefined;
  @query('tk-export-dialog') private _exportDialog: TkExportDialog | undefined;
  private _loading: string | undefined;
  /**
   * Whether to keep the pinned row in view as rows change height (pictures loading, the rest of the
   * conversation arriving): until the person scrolls, reads or clicks in the log themself.
   */
  private _stick = false;

  private _messages: readonly Message[] = [];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('conversation') || changed.has('messageToken')) void this._load();
    // Another clock regroups the days; the pin stays as it is.
    else if (changed.has('times') && this._messages.length > 0) this._rows = this._rowsOf(this._messages);
  }

  private _rowsOf(messages: readonly Message[]): Row[] {
    return messageRows(messages, undefined, { times: this.times, timeZone: deviceZone() });
  }

  private async _load(): Promise<void> {
    const conversation = this.conversation;
    const data = this._services?.data;
    const messageToken = this.messageToken;
    const loading = `${conversation?.key ?? ''}/${messageToken ?? ''}`;
    if (!conversation || !data || loading === this._loading) return;
    this._loading = loading;
    this._rows = [];
    this._messages = [];
    this._targetId = undefined;
    performance.mark(CONVERSATION_OPEN_MARK);
    if (!messageToken) {
      // The newest block first: a 50,000-message conversation is drawn before the rest is read.
      const newest = await data.newest(conversation.key);
      if (this._loading !== loading) return;
      this._show(newest);
      await this._drawn();
    }
    const all = await data.all(conversation.key);
    if (this._loading !== loading) return;
    if (messageToken) this._targetId = messageIdOfToken(all, conversation.salt, messageToken);
    this._show(all);
    if (messageToken) await this._drawn();
  }

  /** Marks the moment the first messages are on screen: rendered, laid out by the virtualizer, painted. */
  private async _drawn(): Promise<void> {
    await this.updateComplete;
    await this._virtualizer?.layoutComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    performance.measure(CONVERSATION_DRAWN_MEASURE, CONVERSATION_OPEN_MARK);
  }

  private _show(messages: Message[]): void {
    this._messages = messages;
    this._rows = this._rowsOf(messages);
    const target = this._targetId ? this._rows.findIndex((r) => r.key === this._targetId) : -1;
    this._pin =
      target >= 0 ? { index: target, block: 'center' } : { index: this._rows.length - 1, block: 'end' };
    this._stick = true;
  }

  /** Brings the pinned row back into view after a row changed height, unless the person has taken over. */
  private _keepPinned(): void {
    const pin = this._pin;
    if (!this._stick || !pin) return;
    this._virtualizer?.element(pin.index)?.scrollIntoView({ block: pin.block });
  }

  private _release(): void {
    this._stick = false;
  }

  override updated(): void {
    if (!this._targetId) return;
    const element = this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(this._targetId)}"]`);
    if (element && !element.matches(':focus')) element.focus({ preventScroll: true });
  }

  override render() {
    const c = this.conversation;
    const back = html`<a class="back" href=${pathOf({ view: 'home' })}>← Conversations</a>`;
    if (!c) {
      return html`<header>${back}</header>
        <p class="empty" role="status">This conversation is not stored on this device.</p>`;
    }
    const numbers = c.participants.map((p) => p.raw).join(', ');
    return html`
      <header>
        ${back}
        <div class="who">
          <h2 dir="auto">${c.title}</h2>
          <p class="numbers">
            ${numbers !== c.title ? html`<span dir="auto">${numbers}</span> · ` : nothing}${entriesLabel(c)}
          </p>
        </div>
        <label>Jump to date <input type="date" @change=${this._onJump} /></label>
        ${
          this.exporter
            ? html`<button class="export" @click=${() => this._exportDialog?.show()}>Export</button>`
            : nothing
        }
      </header>
      <tk-export-dialog
        .conversation=${c}
        .firstTime=${this._firstTime()}
        .lastTime=${this._lastTime()}
      ></tk-export-dialog>
      <lit-virtualizer
        scroller
        role="log"
        aria-label="Messages"
        aria-live="off"
        .items=${this._rows}
        .keyFunction=${(row: Row) => row.key}
        .layout=${this._pin ? { pin: this._pin } : {}}
        @unpinned=${this._onUnpinned}
        @tk-media-resize=${this._keepPinned}
        @wheel=${this._release}
        @touchstart=${this._release}
        @pointerdown=${this._release}
        @keydown=${this._release}
        .renderItem=${(row: Row) => this._renderRow(row, c)}
      ></lit-virtualizer>
    `;
  }

  private _renderRow(row: Row, c: Conversation) {
    if (row.kind === 'day') return html`<div class="day" role="separator">${row.label}</div>`;
    const m = row.message;
    if (m.call) return this._renderCall(m, m.call, c);
    const sender = c.isGroup && m.direction === 'in' ? this._senderName(c, m.sender) : undefined;
    const shown = shownTime(m.time, m.offset, this.times, deviceZone());
    const time = new Date(shown.wall).toLocaleTimeString(undefined, TIME_FORMAT);
    const status = STATUS_WORDS[m.status];
    return html`<div class="row ${m.direction}">
      <div
        class="msg ${m.id === this._targetId ? 'target' : ''}"
        data-id=${m.id}
        tabindex=${m.id === this._targetId ? '0' : '-1'}
        aria-label=${m.direction === 'out' ? 'Sent' : `From ${sender ?? c.title}`}
        role="article"
      >
        ${sender ? html`<div class="sender" dir="auto">${sender}</div>` : nothing}
        ${
          isWithoutContent(m)
            ? html`<p class="text no-text">${NO_TEXT}</p>`
            : m.text
              ? html`<p class="text" dir="auto">${m.text}</p>`
              : nothing
        }
        ${m.attachments.map((a) => html`<tk-media .attachment=${a}></tk-media>`)}
        <div class="meta">
          ${status ? html`<span class="status">${status}</span>` : nothing}
          <time datetime=${new Date(m.time).toISOString()}
            >${time}${shown.label ? html` <span class="zone">${shown.label}</span>` : nothing}</time
          >
        </div>
      </div>
    </div>`;
  }

  /** A call: a centred line in the timeline ("Missed call · 14:03"), not a bubble; focusable like a message. */
  private _renderCall(m: Message, call: Call, c: Conversation) {
    const shown = shownTime(m.time, m.offset, this.times, deviceZone());
    const time = new Date(shown.wall).toLocaleTimeString(undefined, TIME_FORMAT);
    const who = c.isGroup ? this._senderName(c, m.sender) : c.title;
    const words = callLine(call);
    return html`<div class="row call">
      <div
        class="call-line ${call.type} ${m.id === this._targetId ? 'target' : ''}"
        data-id=${m.id}
        tabindex=${m.id === this._targetId ? '0' : '-1'}
        aria-label=${`${callWords(call)}, ${call.type === 'outgoing' ? 'to' : 'from'} ${who}`}
        role="article"
      >
        <span aria-hidden="true" class="call-icon">${call.type === 'outgoing' ? '↗' : '↙'}</span>
        ${words} ·
        <time datetime=${new Date(m.time).toISOString()}
          >${time}${shown.label ? html` <span class="zone">${shown.label}</span>` : nothing}</time
        >
      </div>
    </div>`;
  }

  private _firstTime(): number | undefined {
    const row = this._rows.find((r) => r.kind === 'message');
    return row?.kind === 'message' ? row.message.time : undefined;
  }

  private _lastTime(): number | undefined {
    const row = this._rows.findLast((r) => r.kind === 'message');
    return row?.kind === 'message' ? row.message.time : undefined;
  }

  private _senderName(c: Conversation, address: string): string {
    const p = c.participants.find((q) => q.address === address);
    return p?.name ?? p?.raw ?? (address || 'Unknown');
  }

  private _onUnpinned(): void {
    // The virtualizer unpins on any scroll, including the ones layout changes cause; the pin is only
    // dropped when the person has scrolled or interacted (see _release).
    if (!this._stick) this._pin = undefined;
  }

  private _onJump(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (!value || this._rows.length === 0) return;
    this._stick = false;
    this._pin = undefined;
    this._virtualizer?.element(rowIndexForDay(this._rows, value))?.scrollIntoView({ block: 'start' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-conversation-view': TkConversationView;
  }
}
