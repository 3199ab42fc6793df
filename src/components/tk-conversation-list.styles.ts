import { css } from 'lit';

/** Styles of <tk-conversation-list>. */
export const conversationListStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
  nav {
    flex: 1;
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
  .find {
    position: relative;
    padding: 0.75rem 0.75rem 0;
  }
  .lens {
    position: absolute;
    inset-inline-start: 1.375rem;
    top: calc(0.75rem + 0.625rem);
    width: 1.125rem;
    height: 1.125rem;
    fill: var(--tk-muted);
    pointer-events: none;
  }
  input {
    box-sizing: border-box;
    width: 100%;
    font: inherit;
    color: var(--tk-text);
    background: var(--tk-bg);
    border: 1px solid var(--tk-border);
    border-radius: 999px;
    padding: 0.5rem 0.875rem 0.5rem 2.375rem;
  }
  input::placeholder {
    color: var(--tk-muted);
    opacity: 1;
  }
  input:focus-visible {
    outline: 3px solid var(--tk-focus);
    outline-offset: 1px;
  }
  .count {
    margin: 0;
    padding: 0.375rem 1.25rem 0.5rem;
    color: var(--tk-muted);
    font-size: 0.8125rem;
    border-bottom: 1px solid var(--tk-border);
  }
  .none {
    margin: 0;
    padding: 2rem 1.25rem;
    text-align: center;
    color: var(--tk-muted);
    overflow-wrap: anywhere;
  }
  .list {
    flex: 1;
    min-height: 0;
  }
  [role='listitem'] {
    width: 100%;
  }
  a {
    display: grid;
    grid-template-columns: 2.5rem minmax(0, 1fr) auto;
    grid-template-areas: 'avatar title date' 'avatar snippet snippet' 'avatar meta meta';
    column-gap: 0.75rem;
    padding: 0.625rem 1rem 0.625rem 0.875rem;
    color: inherit;
    text-decoration: none;
    border-bottom: 1px solid var(--tk-border);
  }
  a:hover {
    background: var(--tk-surface-2);
  }
  a[aria-current='page'] {
    background: var(--tk-selected);
    box-shadow: inset 4px 0 0 var(--tk-primary);
  }
  a:focus-visible {
    outline: 3px solid var(--tk-focus);
    outline-offset: -3px;
  }
  .avatar {
    grid-area: avatar;
    align-self: start;
    display: grid;
    place-items: center;
    width: 2.5rem;
    height: 2.5rem;
    margin-top: 0.125rem;
    border-radius: 50%;
    font-weight: 700;
    font-size: 0.9375rem;
    color: var(--tk-text);
    background: color-mix(in srgb, var(--hue) 24%, var(--tk-surface));
  }
  .avatar svg {
    width: 1.375rem;
    height: 1.375rem;
    fill: currentColor;
  }
  .t0 {
    --hue: #0f766e;
  }
  .t1 {
    --hue: #b45309;
  }
  .t2 {
    --hue: #6d28d9;
  }
  .t3 {
    --hue: #be185d;
  }
  .t4 {
    --hue: #1d4ed8;
  }
  .t5 {
    --hue: #4d7c0f;
  }
  .title,
  .snippet,
  .meta {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .title {
    grid-area: title;
    font-weight: 600;
  }
  .date {
    grid-area: date;
    align-self: baseline;
    color: var(--tk-muted);
    font-size: 0.8125rem;
    white-space: nowrap;
  }
  .snippet {
    grid-area: snippet;
    color: var(--tk-muted);
    font-size: 0.9375rem;
  }
  .meta {
    grid-area: meta;
    color: var(--tk-muted);
    font-size: 0.8125rem;
  }
  .group {
    color: var(--tk-text);
    font-weight: 600;
  }
  .group::after {
    content: ' · ';
    color: var(--tk-muted);
    font-weight: 400;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
