import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the shortcuts do; the host knows its elements and its route. */
export interface ShortcutActions {
  /** Puts the keyboard in a search box; false when none is shown (the key then does nothing). */
  focusSearch: () => boolean;
  /** Escape outside a dialog: the host goes back, where that means something (a phone in a conversation). */
  back: () => void;
}

/**
 * The app's keys, heard on the whole window: "/" to search, Escape to go back. Neither fires while the person
 * types (a box, an editable area) or holds a modifier, so "/" and Escape keep their usual meaning there.
 */
export class ShortcutsController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly _actions: ShortcutActions,
    private readonly _target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this._target.addEventListener('keydown', this._onKey);
  }

  hostDisconnected(): void {
    this._target.removeEventListener('keydown', this._onKey);
  }

  private readonly _onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const path = event.composedPath();
    const target = path[0];
    const typing =
      target instanceof HTMLElement &&
      (target.isContentEditable || target.matches('input, textarea, select'));
    if (typing) return;
    if (event.key === '/') {
      if (this._actions.focusSearch()) event.preventDefault();
    } else if (event.key === 'Escape' && !path.some((node) => node instanceof HTMLDialogElement)) {
      this._actions.back();
    }
  };
}
