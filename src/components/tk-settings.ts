import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CountryCode } from '../model/address';
import type { ImportRecord } from '../model/types';
import { regionChoices } from '../services/settings';
import { RegionChangeEvent } from './events';

const STATUS_WORDS: Record<ImportRecord['status'], string> = {
  running: 'running or interrupted',
  done: 'done',
  cancelled: 'cancelled',
  failed: 'stopped',
};

/** Settings: the default region for phone numbers, and the import history. */
@customElement('tk-settings')
export class TkSettings extends LitElement {
  static override styles = css`
    :host {
      display: block;
      max-width: 48rem;
      padding: 1rem 1.25rem 3rem;
    }
    h2 {
      margin: 0.5rem 0 1rem;
    }
    h3 {
      margin: 2rem 0 0.5rem;
    }
    label {
      display: block;
      font-weight: 600;
      margin-bottom: 0.25rem;
    }
    select {
      font: inherit;
      padding: 0.375rem;
      max-width: 100%;
    }
    .hint {
      color: var(--tk-muted);
      margin: 0.25rem 0 0;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: start;
      padding: 0.375rem 0.5rem;
      border-bottom: 1px solid var(--tk-border);
      vertical-align: top;
    }
    td.num {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
    .file {
      overflow-wrap: anywhere;
    }
  `;

  /** The default region. */
  @property({ attribute: false }) region: CountryCode | undefined;

  /** The import history, newest first. */
  @property({ attribute: false }) history: readonly ImportRecord[] = [];

  override render() {
    return html`
      <h2>Settings</h2>
      <section aria-labelledby="numbers">
        <h3 id="numbers">Phone numbers</h3>
        <label for="region">Default region</label>
        <select id="region" @change=${this._onRegion}>
          ${regionChoices().map(
            (r) => html`<option value=${r.code} ?selected=${r.code === this.region}>${r.name}</option>`,
          )}
        </select>
        <p class="hint">
          Numbers written without a country code are read as numbers of this region. It applies to archives
          imported from now on.
        </p>
      </section>
      <section aria-labelledby="history">
        <h3 id="history">Import history</h3>
        ${
          this.history.length === 0
            ? html`<p>Nothing imported yet.</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th scope="col">File</th>
                    <th scope="col">When</th>
                    <th scope="col">New</th>
                    <th scope="col">Duplicates</th>
                    <th scope="col">Skipped</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.history.map(
                    (r) =>
                      html`<tr>
                        <td class="file">${r.fileName}</td>
                        <td>${new Date(r.startedAt).toLocaleString()}</td>
                        <td class="num">${r.added.toLocaleString()}</td>
                        <td class="num">${r.duplicates.toLocaleString()}</td>
                        <td class="num">
                          ${r.skipped.reduce((sum, s) => sum + s.count, 0).toLocaleString()}
                        </td>
                        <td>
                          ${STATUS_WORDS[r.status]}${r.format === 'unknown' ? ' (not an archive)' : nothing}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>
    `;
  }

  private _onRegion(event: Event): void {
    const select = event.target as HTMLSelectElement;
    this.dispatchEvent(new RegionChangeEvent(select.value as CountryCode));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tk-settings': TkSettings;
  }
}
