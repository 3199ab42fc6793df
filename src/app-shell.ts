import { provide } from '@lit/context';
import { servicesContext, type AppServices } from './context';
import { LitElement, html, nothing } from 'lit';
import { appShellStyles } from './app-shell.styles';
import { customElement, query, state } from 'lit/decorators.js';
import './components/tk-conversation-list';
import './components/tk-search';
import './components/tk-conversation-view';
import { ConversationData } from './services/conversation-data';
import { RegroupService } from './services/regroup';
import { SearchService } from './services/search';
import './components/tk-empty-state';
import './components/tk-fit-dialog';
import './components/tk-import-status';
import './components/tk-settings';
import './components/tk-update-notice';
import './components/tk-onedrive';
import { TimesChangeEvent, UpdateAcceptEvent } from './components/events';
import { FileDropController } from './controllers/file-drop-controller';
import { ImportFlow } from './controllers/import-flow';
import { MediaQueryController } from './controllers/media-query-controller';
import { SettingsPane } from './controllers/settings-pane';
import { ShortcutsController } from './controllers/shortcuts-controller';
import type { Conversation } from './model/types';
import { ExportService } from './services/export';
import { AuthService } from './services/auth';
import { ImportService, type ImportState } from './services/import';
import { OneDriveService } from './services/onedrive';
import { Router, opaqueRoute, type ConversationRoute } from './services/router';
import { SettingsService } from './services/settings';
import type { TimesChoice } from './model/shown-time';
import { PROBLEM_TEXT, TextkeepStore, type StoreProblem } from './services/store';
import { ServiceWorkerRegistrationService, type OfflineState } from './services/sw-registration';
import { ThemeService } from './services/theme';

/** The performance mark set when the shell first shows content (read by `npm run bench`). */
export const SHELL_READY_MARK = 'tk-shell-ready';

/** The root: creates the services once, provides them by context, routes, and lays out the panes. */
@customElement('tk-app-shell')
export class TkAppShell extends LitElement {
  static override styles = appShellStyles;

  readonly store = new TextkeepStore();
  private readonly _router = new Router();
  private readonly _conversationData = new ConversationData(this.store);
  private readonly _search = new SearchService(this.store);
  private readonly _serviceWorker = new ServiceWorkerRegistrationService();
  private readonly _narrow = new MediaQueryController(this, '(max-width: 47.99rem)');
  private readonly _settings = new SettingsService(this.store);
  private readonly _import = new ImportService(this.store, async () => ({
    region: await this._settings.region(),
    timeZone: this._settings.timeZone(),
  }));
  private readonly _drop = new FileDropController(this, (files) => this._flow.importFiles(files));
  private readonly _auth = new AuthService();
  private readonly _onedrive = new OneDriveService(this._auth, this._import, () =>
    this._settings.importHistory(),
  );
  private readonly _flow = new ImportFlow(this, this._import, this._onedrive, {
    askFit: (question) => this.updateComplete.then(() => this._fitEl?.ask(question) ?? false),
    persist: () => this._pane.persist(),
  });
  private readonly _regroup = new RegroupService(this.store, this._search, this._import);
  private readonly _theme = new ThemeService(this._settings);
  private readonly _pane = new SettingsPane(this, {
    store: this.store,
    settings: this._settings,
    theme: this._theme,
    regroup: this._regroup,
  });
  private readonly _export = new ExportService(
    this._conversationData,
    () => this._settings.timeZone(),
    () => this._settings.times(),
  );
  @provide({ context: servicesContext }) readonly services: AppServices = {
    data: this._conversationData,
    search: this._search,
    exporter: this._export,
    auth: this._auth,
    onedrive: this._onedrive,
  };

  @state() private _conversations: Conversation[] | undefined;
  @state() private _open: Conversation | undefined;
  @state() private _offline: OfflineState = 'pending';
  @state() private _problem: StoreProblem | undefined;
  @state() private _importState: ImportState = { phase: 'idle' };
  @state() private _times: TimesChoice = 'phone';
  @state() private _exporting = false;
  @query('tk-search') private readonly _searchEl!: HTMLElementTagNameMap['tk-search'] | null;
  @query('tk-conversation-list') private readonly _listEl!:
    HTMLElementTagNameMap['tk-conversation-list'] | null;
  @query('tk-fit-dialog') private readonly _fitEl!: HTMLElementTagNameMap['tk-fit-dialog'] | null;

  constructor() {
    super();
    // "/" searches messages, else conversations; Escape on a phone goes from a conversation to the list.
    new ShortcutsController(this, {
      focusSearch: () => this._searchEl?.focusSearch() === true || this._listEl?.focusSearch() === true,
      back: () => {
        if (this._narrow.matches && this._router.route.view === 'conversation')
          this._router.go({ view: 'home' });
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._theme.start(); // synchronous up to its first await: the first frame has the chosen theme
    this.addEventListener('click', (event) => this._router.handleClick(event));
    this.addEventListener(UpdateAcceptEvent.type, () => this._serviceWorker.applyUpdate());
    this.addEventListener(TimesChangeEvent.type, (event) => void this._settings.setTimes(event.times));
    this._import.addEventListener('change', () => (this._importState = this._import.state));
    this._export.addEventListener('change', () => (this._exporting = this._export.running));
    window.addEventListener('beforeunload', this._onBeforeUnload);
    this._settings.addEventListener('change', () => void this._loadSettings());
    void this._loadTimes();
    this._router.addEventListener('change', () => {
      // The route itself is not reactive state: a change that loads nothing new (Settings → home) must still
      // draw the new view.
      this.requestUpdate();
      void this._loadOpen();
    });
    this.store.addEventListener('change', () => void this._load());
    this.store.addEventListener('problem', () => (this._problem = this.store.problem));
    this._serviceWorker.addEventListener('change', () => (this._offline = this._serviceWorker.state));
    void this._load();
    this._flow.takeHandedFiles();
    void this._export.removeStale();
    // Every load: a Microsoft sign-in coming back through redirect.html completes here.
    void this._auth.start();
    this._serviceWorker.register().catch(() => {
      // Without a service worker the app still works online; the notice simply never says "offline".
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this._onBeforeUnload);
  }

  /** What runs that a reload or a new version must not cut short. */
  private _busy(): 'import' | 'export' | undefined {
    return this._import.running ? 'import' : this._exporting ? 'export' : undefined;
  }

  /** Closing or reloading the tab during an import or export asks first (what was stored stays either way). */
  private readonly _onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (this._busy()) event.preventDefault();
  };

  override updated(): void {
    // The benchmark's "shell ready" moment: the first frame that shows the person's data (or the welcome).
    if (this._conversations && performance.getEntriesByName(SHELL_READY_MARK).length === 0) {
      performance.mark(SHELL_READY_MARK);
    }
  }

  private async _load(): Promise<void> {
    this._conversations = await this.store.conversations().catch(() => []);
    await this._loadOpen();
  }

  private async _loadSettings(): Promise<void> {
    await this._loadTimes();
    await this._pane.load();
  }

  /** The "Times" choice the conversation, search and exports show times by. */
  private async _loadTimes(): Promise<void> {
    this._times = await this._settings.times();
  }

  private async _loadOpen(): Promise<void> {
    const route = this._router.route;
    if (route.view === 'settings') await this._loadSettings();
    this._open = route.view === 'conversation' ? await this._resolve(route) : undefined;
    // The title stays "Textkeep" everywhere (index.html): the browser's history keeps titles after the data is
    // deleted, so a conversation's name is shown only inside the page (issue 12).
  }

  /**
   * The conversation a URL names: by its opaque id or, in an address from before issue 12 (bookmarks, an
   * installed app's last place), by its key; such an address is then rewritten once, in place, to the opaque
   * form.
   */
  private async _resolve(route: ConversationRoute): Promise<Conversation | undefined> {
    const found = await this.store.conversationById(route.id);
    if (found) return found;
    const legacy = await this.store.conversation(route.id);
    if (legacy && this._router.route === route) this._router.replace(opaqueRoute(route, legacy));
    return legacy;
  }

  override render() {
    return html`
      <header class="bar">
        <h1>
          <a class="brand" href="/"><img src="/favicon.svg" alt="" />Textkeep</a>
        </h1>
        <span class="spacer"></span>
        ${
          this._conversations?.length
            ? html`<button class="bar-button" ?disabled=${this._import.running} @click=${this._flow.choose}>
                Import<span class="wide"> messages</span>
              </button>`
            : nothing
        }
        <a class="bar-link" href="/settings">Settings</a>
      </header>
      <div class="content">
        ${this._problem ? html`<p class="problem" role="alert">${PROBLEM_TEXT[this._problem]}</p>` : nothing}
        <tk-import-status
          .state=${this._importState}
          .waitingFiles=${this._flow.waitingFiles}
        ></tk-import-status>
        ${this._renderBody()}
      </div>
      ${this._drop.dragging ? html`<div class="drop" aria-hidden="true">Drop to import</div>` : nothing}
      <footer>Textkeep ${__APP_VERSION__} · build <span class="build">${__BUILD_ID__}</span></footer>
      <tk-fit-dialog></tk-fit-dialog>
      <tk-update-notice .state=${this._offline} .busy=${this._busy()}></tk-update-notice>
    `;
  }

  private _renderBody() {
    const conversations = this._conversations;
    if (!conversations) return nothing;
    const route = this._router.route;
    if (route.view === 'settings') {
      const options = {
        times: this._times,
        importing: this._import.running,
        empty: conversations.length === 0,
      };
      return html`<main class="body single">${this._pane.render(options)}</main>`;
    }
    if (conversations.length === 0 && route.view === 'home') {
      return html`<main class="body single">
        <tk-empty-state ?busy=${this._import.running}
          ><tk-onedrive ?busy=${this._import.running}></tk-onedrive
        ></tk-empty-state>
      </main>`;
    }
    const narrow = this._narrow.matches;
    const showList = !narrow || route.view === 'home';
    const showPane = !narrow || route.view === 'conversation';
    // Kept (hidden) while a phone shows a conversation, so the list keeps its place and its filter.
    const list = html`<aside ?hidden=${!showList}>
      <tk-search .conversations=${conversations} .times=${this._times}></tk-search>
      <tk-conversation-list
        .conversations=${conversations}
        .selectedKey=${route.view === 'conversation' ? this._open?.key : undefined}
      ></tk-conversation-list>
    </aside>`;
    const pane = html`<main>
      ${
        route.view === 'conversation'
          ? html`<tk-conversation-view
              .conversation=${this._open}
              .messageToken=${route.message}
              .times=${this._times}
              ?narrow=${narrow}
            ></tk-conversation-view>`
          : html`<p class="pick">Choose a conversation to read it.</p>`
      }
    </main>`;
    return html`<div class="body ${narrow ? 'single' : ''}">${list}${showPane ? pane : nothing}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-app-shell': TkAppShell;
  }
}
