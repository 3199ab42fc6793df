import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Tracks a media query (e.g. phone-sized screens) and re-renders its host when it flips. */
export class MediaQueryController implements ReactiveController {
  /** Whether the query matches now. */
  matches = false;
  private readonly _query: MediaQueryList;
  private readonly _onChange = (): void => {
    this.matches = this._query.matches;
    this._host.requestUpdate();
  };

  constructor(
    private readonly _host: ReactiveControllerHost,
    query: string,
  ) {
    this._query = window.matchMedia(query);
    this.matches = this._query.matches;
    _host.addController(this);
  }

  hostConnected(): void {
    this._query.addEventListener('change', this._onChange);
    this._onChange();
  }

  hostDisconnected(): void {
    this._query.removeEventListener('change', this._onChange);
  }
}
