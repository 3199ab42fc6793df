/**
 * Microsoft sign-in with MSAL (redirect flow): who is signed in, and access tokens for Microsoft Graph.
 * MSAL is loaded on demand, so a build without a client id never loads it and the shell stays small.
 */
import type { AccountInfo, Configuration, IPublicClientApplication } from '@azure/msal-browser';
import {
  GRAPH_SCOPES,
  microsoftSettings,
  type MicrosoftEnv,
  type MicrosoftSettings,
} from './onedrive-config';

/** The signed-in person as the app shows them: MSAL's account, since `/me` would need more than Files.Read. */
export interface AuthAccount {
  name: string;
  email: string;
}

/** Why a sign-in did not happen: cancelled or consent refused, no connection, or another failure. */
export type AuthProblem = 'cancelled' | 'offline' | 'failed';

/** Where sign-in stands. */
export type AuthState =
  | { phase: 'unconfigured' }
  | { phase: 'insecure' }
  | { phase: 'starting' }
  | { phase: 'signed-out'; problem?: AuthProblem }
  | { phase: 'signed-in'; account: AuthAccount }
  | { phase: 'redirecting' };

/** Thrown when a token needs the person at Microsoft: the page is already navigating there. */
export class RedirectingError extends Error {
  override readonly name = 'RedirectingError';
  constructor() {
    super('Signing in again at Microsoft.');
  }
}

/** Server and MSAL error codes that mean the person stopped sign-in or refused the permission. */
const CANCELLED_CODES = new Set([
  'access_denied',
  'consent_required',
  'user_cancelled',
  'interaction_required',
]);

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'errorCode' in error ? String(error.errorCode) : '';
}

/** What a failed sign-in means for the person. */
export function problemOf(error: unknown): AuthProblem {
  const code = errorCode(error);
  if (CANCELLED_CODES.has(code)) return 'cancelled';
  const offline = typeof navigator !== 'undefined' && !navigator.onLine;
  if (code === 'no_network_connectivity' || code === 'endpoints_resolution_error' || offline) {
    return 'offline';
  }
  return 'failed';
}

/** The account as the app shows it (no id, no token). */
function shown(account: AccountInfo): AuthAccount {
  return { name: account.name ?? account.username, email: account.username };
}

/**
 * Sign-in, sign-out and Graph tokens. `start()` runs MSAL's handleRedirectPromise (on every load, so a
 * sign-in that just came back through redirect.html completes); a `change` event fires on every move.
 */
export class AuthService extends EventTarget {
  private _state: AuthState;
  private _app: IPublicClientApplication | undefined;
  private _started: Promise<void> | undefined;
  readonly settings: MicrosoftSettings | undefined;

  constructor(env: MicrosoftEnv = import.meta.env, origin = location.origin) {
    super();
    this.settings = microsoftSettings(env, origin);
    this._state = this.settings ? { phase: 'starting' } : { phase: 'unconfigured' };
  }

  /** The current state. */
  get state(): AuthState {
    return this._state;
  }

  /** Loads MSAL and completes a sign-in coming back from Microsoft; safe to call more than once. */
  start(): Promise<void> {
    this._started ??= this._start();
    return this._started;
  }

  private async _start(): Promise<void> {
    const settings = this.settings;
    if (!settings) return;
    let msal: typeof import('@azure/msal-browser');
    try {
      msal = await import('@azure/msal-browser');
      this._app = await msal.createStandardPublicClientApplication(configuration(settings, msal.LogLevel));
    } catch (error) {
      // MSAL needs WebCrypto, which plain http gives only on localhost: say "serve over https".
      this._set(
        errorCode(error) === 'crypto_nonexistent'
          ? { phase: 'insecure' }
          : { phase: 'signed-out', problem: 'failed' },
      );
      return;
    }
    let problem: AuthProblem | undefined;
    try {
      const result = await this._app.handleRedirectPromise();
      if (result?.account) this._app.setActiveAccount(result.account);
    } catch (error) {
      problem = problemOf(error);
    }
    const account = this._account();
    this._set(
      account
        ? { phase: 'signed-in', account: shown(account) }
        : problem
          ? { phase: 'signed-out', problem }
          : { phase: 'signed-out' },
    );
  }

  /** Goes to Microsoft to sign in (the page navigates away and comes back through redirect.html). */
  async signIn(): Promise<void> {
    await this.start();
    if (!this._app) return;
    if (!navigator.onLine) {
      this._set({ phase: 'signed-out', problem: 'offline' });
      return;
    }
    this._set({ phase: 'redirecting' });
    try {
      await this._app.loginRedirect({ scopes: [...GRAPH_SCOPES], prompt: 'select_account' });
    } catch (error) {
      this._set({ phase: 'signed-out', problem: problemOf(error) });
    }
  }

  /**
   * An access token for Microsoft Graph: from MSAL's cache, or refreshed with the refresh token; when that no
   * longer works (expired, consent withdrawn), the page goes to Microsoft, which signs the person in again
   * (usually without a click) and comes back, and this throws RedirectingError. MSAL's hidden-frame renewal
   * is not used: browsers that block third-party cookies make it wait and fail.
   */
  async accessToken(forceRefresh = false): Promise<string> {
    await this.start();
    const app = this._app;
    const account = this._account();
    if (!app || !account) throw new Error('Not signed in.');
    const { CacheLookupPolicy } = await import('@azure/msal-browser');
    try {
      const result = await app.acquireTokenSilent({
        scopes: [...GRAPH_SCOPES],
        account,
        cacheLookupPolicy: forceRefresh
          ? CacheLookupPolicy.RefreshToken
          : CacheLookupPolicy.AccessTokenAndRefreshToken,
      });
      return result.accessToken;
    } catch (error) {
      if (problemOf(error) === 'offline') throw error;
      this._set({ phase: 'redirecting' });
      await app.acquireTokenRedirect({ scopes: [...GRAPH_SCOPES], account });
      throw new RedirectingError();
    }
  }

  /** Forgets the account and every token on this device; imported messages are not touched. */
  async signOut(): Promise<void> {
    await this.start();
    const app = this._app;
    if (!app) return;
    await app.clearCache();
    app.setActiveAccount(null);
    this._set({ phase: 'signed-out' });
  }

  private _account(): AccountInfo | undefined {
    return this._app?.getActiveAccount() ?? this._app?.getAllAccounts()[0] ?? undefined;
  }

  private _set(state: AuthState): void {
    this._state = state;
    this.dispatchEvent(new Event('change'));
  }
}

/** MSAL's configuration: the redirect bridge, a cache that survives the tab, and no logging at all. */
function configuration(
  settings: MicrosoftSettings,
  levels: typeof import('@azure/msal-browser').LogLevel,
): Configuration {
  return {
    auth: {
      clientId: settings.clientId,
      authority: settings.authority,
      redirectUri: settings.redirectUri,
      postLogoutRedirectUri: null,
    },
    cache: { cacheLocation: 'localStorage' },
    system: {
      // Nothing is logged: MSAL's messages can carry account names and request details.
      loggerOptions: { logLevel: levels.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
    },
  };
}
