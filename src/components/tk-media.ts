import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { servicesContext, type AppServices } from '../context';
import { safeFileName } from '../formats/exporters/names';
import { formatBytes } from '../lib/format';
import { mediaBlob, type Attachment } from '../model/types';
import type { ConversationData } from '../services/conversation-data';
import { MediaResizeEvent } from './events';

/**
 * One attachment of a message: pictures, video and audio inline, anything else as a named download chip.
 * Its object URL lives only while the element is on screen (the virtualizer removes off-screen rows), so
 * a long conversation never holds thousands of URLs.
 */
@customElement('tk-media')
export class TkMedia extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin-block: 0.25rem;
    }
    img,
    video {
      display: block;
      max-width: min(100%, 20rem);
      max-height: 24rem;
      border-radius: 10px;
      background: var(--tk-surface-2);
    }
    audio {
      max-width: 100%;
    }
    .chip {
      display: inline-flex;
      gap: 0.5rem;
      align-items: center;
      padding: 0.375rem 0.625rem;
      border-radius: 8px;
      border: 1px solid var(--tk-border);
      background: var(--tk-surface);
      color: var(--tk-text);
      text-decoration: none;
      overflow-wrap: anywhere;
    }
    a.chip:focus-visible {
      outline: 3px solid var(--tk-focus);
    }
    .placeholder {
      width: 12rem;
      height: 8rem;
      border-radius: 10px;
      background: var(--tk-surface-2);
    }
  `;

  /** The attachment shown. */
  @property({ attribute: false }) attachment: Attachment | undefined;

  /** Where the bytes are read from. */
  @consume({ context: servicesContext }) private _services: AppServices | undefined;
  private get data(): ConversationData | undefined {
    return this._services?.data;
  }

  @state() private _url: string | undefined;
  @state() private _missing = false;
  private _loadedKey: string | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._release();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('attachment') || changed.has('data')) void this._load();
  }

  private async _load(): Promise<void> {
    const key = this.attachment?.mediaKey;
    if (!this.isConnected || !key || !this.data || key === this._loadedKey) return;
    this._release();
    this._loadedKey = key;
    const record = await this.data.media(key);
    // The row may have scrolled away (and been removed) while the bytes were read.
    if (!this._wants(key)) return;
    if (!record) {
      this._missing = true;
      return;
    }
    this._url = URL.createObjectURL(mediaBlob(record));
  }

  /** Tells the conversation view its row changed height, so it can keep the newest message in view. */
  private _onResized(): void {
    this.dispatchEvent(new MediaResizeEvent());
  }

  private _wants(key: string): boolean {
    return this._loadedKey === key && this.isConnected;
  }

  private _release(): void {
    if (this._url) URL.revokeObjectURL(this._url);
    this._url = undefined;
    this._loadedKey = undefined;
    this._missing = false;
  }

  override render() {
    const a = this.attachment;
    if (!a) return nothing;
    const name = a.name ?? a.type;
    if (!a.mediaKey || this._missing) {
      return html`<span class="chip">${name} · could not be read from the archive</span>`;
    }
    if (!this._url) return a.type.startsWith('image/') ? html`<div class="placeholder"></div>` : nothing;
    if (a.type.startsWith('image/')) {
      return html`<img
        src=${this._url}
        alt=${a.name ? `Picture: ${a.name}` : 'Picture'}
        @load=${this._onResized}
      />`;
    }
    if (a.type.startsWith('video/')) {
      return html`<video
        src=${this._url}
        controls
        preload="metadata"
        aria-label=${`Video: ${name}`}
      ></video>`;
    }
    if (a.type.startsWith('audio/')) {
      return html`<audio
        src=${this._url}
        controls
        preload="metadata"
        aria-label=${`Audio: ${name}`}
      ></audio>`;
    }
    return html`<a class="chip" href=${this._url} download=${safeFileName(a.name ?? '', 'attachment')}
      >📎 ${name} · ${formatBytes(a.size)}</a
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-media': TkMedia;
  }
}
