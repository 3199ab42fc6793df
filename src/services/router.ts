/** A place in the app, as the URL says it. */
export type Route =
  { view: 'home' } | { view: 'settings' } | { view: 'conversation'; key: string; messageId?: string };

const CONVERSATION_PREFIX = '/conversations/';
const MESSAGE_INFIX = '/messages/';
const SETTINGS_PATH = '/settings';

/** The URL path of a route. */
export function pathOf(route: Route): string {
  if (route.view === 'conversation') {
    const conversation = CONVERSATION_PREFIX + encodeURIComponent(route.key);
    return route.messageId
      ? conversation + MESSAGE_INFIX + encodeURIComponent(route.messageId)
      : conversation;
  }
  return route.view === 'settings' ? SETTINGS_PATH : '/';
}

/** The URL path of one message in its conversation (what a search result links to). */
export function messagePath(key: string, messageId: string): string {
  return pathOf({ view: 'conversation', key, messageId });
}

/** The route a URL path names; anything unknown is home. */
export function routeOf(pathname: string): Route {
  if (pathname === SETTINGS_PATH) return { view: 'settings' };
  if (pathname.startsWith(CONVERSATION_PREFIX)) {
    try {
      // Both parts are encoded, so neither holds a "/": the first one after the prefix ends the key.
      const rest = pathname.slice(CONVERSATION_PREFIX.length);
      const slash = rest.indexOf('/');
      const key = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
      const tail = slash < 0 ? '' : rest.slice(slash);
      const rawId = tail.startsWith(MESSAGE_INFIX) ? tail.slice(MESSAGE_INFIX.length) : '';
      if (key && rawId && !rawId.includes('/'))
        return { view: 'conversation', key, messageId: decodeURIComponent(rawId) };
      if (key) return { view: 'conversation', key };
    } catch {
      // A malformed escape in a hand-typed URL: fall through to home.
    }
  }
  return { view: 'home' };
}

/**
 * Keeps the route in the URL, so reload, back/forward and an installed app reopening all keep the place.
 * Same-origin link clicks inside the app navigate without a page load; a `change` event follows each move.
 */
export class Router extends EventTarget {
  private _route: Route = routeOf(window.location.pathname);

  constructor() {
    super();
    window.addEventListener('popstate', () => {
      this._set(routeOf(window.location.pathname));
    });
  }

  /** Where the app is. */
  get route(): Route {
    return this._route;
  }

  /** Goes to a route, adding a history entry. */
  go(route: Route): void {
    const path = pathOf(route);
    if (path !== window.location.pathname) window.history.pushState(null, '', path);
    this._set(route);
  }

  /** Handles a click on an in-app link (composed path, so links inside shadow roots count). */
  handleClick(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    const anchor = event
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    this.go(routeOf(url.pathname));
  }

  private _set(route: Route): void {
    this._route = route;
    this.dispatchEvent(new Event('change'));
  }
}
