/** The colour theme: follows the system unless the person picked one in settings. */
import { isTheme, type SettingsService, type Theme } from './settings';

export { THEMES, type Theme } from './settings';

// A copy of the choice in localStorage: IndexedDB answers only asynchronously, after the first frame, so the
// stored theme would flash the system one first. The database stays the record; this is only a cache.
const MIRROR_KEY = 'textkeep-theme';

// The browser bar's colour per theme; the same values index.html gives its theme-color metas.
const BAR_COLOUR = { light: '#0f766e', dark: '#0c1514' } as const;

/**
 * Applies the theme chosen in settings to the document: `data-theme` on the root (theme.css reads it) and the
 * browser bar's colour; follows the system when none is chosen.
 */
export class ThemeService {
  constructor(
    private readonly _settings: SettingsService,
    private readonly _root: HTMLElement = document.documentElement,
  ) {}

  /** Applies the stored choice: synchronously from this device's copy (the first frame has it), then the record's. */
  async start(): Promise<void> {
    let saved: string | null = null;
    try {
      saved = localStorage.getItem(MIRROR_KEY);
    } catch {
      // Storage can be refused (some private modes): the system theme is then the right default.
    }
    this._apply(isTheme(saved) ? saved : 'system');
    this._apply(await this._settings.theme());
  }

  /** Applies a theme now and stores it as the choice. */
  async choose(theme: Theme): Promise<void> {
    this._apply(theme);
    await this._settings.setTheme(theme);
  }

  private _apply(theme: Theme): void {
    if (theme === 'system') delete this._root.dataset.theme;
    else this._root.dataset.theme = theme;
    for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
      const dark = theme === 'dark' || (theme === 'system' && meta.media.includes('dark'));
      meta.content = dark ? BAR_COLOUR.dark : BAR_COLOUR.light;
    }
    try {
      if (theme === 'system') localStorage.removeItem(MIRROR_KEY);
      else localStorage.setItem(MIRROR_KEY, theme);
    } catch {
      // Without storage the choice still holds for this visit; the database copy restores it on the next.
    }
  }
}
