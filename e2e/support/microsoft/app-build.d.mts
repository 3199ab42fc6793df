/** Types of app-build.mjs. */
export const TEST_CLIENT_ID: string;
export function microsoftBuildDir(root?: string): string;
export function buildMicrosoftApp(outDir?: string): string;
export function serveBuild(outDir?: string): Promise<{ url: string; close: () => Promise<void> }>;
