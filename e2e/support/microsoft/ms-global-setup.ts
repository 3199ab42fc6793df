import { buildMicrosoftApp } from './app-build.mjs';

/** The global setup of playwright.ms.config.ts: only the Microsoft test build. */
export default function globalSetup(): void {
  buildMicrosoftApp();
}
