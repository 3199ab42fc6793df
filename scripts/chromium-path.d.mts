/** The path of a Chromium executable, or undefined when this machine has none. */
export function findChromium(): string | undefined;
/** Flags for headless Chromium here. */
export const CHROMIUM_ARGS: string[];
