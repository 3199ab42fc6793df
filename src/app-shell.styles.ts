import { css } from 'lit';

/** The shell's layout: bar, panes, footer, drop overlay; phone and desktop. */
export const appShellStyles = css`
  :host {
    display: grid;
    grid-template-rows: auto 1fr auto;
    /* A long file name or title must never widen the page past a phone's screen. */
    grid-template-columns: minmax(0, 1fr);
    height: 100dvh;
  }
  .bar {
    display: flex;
    align-items: center;
    gap: 0.625rem;
    padding: 0.5rem 1rem;
    padding-top: max(0.5rem, env(safe-area-inset-top));
    background: var(--tk-bar);
    color: var(--tk-on-bar);
    border-bottom: 1px solid var(--tk-border);
  }
  h1 {
    margin: 0;
    font-size: inherit;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 1.125rem;
    font-weight: 700;
    color: inherit;
    text-decoration: none;
  }
  .brand img {
    width: 28px;
    height: 28px;
  }
  .content {
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
  .spacer {
    flex: 1;
  }
  .bar-button,
  .bar-link {
    font: inherit;
    font-weight: 600;
    color: inherit;
    background: transparent;
    border: 1px solid currentColor;
    border-radius: 999px;
    padding: 0.25rem 0.875rem;
    cursor: pointer;
    text-decoration: none;
  }
  .bar-link {
    border-color: transparent;
  }
  /* On a phone the bar says "Import" (its name stays "Import messages") so it fits beside the brand. */
  @media (max-width: 30rem) {
    .bar {
      gap: 0.25rem;
      padding-inline: 0.75rem;
    }
    .bar-link {
      padding-inline: 0.5rem;
    }
    .wide {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  }
  .bar-button:focus-visible,
  .bar-link:focus-visible,
  .brand:focus-visible {
    outline: 3px solid var(--tk-focus);
    outline-offset: 2px;
  }
  .drop {
    position: fixed;
    inset: 0.5rem;
    display: grid;
    place-items: center;
    font-size: 1.5rem;
    font-weight: 700;
    border: 4px dashed var(--tk-primary);
    border-radius: var(--tk-radius);
    background: color-mix(in srgb, var(--tk-bg) 85%, transparent);
    pointer-events: none;
    z-index: 20;
  }
  .body {
    flex: 1;
    display: grid;
    grid-template-columns: minmax(16rem, 22rem) 1fr;
    grid-template-rows: minmax(0, 1fr);
    min-height: 0;
  }
  .body.single {
    grid-template-columns: minmax(0, 1fr);
  }
  aside,
  main,
  .body.single {
    overflow: auto;
    min-height: 0;
  }
  aside {
    display: flex;
    flex-direction: column;
    border-inline-end: 1px solid var(--tk-border);
    background: var(--tk-surface);
    /* The list scrolls itself (virtualized), under its "Find conversation" box. */
    overflow: hidden;
  }
  aside[hidden] {
    display: none;
  }
  tk-conversation-list {
    flex: 1;
  }
  .pick {
    color: var(--tk-muted);
    text-align: center;
    padding: 4rem 1rem;
  }
  .problem {
    margin: 0;
    padding: 0.75rem 1rem;
    background: var(--tk-surface-2);
    border-bottom: 2px solid var(--tk-accent);
  }
  footer {
    color: var(--tk-muted);
    font-size: 0.75rem;
    padding: 0.25rem 1rem;
    padding-bottom: max(0.25rem, env(safe-area-inset-bottom));
    border-top: 1px solid var(--tk-border);
  }
  /* The conversation view scrolls its own message log, so the pane itself must not. */
  main:has(> tk-conversation-view) {
    display: flex;
    flex-direction: column;
    overflow: hidden;
  }
  tk-conversation-view {
    flex: 1;
    min-height: 0;
  }
  /* Search results scroll inside the search panel, so the conversation list keeps its share of the pane. */
  aside tk-search {
    flex: 0 1 auto;
    max-height: 60%;
    border-bottom: 1px solid var(--tk-border);
  }
`;
