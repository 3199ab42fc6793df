import { css } from 'lit';

/** Styles of <tk-settings>. */
export const settingsStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    width: 100%;
    max-width: 48rem;
    margin-inline: auto;
    padding: 1rem 1rem 3rem;
  }
  h2 {
    margin: 0.5rem 0.25rem 1rem;
  }
  section {
    background: var(--tk-surface);
    border: 1px solid var(--tk-border);
    border-radius: var(--tk-radius);
    padding: 1rem 1.25rem 1.25rem;
    margin-block-end: 1rem;
  }
  h3 {
    font-size: 1.0625rem;
    margin: 0 0 0.75rem;
  }
  label.field,
  legend {
    display: block;
    font-weight: 600;
    margin-bottom: 0.375rem;
    padding: 0;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
  }
  .choices {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    padding: 0.25rem;
    border-radius: 999px;
    background: var(--tk-surface-2);
  }
  .choices label {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.375rem 0.875rem;
    border-radius: 999px;
    cursor: pointer;
  }
  .choices label:has(:checked) {
    background: var(--tk-selected);
    font-weight: 600;
  }
  /* The whole pill shows focus, not just the small radio inside it. */
  .choices label:has(:focus-visible) {
    outline: 3px solid var(--tk-focus);
    outline-offset: 1px;
  }
  .choices input:focus-visible {
    outline: none;
  }
  input[type='radio'] {
    accent-color: var(--tk-primary);
    margin: 0;
  }
  select,
  button {
    font: inherit;
    color: var(--tk-text);
    max-width: 100%;
  }
  select {
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--tk-border);
    border-radius: 8px;
    background: var(--tk-bg);
  }
  button {
    font-weight: 600;
    padding: 0.5rem 1rem;
    border-radius: 999px;
    border: 1px solid var(--tk-border);
    background: var(--tk-surface-2);
    cursor: pointer;
  }
  button.danger {
    color: var(--tk-danger);
    border-color: var(--tk-danger);
    background: transparent;
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :is(select, button, input, .scroll):focus-visible {
    outline: 3px solid var(--tk-focus);
    outline-offset: 2px;
  }
  p {
    margin: 0.5rem 0 0;
  }
  .hint {
    color: var(--tk-muted);
  }
  .figures {
    font-size: 1.125rem;
    font-variant-numeric: tabular-nums;
    margin: 0;
  }
  meter {
    display: block;
    width: 100%;
    height: 0.5rem;
    margin-block: 0.5rem 0.75rem;
  }
  meter::-webkit-meter-bar {
    height: 0.5rem;
    border: 0;
    border-radius: 999px;
    background: var(--tk-surface-2);
  }
  meter::-webkit-meter-optimum-value {
    border-radius: 999px;
    background: var(--tk-primary);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-top: 0.75rem;
  }
  .alert {
    color: var(--tk-danger);
    font-weight: 600;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9375rem;
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
