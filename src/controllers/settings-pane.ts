import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import {
  DeleteAllDataEvent,
  PersistRequestEvent,
  RegionChangeEvent,
  RegroupRequestEvent,
  ThemeChangeEvent,
} from '../components/events';
import type { CountryCode } from '../model/address';
import type { TimesChoice } from '../model/shown-time';
import type { ImportRecord } from '../model/types';
import { deleteAllData, type ResetState } from '../services/data-reset';
import type { RegroupService } from '../services/regroup';
import type { SettingsService } from '../services/settings';
import { requestPersistentStorage, storageFigures, type StorageFigures } from '../services/storage';
import type { TextkeepStore } from '../services/store';
import type { Theme, ThemeService } from '../services/theme';

/** What the Settings pane needs from the root. */
export interface SettingsPaneServices {
  store: TextkeepStore;
  settings: SettingsService;
  theme: ThemeService;
  regroup: RegroupService;
}

/**
 * The Settings pane's state and the app-level changes it asks for (region, re-grouping, theme, persistent
 * storage, "Delete all data"): kept out of the shell, which only places the pane. "Times" stays with the shell,
 * as the conversation and search show times by it too. The elements it places are defined by the shell.
 */
export class SettingsPane implements ReactiveController {
  region: CountryCode | undefined;
  private _history: ImportRecord[] = [];
  private _theme: Theme = 'system';
  private _storage: StorageFigures | undefined;
  private _persistDeclined = false;
  private _reset: ResetState = 'idle';

  constructor(
    private readonly _host: ReactiveControllerHost & HTMLElement,
    private readonly _services: SettingsPaneServices,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {
    const { settings, regroup, theme, store } = this._services;
    const host = this._host;
    host.addEventListener(RegionChangeEvent.type, (event) => {
      regroup.regionChanged();
      void settings.setRegion(event.region);
    });
    host.addEventListener(RegroupRequestEvent.type, () => {
      if (this.region) void regroup.run(this.region);
    });
    regroup.addEventListener('change', () => host.requestUpdate());
    host.addEventListener(ThemeChangeEvent.type, (event) => void theme.choose(event.theme));
    host.addEventListener(PersistRequestEvent.type, () => void this.persist());
    host.addEventListener(DeleteAllDataEvent.type, () => {
      void deleteAllData(store, (reset) => this._set(() => (this._reset = reset)));
    });
  }

  /** Reads what the pane shows (on opening it, and when a setting changed). */
  async load(): Promise<void> {
    const { settings, regroup } = this._services;
    const region = await settings.region();
    void regroup.check(region);
    const history = await settings.importHistory();
    const theme = await settings.theme();
    const storage = await storageFigures();
    this._set(() => {
      this.region = region;
      this._history = history;
      this._theme = theme;
      this._storage = storage;
    });
  }

  /** Asks the browser to keep this origin's data (from Settings, or after a first import). */
  async persist(): Promise<void> {
    const declined = !(await requestPersistentStorage());
    const storage = await storageFigures();
    this._set(() => {
      this._persistDeclined = declined;
      this._storage = storage;
    });
  }

  render(options: { times: TimesChoice; importing: boolean; empty: boolean }): TemplateResult {
    return html`<tk-settings
      .region=${this.region}
      .history=${this._history}
      .theme=${this._theme}
      .times=${options.times}
      .storage=${this._storage}
      ?persistDeclined=${this._persistDeclined}
      ?importing=${options.importing}
      .resetState=${this._reset}
      .regroup=${this._services.regroup.state}
      ?empty=${options.empty}
      ><tk-onedrive slot="microsoft" ?busy=${options.importing}></tk-onedrive
    ></tk-settings>`;
  }

  private _set(change: () => void): void {
    change();
    this._host.requestUpdate();
  }
}
