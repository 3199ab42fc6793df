/**
 * Where Microsoft sign-in and OneDrive requests may go, from the build's VITE_MSAL_* settings. The same
 * figures feed the Content-Security-Policy (vite.config.ts), so the browser itself refuses any other host.
 */

/** Personal Microsoft accounts (OneDrive personal): the authority used when none is configured. */
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/consumers';

/** Microsoft Graph, the only API the app calls. */
export const GRAPH_ROOT = 'https://graph.microsoft.com/v1.0';

/** The one permission asked for: read the person's files. */
export const GRAPH_SCOPES: readonly string[] = ['Files.Read'];

/** The path of the redirect bridge page, relative to the app's origin. */
export const REDIRECT_PATH = '/redirect.html';

declare global {
  /** The build's Microsoft settings (see README, "Sign in with Microsoft / OneDrive"). */
  interface ImportMetaEnv {
    readonly VITE_MSAL_CLIENT_ID?: string;
    readonly VITE_MSAL_AUTHORITY?: string;
    readonly VITE_MSAL_REDIRECT_URI?: string;
  }
}

/** What the build was given: a client id, an authority and a redirect URI (each may be missing). */
export interface MicrosoftEnv {
  VITE_MSAL_CLIENT_ID?: string | undefined;
  VITE_MSAL_AUTHORITY?: string | undefined;
  VITE_MSAL_REDIRECT_URI?: string | undefined;
}

/** The sign-in settings in effect. */
export interface MicrosoftSettings {
  clientId: string;
  authority: string;
  redirectUri: string;
}

/** A setting's value, trimmed; undefined when empty. */
function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim() ?? '';
  return trimmed.length > 0 ? trimmed : undefined;
}

/** The settings, or undefined when no client id was configured (the OneDrive feature then explains itself). */
export function microsoftSettings(env: MicrosoftEnv, origin: string): MicrosoftSettings | undefined {
  const clientId = nonEmpty(env.VITE_MSAL_CLIENT_ID);
  if (!clientId) return undefined;
  return {
    clientId,
    authority: authorityOf(env),
    redirectUri: nonEmpty(env.VITE_MSAL_REDIRECT_URI) ?? new URL(REDIRECT_PATH, origin).href,
  };
}

/** The configured authority (https, no trailing slash), or the default one; throws on a non-https value. */
export function authorityOf(env: MicrosoftEnv): string {
  const value = nonEmpty(env.VITE_MSAL_AUTHORITY) ?? DEFAULT_AUTHORITY;
  const url = new URL(value);
  if (url.protocol !== 'https:') throw new Error(`VITE_MSAL_AUTHORITY must be an https URL, not ${value}`);
  return url.href.replace(/\/+$/, '');
}

/** Whether the authority signs in personal accounts only (their files download from *.files.1drv.com). */
function personalOnly(authority: string): boolean {
  return /\/(consumers|9188040d-6c67-4c5b-b112-36a304b66dad)$/i.test(authority);
}

/** Host suffixes OneDrive hands out download URLs on: personal OneDrive, and SharePoint for work accounts. */
export function downloadHostSuffixes(authority: string): string[] {
  return personalOnly(authority) ? ['.files.1drv.com'] : ['.files.1drv.com', '.sharepoint.com'];
}

/** `url` parsed, or undefined when it is not a URL. */
function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Whether `url` is a Microsoft Graph URL (paging links included). */
export function isGraphUrl(url: string): boolean {
  return parse(url)?.origin === new URL(GRAPH_ROOT).origin;
}

/** Whether `url` is a OneDrive download URL for this authority's accounts. */
export function isDownloadUrl(url: string, authority: string): boolean {
  const parsed = parse(url);
  if (parsed?.protocol !== 'https:') return false;
  return downloadHostSuffixes(authority).some((suffix) => parsed.hostname.endsWith(suffix));
}

/** The `connect-src` sources sign-in and OneDrive need, for the Content-Security-Policy. */
export function microsoftConnectSources(authority: string): string[] {
  return [
    new URL(authority).origin,
    new URL(GRAPH_ROOT).origin,
    ...downloadHostSuffixes(authority).map((suffix) => `https://*${suffix}`),
  ];
}
