import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { servicesContext, type AppServices } from '../context';
import type { AuthProblem, AuthService, AuthState } from '../services/auth';
import './tk-onedrive-dialog';
import type { TkOnedriveDialog } from './tk-onedrive-dialog';

/** Why the last sign-in did not happen, in the person's words. */
const PROBLEM_WORDS: Record<AuthProblem, string> = {
  cancelled:
    'Sign-in didn’t finish: it was cancelled, or Textkeep was not allowed to read your files. Nothing changed, and you can sign in again at any time.',
  offline: 'You’re offline, so Microsoft sign-in can’t start. Connect to the internet and try again.',
  failed: 'Microsoft sign-in didn’t work this time. Nothing changed; try again in a moment.',
};

/**
 * The "Sign in with Microsoft" area: the account once signed in, "Import from OneDrive" and "Sign out";
 * without a client id in the build, one paragraph on how to register the app; offline, what waits for a
 * connection.
 */
@customElement('tk-onedrive')
export class TkOnedrive extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    p {
      margin: 0 0 0.75rem;
    }
    .hint {
      color: var(--tk-muted);
      font-size: 0.9rem;
    }
    .alert {
      color: var(--tk-danger);
      font-weight: 600;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 0.75rem;
      align-items: center;
      margin-bottom: 0.75rem;
    }
    .account {
      overflow-wrap: anywhere;
    }
    code {
      overflow-wrap: anywhere;
    }
    button {
      font: inherit;
      font-weight: 600;
      padding: 0.5rem 1rem;
      border-radius: 999px;
      cursor: pointer;
      border: 2px solid var(--tk-primary);
      background: transparent;
      color: var(--tk-text);
    }
    button.primary {
      background: var(--tk-primary);
      color: var(--tk-on-primary);
    }
    button:disabled {
      opacity: 0.6;
      cursor: default;
    }
    button:focus-visible {
      outline: 3px solid var(--tk-focus);
      outline-offset: 2px;
    }
  `;

  @consume({ context: servicesContext }) private _services: AppServices | undefined;

  /** Microsoft sign-in. */
  private get auth(): AuthService | undefined {
    return this._services?.auth;
  }

  /** Set while an import runs. */
  @property({ type: Boolean }) busy = false;

  @state() private _state: AuthState = { phase: 'starting' };
  @state() private _online = navigator.onLine;

  @query('tk-onedrive-dialog') private readonly _dialog!: TkOnedriveDialog;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this._onConnection);
    window.addEventListener('offline', this._onConnection);
    this.auth?.addEventListener('change', this._onAuth);
    this._onAuth();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this._onConnection);
    window.removeEventListener('offline', this._onConnection);
    this.auth?.removeEventListener('change', this._onAuth);
  }

  private readonly _onAuth = (): void => {
    if (this.auth) this._state = this.auth.state;
  };

  private readonly _onConnection = (): void => {
    this._online = navigator.onLine;
  };

  override render() {
    const s = this._state;
    if (s.phase === 'unconfigured') return this._renderUnconfigured();
    if (s.phase === 'insecure') {
      return html`<p>
        Microsoft sign-in needs a secure connection: open Textkeep over https (or on this computer, as
        localhost) to import from OneDrive. Everything else works here.
      </p>`;
    }
    const offline = this._online
      ? nothing
      : html`<p class="hint" role="status">
          You’re offline. Signing in and OneDrive need a connection; everything already imported stays
          readable.
        </p>`;
    if (s.phase === 'signed-in') {
      return html`<p class="account">
          Signed in with Microsoft as <strong>${s.account.name}</strong> (${s.account.email}).
        </p>
        <div class="row">
          <button class="primary" ?disabled=${!this._online} @click=${this._onImport}>
            Import from OneDrive
          </button>
          <button @click=${this._onSignOut}>Sign out</button>
        </div>
        ${offline}
        <tk-onedrive-dialog ?busy=${this.busy}></tk-onedrive-dialog>`;
    }
    const problem = s.phase === 'signed-out' ? s.problem : undefined;
    return html`<p>
        Backups in OneDrive? Sign in with your Microsoft account to import them from there. Textkeep only
        reads your files, and only the ones you choose.
      </p>
      <div class="row">
        <button
          class="primary"
          ?disabled=${!this._online || s.phase === 'starting' || s.phase === 'redirecting'}
          @click=${this._onSignIn}
        >
          Sign in with Microsoft
        </button>
      </div>
      ${problem ? html`<p class="alert" role="alert">${PROBLEM_WORDS[problem]}</p>` : nothing} ${offline}`;
  }

  private _renderUnconfigured() {
    const redirect = new URL('/redirect.html', location.origin).href;
    return html`<p class="hint">
      Importing from OneDrive needs this copy of Textkeep to be registered with Microsoft. Whoever hosts it
      registers an app in the Microsoft Entra admin center (App registrations → New registration, for personal
      Microsoft accounts), adds the “Single-page application” platform with the redirect URI
      <code>${redirect}</code>, and builds Textkeep with the app’s Application (client) ID in
      <code>VITE_MSAL_CLIENT_ID</code>, as its README explains. Everything else works without it.
    </p>`;
  }

  private _onSignIn(): void {
    void this.auth?.signIn();
  }

  private _onSignOut(): void {
    void this.auth?.signOut();
  }

  private _onImport(): void {
    this._dialog.open();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-onedrive': TkOnedrive;
  }
}
