import { Workbox } from 'workbox-window';

/** What the service worker means for the person: nothing yet, offline-ready, or a new version waiting. */
export type OfflineState = 'pending' | 'offline-ready' | 'update-available' | 'unsupported';

/**
 * The one place the service worker is registered (workbox-window). It tells the page when the app is ready
 * to work offline and when a new version waits; `applyUpdate` activates the new version and reloads.
 */
export class ServiceWorkerRegistrationService extends EventTarget {
  private _state: OfflineState = 'pending';
  private _workbox: Workbox | undefined;

  /** The current state; a `change` event fires whenever it moves. */
  get state(): OfflineState {
    return this._state;
  }

  /** Registers `/sw.js` (production builds only: the dev server has no service worker). */
  async register(scriptUrl = '/sw.js'): Promise<void> {
    if (!('serviceWorker' in navigator) || !import.meta.env.PROD) {
      this._set('unsupported');
      return;
    }
    const workbox = new Workbox(scriptUrl, { scope: '/', type: 'classic' });
    this._workbox = workbox;
    workbox.addEventListener('installed', (event) => {
      if (!event.isUpdate) this._set('offline-ready');
    });
    workbox.addEventListener('waiting', () => {
      this._set('update-available');
    });
    await workbox.register();
  }

  /** Activates the waiting version and reloads the page once it has taken control. */
  applyUpdate(): void {
    const workbox = this._workbox;
    if (!workbox) return;
    workbox.addEventListener('controlling', () => {
      window.location.reload();
    });
    workbox.messageSkipWaiting();
  }

  private _set(state: OfflineState): void {
    this._state = state;
    this.dispatchEvent(new Event('change'));
  }
}
