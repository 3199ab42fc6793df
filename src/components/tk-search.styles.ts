import { css } from 'lit';

/** The styles of <tk-search>. */
export const tkSearchStyles = css`
  /* A column whose results scroll on their own: give the element a height (or a max-height) to bound it. */
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    padding: 0.75rem 1rem 0;
  }
  form,
  [role='status'] {
    flex: none;
  }
  .results {
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
    padding-bottom: 0.75rem;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: end;
  }
  .query {
    display: flex;
    gap: 0.5rem;
    flex: 1 1 100%;
  }
  input,
  select,
  button {
    font: inherit;
    color: inherit;
    background: var(--tk-surface);
    border: 1px solid var(--tk-border);
    border-radius: 6px;
    padding: 0.375rem 0.5rem;
    max-width: 100%;
  }
  select {
    width: 100%;
  }
  label[for='conversation'] {
    flex: 1 1 100%;
  }
  input[type='search'] {
    flex: 1;
    min-width: 0;
  }
  button {
    background: var(--tk-primary);
    color: var(--tk-on-primary);
    border-color: var(--tk-primary);
    cursor: pointer;
  }
  label {
    display: flex;
    flex-direction: column;
    max-width: 100%;
    font-size: 0.875rem;
    color: var(--tk-muted);
  }
  :focus-visible {
    outline: 3px solid var(--tk-focus);
    outline-offset: 1px;
  }
  [role='status'] {
    margin: 0.75rem 0 0.25rem;
    color: var(--tk-muted);
  }
  h2 {
    font-size: 1rem;
    margin: 1rem 0 0.25rem;
  }
  h2 .count {
    font-weight: normal;
    color: var(--tk-muted);
    font-size: 0.875rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  a {
    display: block;
    padding: 0.5rem 0.5rem;
    color: inherit;
    text-decoration: none;
    border-bottom: 1px solid var(--tk-border);
    overflow-wrap: anywhere;
  }
  a:hover {
    background: var(--tk-surface-2);
  }
  a:focus-visible {
    outline-offset: -3px;
  }
  time {
    display: block;
    color: var(--tk-muted);
    font-size: 0.8125rem;
  }
  mark {
    background: #fde68a;
    color: #1c1917;
    border-radius: 2px;
  }
  .more {
    margin-top: 0.75rem;
  }
`;
