import { getCountries } from 'libphonenumber-js/min';
import { regionFromLocale, type CountryCode } from '../model/address';
import type { ImportRecord } from '../model/types';
import { isTimesChoice, type TimesChoice } from '../model/shown-time';
import type { TextkeepStore } from './store';

/** The theme choices, as settings store them. */
export const THEMES = ['system', 'light', 'dark'] as const;
/** A theme choice. */
export type Theme = (typeof THEMES)[number];

/** Whether a stored value is a theme choice. */
export const isTheme = (value: unknown): value is Theme =>
  typeof value === 'string' && (THEMES as readonly string[]).includes(value);

const REGION = 'region';
const THEME = 'theme';
const TIMES = 'times';
const isRegion = (value: unknown): value is CountryCode =>
  typeof value === 'string' && /^[A-Z]{2}$/.test(value);

/** The person's settings, stored in the database; defaults come from the browser. */
export class SettingsService extends EventTarget {
  constructor(private readonly _store: TextkeepStore) {
    super();
  }

  /** The region whose numbers are written without a country code: settings, else the browser's locale. */
  async region(): Promise<CountryCode> {
    const fallback = regionFromLocale(navigator.language || 'en-US');
    try {
      return await (await this._store.repositories()).settings.get(REGION, isRegion, fallback);
    } catch {
      return fallback;
    }
  }

  /** Stores the default region (applies to archives imported from now on). */
  async setRegion(region: CountryCode): Promise<void> {
    await (await this._store.repositories()).settings.set(REGION, region);
    this.dispatchEvent(new Event('change'));
  }

  /** The colour theme chosen in settings ('system' until one is). */
  async theme(): Promise<Theme> {
    try {
      return await (await this._store.repositories()).settings.get(THEME, isTheme, 'system');
    } catch {
      return 'system';
    }
  }

  /** Stores the colour theme. */
  async setTheme(theme: Theme): Promise<void> {
    await (await this._store.repositories()).settings.set(THEME, theme);
    this.dispatchEvent(new Event('change'));
  }

  /** Which clock message times are shown by ('phone', as on the phone, until another is chosen). */
  async times(): Promise<TimesChoice> {
    try {
      return await (await this._store.repositories()).settings.get(TIMES, isTimesChoice, 'phone');
    } catch {
      return 'phone';
    }
  }

  /** Stores which clock message times are shown by. */
  async setTimes(times: TimesChoice): Promise<void> {
    await (await this._store.repositories()).settings.set(TIMES, times);
    this.dispatchEvent(new Event('change'));
  }

  /** The time zone local wall-clock archives (vMessage) are read in: the device's. */
  timeZone(): string {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  /** The import history, newest first. */
  async importHistory(): Promise<ImportRecord[]> {
    return (await this._store.repositories()).imports.listNewestFirst();
  }
}

/** Every region phone numbers can be read for, with its name in the person's language, sorted by name. */
export function regionChoices(locale?: string): { code: CountryCode; name: string }[] {
  const names = new Intl.DisplayNames(locale ? [locale] : undefined, { type: 'region' });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
