import { messageToken } from '../model/opaque-id';
import type { Conversation } from '../model/types';

/**
 * A place in the app, as the URL says it. A conversation is named by its opaque `id` and a message by its
 * token (model/opaque-id.ts), never by a number, a name or text: the browser's history outlives the data.
 */
export type Route = { view: 'home' } | { view: 'settings' } | ConversationRoute;

/** A conversation, and perhaps one message of it, as the URL names them. */
export interface ConversationRoute {
  view: 'conversation';
  /** The conversation's opaque id (or, in an address from before issue 12, its key: see `opaqueRoute`). */
  id: string;
  /** The token of the message to open at (or, in an old address, the message's id). */
  message?: string;
}

const CONVERSATION_PREFIX = '/conversations/';
const MESSAGE_INFIX = '/messages/';
const SETTINGS_PATH = '/settings';

/** The URL path of a route. */
export function pathOf(route: Route): string {
  if (route.view === 'conversation') {
    const conversation = CONVERSATION_PREFIX + encodeURIComponent(route.id);
    return route.message ? conversation + MESSAGE_INFIX + encodeURIComponent(route.message) : conversation;
  }
  return route.view === 'settings' ? SETTINGS_PATH : '/';
}

/** The URL path of a conversation (what the conversation list links to). */
export function conversationPath(conversation: Pick<Conversation, 'id'>): string {
  return pathOf({ view: 'conversation', id: conversation.id });
}

/** The URL path of one message in its conversation (what a search result links to). */
export function messagePath(conversation: Pick<Conversation, 'id' | 'salt'>, messageId: string): string {
  return pathOf({
    view: 'conversation',
    id: conversation.id,
    message: messageToken(conversation.salt, messageId),
  });
}

/**
 * The opaque form of an address from before issue 12 (`/conversations/<key>/messages/<message id>`, still in
 * bookmarks and in an installed app's last place), once `conversation` was found by the key it names.
 */
export function opaqueRoute(legacy: ConversationRoute, conversation: Conversation): ConversationRoute {
  return legacy.message
    ? { view: 'conversation', id: conversation.id, message: messageToken(conversation.salt, legacy.message) }
    : { view: 'conversation', id: conversation.id };
}

/** The route a URL path names; anything unknown is home. */
export function routeOf(pathname: string): Route {
  if (pathname === SETTINGS_PATH) return { view: 'settings' };
  if (pathname.startsWith(CONVERSATION_PREFIX)) {
    try {
      // Both parts are encoded, so neither holds a "/": the first one after the prefix ends the id.
      const rest = pathname.slice(CONVERSATION_PREFIX.length);
      const slash = rest.indexOf('/');
      const id = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
      const tail = slash < 0 ? '' : rest.slice(slash);
      const rawMessage = tail.startsWith(MESSAGE_INFIX) ? tail.slice(MESSAGE_INFIX.length) : '';
      if (id && rawMessage && !rawMessage.includes('/'))
        return { view: 'conversation', id, message: decodeURIComponent(rawMessage) };
      if (id) return { view: 'conversation', id };
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

  /**
   * Puts a route in place of the current history entry (no new entry), keeping the query: how an old
   * address is rewritten to its opaque form.
   */
  replace(route: Route): void {
    const path = pathOf(route);
    if (path !== window.location.pathname)
      window.history.replaceState(
        window.history.state,
        '',
        path + window.location.search + window.location.hash,
      );
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
