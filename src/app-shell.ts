import { provide } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import './components/tk-conversation-list';
import './components/tk-conversation-pane';
import './components/tk-empty-state';
import './components/tk-update-notice';
import { UpdateAcceptEvent } from './components/events';
import { MediaQueryController } from './controllers/media-query-controller';
import type { Conversation } from './model/types';
import { storeContext } from './services/context';
import { Router } from './services/router';
import { TextkeepStore, type StoreProblem } from './services/store';
import { ServiceWorkerRegistrationService, type OfflineState } from './services/sw-registration';

const PROBLEM_TEXT: Record<StoreProblem, string> = {
  blocked: 'Textkeep is open in another tab with an older version. Close that tab to go on.',
  'closed-for-update': 'A newer version of Textkeep was opened in another tab. Reload this tab to go on.',
  unavailable:
    'This browser will not let Textkeep store data here (private browsing can block it). Your files are untouched.',
};

/** The performance mark set when the shell first shows content (read by `npm run bench`). */
export const SHELL_READY_MARK = 'tk-shell-ready';

/** The root: creates the services once, provides them by context, routes, and lays out the panes. */
@customElement('tk-app-shell')
export class TkAppShell extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      grid-template-rows: auto 1fr auto;
      height: 100dvh;
    }
    .bar {
      display: flex;
      align-items: center;
      gap: 0.625rem;
      padding: 0.5rem 1rem;
      padding-top: max(0.5rem, env(safe-area-inset-top));
      background: var(--tk-bar);
      color: var(--tk-on-bar);
      border-bottom: 1px solid var(--tk-border);
    }
    h1 {
      margin: 0;
      font-size: inherit;
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      font-size: 1.125rem;
      font-weight: 700;
      color: inherit;
      text-decoration: none;
    }
    .brand img {
      width: 28px;
      height: 28px;
    }
    .content {
      display: flex;
      flex-direction: column;
      min-height: 0;
    }
    .body {
      flex: 1;
      display: grid;
      grid-template-columns: minmax(16rem, 22rem) 1fr;
      min-height: 0;
    }
    .body.single {
      grid-template-columns: 1fr;
    }
    aside,
    main,
    .body.single {
      overflow: auto;
      min-height: 0;
    }
    aside {
      border-inline-end: 1px solid var(--tk-border);
      background: var(--tk-surface);
    }
    .pick {
      color: var(--tk-muted);
      text-align: center;
      padding: 4rem 1rem;
    }
    .problem {
      margin: 0;
      padding: 0.75rem 1rem;
      background: var(--tk-surface-2);
      border-bottom: 2px solid var(--tk-accent);
    }
    footer {
      color: var(--tk-muted);
      font-size: 0.75rem;
      padding: 0.25rem 1rem;
      padding-bottom: max(0.25rem, env(safe-area-inset-bottom));
      border-top: 1px solid var(--tk-border);
    }
  `;

  @provide({ context: storeContext }) readonly store = new TextkeepStore();
  private readonly _router = new Router();
  private readonly _serviceWorker = new ServiceWorkerRegistrationService();
  private readonly _narrow = new MediaQueryController(this, '(max-width: 47.99rem)');

  @state() private _conversations: Conversation[] | undefined;
  @state() private _open: Conversation | undefined;
  @state() private _offline: OfflineState = 'pending';
  @state() private _problem: StoreProblem | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('click', (event) => {
      this._router.handleClick(event);
    });
    this.addEventListener(UpdateAcceptEvent.type, () => {
      this._serviceWorker.applyUpdate();
    });
    this._router.addEventListener('change', () => void this._loadOpen());
    this.store.addEventListener('change', () => void this._load());
    this.store.addEventListener('problem', () => (this._problem = this.store.problem));
    this._serviceWorker.addEventListener('change', () => (this._offline = this._serviceWorker.state));
    void this._load();
    this._serviceWorker.register().catch(() => {
      // Without a service worker the app still works online; the notice simply never says "offline".
    });
  }

  override updated(): void {
    // The benchmark's "shell ready" moment: the first frame that shows the person's data (or the welcome).
    if (this._conversations && performance.getEntriesByName(SHELL_READY_MARK).length === 0) {
      performance.mark(SHELL_READY_MARK);
    }
  }

  private async _load(): Promise<void> {
    try {
      this._conversations = await this.store.conversations();
    } catch {
      this._conversations = [];
    }
    await this._loadOpen();
  }

  private async _loadOpen(): Promise<void> {
    const route = this._router.route;
    this._open = route.view === 'conversation' ? await this.store.conversation(route.key) : undefined;
    if (route.view === 'conversation') document.title = `${this._open?.title ?? 'Conversation'} – Textkeep`;
    else document.title = 'Textkeep';
  }

  override render() {
    return html`
      <header class="bar">
        <h1>
          <a class="brand" href="/"><img src="/favicon.svg" alt="" />Textkeep</a>
        </h1>
      </header>
      <div class="content">
        ${this._problem ? html`<p class="problem" role="alert">${PROBLEM_TEXT[this._problem]}</p>` : nothing}
        ${this._renderBody()}
      </div>
      <footer>Textkeep ${__APP_VERSION__} · build <span class="build">${__BUILD_ID__}</span></footer>
      <tk-update-notice .state=${this._offline}></tk-update-notice>
    `;
  }

  private _renderBody() {
    const conversations = this._conversations;
    if (!conversations) return nothing;
    const route = this._router.route;
    if (conversations.length === 0 && route.view === 'home') {
      return html`<main class="body single"><tk-empty-state></tk-empty-state></main>`;
    }
    const narrow = this._narrow.matches;
    const showList = !narrow || route.view === 'home';
    const showPane = !narrow || route.view === 'conversation';
    const list = html`<aside>
      <tk-conversation-list
        .conversations=${conversations}
        .selectedKey=${route.view === 'conversation' ? route.key : undefined}
      ></tk-conversation-list>
    </aside>`;
    const pane = html`<main>
      ${
        route.view === 'conversation'
          ? html`<tk-conversation-pane .conversation=${this._open} ?narrow=${narrow}></tk-conversation-pane>`
          : html`<p class="pick">Choose a conversation to read it.</p>`
      }
    </main>`;
    return html`<div class="body ${narrow ? 'single' : ''}">
      ${showList ? list : nothing}${showPane ? pane : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-app-shell': TkAppShell;
  }
}
