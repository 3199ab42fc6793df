import { LitElement, html, nothing } from 'lit';
import { settingsStyles } from './tk-settings.styles';
import { customElement, property, query } from 'lit/decorators.js';
import type { CountryCode } from '../model/address';
import type { ImportRecord } from '../model/types';
import type { ResetState } from '../services/data-reset';
import type { RegroupState } from '../services/regroup';
import { regionChoices } from '../services/settings';
import { countLabel, formatBytes } from '../lib/format';
import type { StorageFigures } from '../services/storage';
import { THEMES, type Theme } from '../services/theme';
import { TIMES_CHOICES, type TimesChoice } from '../model/shown-time';
import './tk-confirm-dialog';
import './tk-export-all';
import './tk-regroup';
import type { TkConfirmDialog } from './tk-confirm-dialog';
import {
  DeleteAllDataEvent,
  type DialogCloseEvent,
  PersistRequestEvent,
  RegionChangeEvent,
  ThemeChangeEvent,
  TimesChangeEvent,
} from './events';

const STATUS_WORDS: Record<ImportRecord['status'], string> = {
  running: 'running',
  done: 'done',
  cancelled: 'cancelled',
  failed: 'stopped',
  stopped: 'stopped',
  interrupted: 'interrupted: import the file again to add the rest',
};

/** A country's name in the person's language ("United States"), for the country an import assumed. */
function regionName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const THEME_WORDS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

const TIMES_WORDS: Record<TimesChoice, string> = {
  phone: 'As on the phone',
  device: 'In this device’s time zone',
};

const RESET_WORDS: Record<Exclude<ResetState, 'idle'>, string> = {
  deleting: 'Deleting…',
  blocked: 'Textkeep is open in another tab, which keeps the data in use. Close that tab to finish deleting.',
  failed:
    'The data could not be deleted. Close any other Textkeep tab and try again, or clear this site’s data in the browser’s settings.',
};

const DELETE_MESSAGE =
  'Every conversation, message and picture, the import history and your settings will be deleted from this device. This cannot be undone.';

/** Settings: theme, default region, storage, import history, and "Delete all data". */
@customElement('tk-settings')
export class TkSettings extends LitElement {
  static override styles = settingsStyles;

  /** The default region. */
  @property({ attribute: false }) region: CountryCode | undefined;

  /** The colour theme chosen. */
  @property({ attribute: false }) theme: Theme = 'system';

  /** Which clock message times are shown by. */
  @property({ attribute: false }) times: TimesChoice = 'phone';

  /** Storage used and available; undefined while unknown or where the browser does not tell. */
  @property({ attribute: false }) storage: StorageFigures | undefined;

  /** Set once the browser declined to make storage persistent. */
  @property({ type: Boolean }) persistDeclined = false;

  /** Set while an import runs: deleting everything then would fight it. */
  @property({ type: Boolean }) importing = false;

  /** "Re-group conversations": what it would join, and where it stands. */
  @property({ attribute: false }) regroup: RegroupState = { phase: 'idle', candidates: 0, offered: false };

  /** Where a "Delete all data" stands. */
  @property({ attribute: false }) resetState: ResetState = 'idle';

  /** Runs "Export everything". */

  /** Set when nothing is stored. */
  @property({ type: Boolean }) empty = false;

  /** The import history, newest first. */
  @property({ attribute: false }) history: readonly ImportRecord[] = [];

  @query('.danger') private readonly _deleteButton!: HTMLButtonElement;
  @query('tk-confirm-dialog') private readonly _dialog!: TkConfirmDialog;

  override render() {
    return html`
      <h2>Settings</h2>
      <section aria-labelledby="appearance">
        <h3 id="appearance">Appearance</h3>
        <fieldset>
          <legend>Theme</legend>
          <div class="choices">
            ${THEMES.map(
              (t) =>
                html`<label
                  ><input
                    type="radio"
                    name="theme"
                    .value=${t}
                    .checked=${t === this.theme}
                    @change=${this._onTheme}
                  />${THEME_WORDS[t]}</label
                >`,
            )}
          </div>
        </fieldset>
      </section>
      <section aria-labelledby="times">
        <h3 id="times">Times</h3>
        <fieldset aria-labelledby="times" aria-describedby="times-hint">
          <div class="choices">
            ${TIMES_CHOICES.map(
              (t) =>
                html`<label
                  ><input
                    type="radio"
                    name="times"
                    .value=${t}
                    .checked=${t === this.times}
                    @change=${this._onTimes}
                  />${TIMES_WORDS[t]}</label
                >`,
            )}
          </div>
        </fieldset>
        <p class="hint" id="times-hint">
          As on the phone: each message at the time the phone showed, where the archive says it.
        </p>
      </section>
      <section aria-labelledby="numbers">
        <h3 id="numbers">Phone numbers</h3>
        <label class="field" for="region">Default region</label>
        <select id="region" @change=${this._onRegion}>
          ${regionChoices().map(
            (r) => html`<option value=${r.code} ?selected=${r.code === this.region}>${r.name}</option>`,
          )}
        </select>
        <p class="hint">
          Numbers written without a country code are read as numbers of this region. It applies to archives
          imported from now on.
        </p>
        ${this._renderRegroup()}
      </section>
      <section aria-labelledby="microsoft">
        <h3 id="microsoft">Microsoft account and OneDrive</h3>
        <slot name="microsoft"></slot>
      </section>
      <section aria-labelledby="storage">
        <h3 id="storage">Storage</h3>
        ${this._renderStorage()}
      </section>
      <section aria-labelledby="history">
        <h3 id="history">Import history</h3>
        ${this._renderHistory()}
      </section>
      <section aria-labelledby="export-all">
        <h3 id="export-all">Export everything</h3>
        <tk-export-all ?empty=${this.empty}></tk-export-all>
      </section>
      <section aria-labelledby="delete">
        <h3 id="delete">Delete all data</h3>
        <p class="hint">
          Removes every conversation, message and picture, the import history and these settings from this
          device. The backup files you imported from are not touched.
        </p>
        <div class="row">
          <button
            class="danger"
            ?disabled=${this.importing || this.resetState === 'deleting' || this.resetState === 'blocked'}
            @click=${this._onDelete}
          >
            Delete all data
          </button>
          ${this.importing ? html`<span class="hint">Wait for the import to finish first.</span>` : nothing}
        </div>
        <p class=${this.resetState === 'deleting' ? 'hint' : 'alert'} role="status">
          ${this.resetState === 'idle' ? nothing : RESET_WORDS[this.resetState]}
        </p>
        <tk-confirm-dialog
          heading="Delete all data?"
          confirmLabel="Delete everything"
          message=${DELETE_MESSAGE}
          @tk-dialog-close=${this._onDialogClose}
        ></tk-confirm-dialog>
      </section>
    `;
  }

  /** Offered once the region changed, or while stored conversations would be grouped otherwise by it. */
  private _renderRegroup() {
    const r = this.regroup;
    if (this.empty || !this.region || (!r.offered && r.candidates === 0 && r.phase === 'idle'))
      return nothing;
    return html`<tk-regroup
      .regionName=${regionName(this.region)}
      .state=${r}
      ?importing=${this.importing}
    ></tk-regroup>`;
  }

  private _renderStorage() {
    const s = this.storage;
    if (!s) return html`<p class="hint">This browser does not say how much it stores.</p>`;
    return html`
      <p class="figures" id="figures">${formatBytes(s.usage)} used of ${formatBytes(s.quota)} available</p>
      <meter min="0" max=${Math.max(s.quota, s.usage)} .value=${s.usage} aria-labelledby="figures"></meter>
      ${
        s.persisted
          ? html`<p>Storage is persistent: the browser keeps this data even when space runs low.</p>`
          : html`<p>
                Storage is not persistent: the browser may clear this data if the device runs low on space.
              </p>
              <div class="row">
                <button @click=${this._onPersist}>Keep my data</button>
                ${
                  this.persistDeclined
                    ? html`<span class="hint"
                        >The browser declined; installing Textkeep as an app often helps.</span
                      >`
                    : nothing
                }
              </div>`
      }
    `;
  }

  private _renderHistory() {
    if (this.history.length === 0) return html`<p>Nothing imported yet.</p>`;
    // Wider than a phone: it scrolls sideways, so it takes focus to be scrolled from the keyboard too.
    return html`<div class="scroll" tabindex="0" role="region" aria-label="Import history table">
      <table>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">When</th>
            <th scope="col">New</th>
            <th scope="col">Duplicates</th>
            <th scope="col">Skipped</th>
            <th scope="col">Status</th>
            <th scope="col">Numbers read as</th>
          </tr>
        </thead>
        <tbody>
          ${this.history.map(
            (r) =>
              html`<tr>
                <td class="file">${r.fileName}</td>
                <td>${new Date(r.startedAt).toLocaleString()}</td>
                <td class="num">
                  ${r.added.toLocaleString()}${r.calls ? ` + ${countLabel(r.calls, 'call', 'calls')}` : nothing}
                </td>
                <td class="num">${r.duplicates.toLocaleString()}</td>
                <td class="num">${r.skipped.reduce((sum, s) => sum + s.count, 0).toLocaleString()}</td>
                <td>${STATUS_WORDS[r.status]}${r.format === 'unknown' ? ' (not an archive)' : nothing}</td>
                <td>${r.region ? regionName(r.region) : '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private _onTheme(event: Event): void {
    const input = event.target as HTMLInputElement;
    // Shown as chosen at once: a render before the choice is stored must not put the old one back.
    this.theme = input.value as Theme;
    this.dispatchEvent(new ThemeChangeEvent(this.theme));
  }

  private _onTimes(event: Event): void {
    const input = event.target as HTMLInputElement;
    // Shown as chosen at once, as the theme is: a render before the choice is stored must not put the old one back.
    this.times = input.value as TimesChoice;
    this.dispatchEvent(new TimesChangeEvent(this.times));
  }

  private _onRegion(event: Event): void {
    const select = event.target as HTMLSelectElement;
    this.dispatchEvent(new RegionChangeEvent(select.value as CountryCode));
  }

  private _onPersist(): void {
    this.dispatchEvent(new PersistRequestEvent());
  }

  private _onDelete(): void {
    this._dialog.show();
  }

  private _onDialogClose(event: DialogCloseEvent): void {
    // The dialog gives focus back to what opened it, whichever way it closed.
    this._deleteButton.focus();
    if (event.confirmed) this.dispatchEvent(new DeleteAllDataEvent());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-settings': TkSettings;
  }
}
