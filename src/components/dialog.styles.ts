import { css } from 'lit';

/** Shared look of Textkeep's modal dialogs and their forms (export, OneDrive). */
export const dialogStyles = css`
  dialog {
    box-sizing: border-box;
    width: min(32rem, calc(100vw - 2rem));
    max-height: calc(100dvh - 2rem);
    padding: 1.25rem 1.25rem 1rem;
    border: 1px solid var(--tk-border);
    border-radius: var(--tk-radius);
    background: var(--tk-surface);
    color: var(--tk-text);
    box-shadow: 0 1.5rem 3rem rgb(0 0 0 / 0.3);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 0.75rem;
  }
  fieldset {
    border: 1px solid var(--tk-border);
    border-radius: 8px;
    margin: 0 0 0.75rem;
    padding: 0.5rem 0.75rem 0.75rem;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  .choices {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
    gap: 0.25rem 0.75rem;
  }
  label {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 2rem;
  }
  .dates {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
  }
  input[type='date'] {
    font: inherit;
    color: var(--tk-text);
    background: var(--tk-surface);
    border: 1px solid var(--tk-border);
    border-radius: 8px;
    padding: 0.25rem 0.5rem;
  }
  input[type='radio'],
  input[type='checkbox'] {
    width: 1.1rem;
    height: 1.1rem;
    accent-color: var(--tk-primary);
  }
  .hint {
    color: var(--tk-muted);
    font-size: 0.875rem;
    margin: 0.25rem 0 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap-reverse;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  button {
    font: inherit;
    font-weight: 600;
    padding: 0.5rem 1rem;
    border-radius: 999px;
    cursor: pointer;
    border: 1px solid var(--tk-border);
    background: var(--tk-surface-2);
    color: var(--tk-text);
  }
  button.primary {
    border-color: var(--tk-primary);
    background: var(--tk-primary);
    color: var(--tk-on-primary);
  }
  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--tk-focus);
    outline-offset: 2px;
  }
  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--tk-primary);
  }
  .status {
    margin: 0.5rem 0 0;
  }
  .problem {
    margin: 0.5rem 0 0;
    color: var(--tk-danger);
    font-weight: 600;
  }
`;
