import { css } from 'lit';

/** The conversation view: header, the message log with bubbles in and out, day separators. */
export const conversationViewStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  header {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    padding: 0.625rem 1rem;
    border-bottom: 1px solid var(--tk-border);
    background: var(--tk-surface);
  }
  .who {
    flex: 1;
    min-width: 10rem;
  }
  h2 {
    font-size: 1.2rem;
    margin: 0;
  }
  .numbers {
    margin: 0;
    color: var(--tk-muted);
    font-size: 0.875rem;
  }
  .back {
    color: var(--tk-primary);
    font-weight: 600;
    text-decoration: none;
    padding: 0.5rem;
    border-radius: 8px;
  }
  :host(:not([narrow])) .back {
    display: none;
  }
  :host([narrow]) .who {
    flex-basis: calc(100% - 8rem);
  }
  :host([narrow]) label {
    flex-basis: 100%;
  }
  .export {
    font: inherit;
    font-weight: 600;
    font-size: 0.875rem;
    padding: 0.375rem 0.875rem;
    border-radius: 999px;
    cursor: pointer;
    border: 1px solid var(--tk-primary);
    background: var(--tk-surface);
    color: var(--tk-primary);
  }
  .export:focus-visible {
    outline: 3px solid var(--tk-focus);
    outline-offset: 2px;
  }
  label {
    font-size: 0.875rem;
    color: var(--tk-muted);
    display: flex;
    gap: 0.375rem;
    align-items: center;
  }
  input[type='date'] {
    font: inherit;
    color: var(--tk-text);
    background: var(--tk-surface);
    border: 1px solid var(--tk-border);
    border-radius: 8px;
    padding: 0.25rem 0.375rem;
  }
  a:focus-visible,
  input:focus-visible,
  .msg:focus-visible {
    outline: 3px solid var(--tk-focus);
    outline-offset: 2px;
  }
  lit-virtualizer {
    flex: 1;
    min-height: 0;
  }
  /* Rows are positioned by the virtualizer: they carry their own padding and span its full width. */
  .day,
  .row {
    box-sizing: border-box;
    width: 100%;
    padding-inline: 0.75rem;
  }
  .day {
    text-align: center;
    margin: 1rem 0 0.5rem;
    color: var(--tk-muted);
    font-size: 0.8125rem;
    font-weight: 600;
  }
  .row {
    display: flex;
    padding-block: 0.1875rem;
  }
  .row.out {
    justify-content: flex-end;
  }
  .msg {
    max-width: min(75%, 36rem);
    padding: 0.5rem 0.75rem 0.375rem;
    border-radius: 16px;
    background: var(--tk-bubble-in, var(--tk-surface));
    border: 1px solid var(--tk-border);
    overflow-wrap: anywhere;
  }
  .out .msg {
    background: var(--tk-bubble-out, var(--tk-selected));
    border-color: transparent;
  }
  .msg.target,
  .call-line.target {
    box-shadow: 0 0 0 3px var(--tk-accent);
  }
  /* A call: a centred line in the timeline, quieter than a bubble; missed ones in the text colour. */
  .row.call {
    justify-content: center;
  }
  .call-line {
    padding: 0.25rem 0.75rem;
    border-radius: 999px;
    border: 1px solid var(--tk-border);
    color: var(--tk-muted);
    font-size: 0.8125rem;
  }
  .call-line.missed,
  .call-line.rejected {
    color: var(--tk-text);
    font-weight: 600;
  }
  .call-icon {
    margin-inline-end: 0.25rem;
  }
  .sender {
    font-size: 0.8125rem;
    font-weight: 700;
    color: var(--tk-primary);
    margin-bottom: 0.125rem;
  }
  .text {
    white-space: pre-wrap;
    margin: 0;
  }
  /* A message with no text and no attachment: said so, in the muted colour (readable on both bubbles). */
  .no-text {
    color: var(--tk-muted);
    font-style: italic;
  }
  .meta {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
    font-size: 0.75rem;
    color: var(--tk-muted);
    margin-top: 0.125rem;
  }
  .status {
    font-weight: 700;
    color: var(--tk-accent);
  }
  .empty {
    padding: 2rem 1rem;
    color: var(--tk-muted);
  }
`;
