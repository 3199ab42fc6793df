import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveControllerHost } from 'lit';
import { ShortcutsController } from './shortcuts-controller';

// The page's element classes, as far as the controller looks at them (the tests run without a DOM).
class FakeElement {
  isContentEditable = false;
  constructor(private readonly _tag = 'div') {}
  matches(selectors: string): boolean {
    return selectors.split(',').some((s) => s.trim() === this._tag);
  }
}
class FakeDialog extends FakeElement {}

/** A keydown on `path[0]`, bubbling through the rest of `path`. */
function key(key: string, path: object[], modifiers: Partial<KeyboardEvent> = {}) {
  const event = {
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    defaultPrevented: false,
    composedPath: () => path,
    /** How many times `preventDefault` was called. */
    prevented: 0,
    preventDefault: () => {
      event.prevented++;
    },
    ...modifiers,
  };
  return event as typeof event & KeyboardEvent;
}

const host = { addController: () => undefined } as unknown as ReactiveControllerHost;

function shortcuts(found = true) {
  let listener: ((event: KeyboardEvent) => void) | undefined;
  const target = {
    addEventListener: (_type: string, l: (event: KeyboardEvent) => void) => (listener = l),
    removeEventListener: () => (listener = undefined),
  } as unknown as Window;
  const actions = { focusSearch: vi.fn(() => found), back: vi.fn() };
  const controller = new ShortcutsController(host, actions, target);
  controller.hostConnected();
  const press = (event: KeyboardEvent): void => listener?.(event);
  return { actions, press, controller };
}

beforeEach(() => {
  vi.stubGlobal('HTMLElement', FakeElement);
  vi.stubGlobal('HTMLDialogElement', FakeDialog);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ShortcutsController', () => {
  it('"/" outside a box puts the keyboard in a search box and keeps the "/" out of it', () => {
    const { actions, press } = shortcuts();
    const event = key('/', [new FakeElement('a')]);
    press(event);
    expect(actions.focusSearch).toHaveBeenCalledOnce();
    expect(event.prevented).toBe(1);
  });

  it('"/" leaves the key alone when no search box is shown', () => {
    const { press } = shortcuts(false);
    const event = key('/', [new FakeElement('a')]);
    press(event);
    expect(event.prevented).toBe(0);
  });

  it.each(['input', 'textarea', 'select'])('"/" while typing in a %s does nothing', (tag) => {
    const { actions, press } = shortcuts();
    const event = key('/', [new FakeElement(tag), new FakeElement()]);
    press(event);
    expect(actions.focusSearch).not.toHaveBeenCalled();
    expect(event.prevented).toBe(0);
  });

  it('"/" in an editable area, or with a modifier key, does nothing', () => {
    const { actions, press } = shortcuts();
    const editable = Object.assign(new FakeElement(), { isContentEditable: true });
    press(key('/', [editable]));
    press(key('/', [new FakeElement()], { ctrlKey: true }));
    press(key('/', [new FakeElement()], { metaKey: true }));
    press(key('/', [new FakeElement()], { altKey: true }));
    press(key('/', [new FakeElement()], { defaultPrevented: true }));
    expect(actions.focusSearch).not.toHaveBeenCalled();
  });

  it('Escape goes back, but not inside a dialog, not while typing and not with a modifier key', () => {
    const { actions, press } = shortcuts();
    press(key('Escape', [new FakeElement('button'), new FakeDialog('dialog')]));
    press(key('Escape', [new FakeElement('input')]));
    press(key('Escape', [new FakeElement()], { altKey: true }));
    expect(actions.back).not.toHaveBeenCalled();
    press(key('Escape', [new FakeElement('a'), new FakeElement()]));
    expect(actions.back).toHaveBeenCalledOnce();
  });

  it('stops listening when the host goes away', () => {
    const { actions, press, controller } = shortcuts();
    controller.hostDisconnected();
    press(key('/', [new FakeElement()]));
    expect(actions.focusSearch).not.toHaveBeenCalled();
  });
});
