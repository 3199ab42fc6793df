import { mkdirSync, writeFileSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSbr, generateSbrString, type SbrOptions } from '../../bench/generate-sbr.mjs';

// One folder per test worker: tests in parallel must not rewrite a file another is importing.
const DIR = join(tmpdir(), 'textkeep-e2e', String(process.pid));

/** Writes a generated SB&R archive to a temporary file and returns its path. */
export function writeArchive(name: string, options: SbrOptions): string {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  writeFileSync(path, generateSbrString(options));
  return path;
}

/** Writes a large generated archive by streaming (too big to build as one string comfortably). */
export async function writeLargeArchive(name: string, options: SbrOptions): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  const out = createWriteStream(path);
  await generateSbr(options, (chunk) => {
    if (out.write(chunk)) return undefined;
    return new Promise<void>((resolve) => {
      out.once('drain', () => {
        resolve();
      });
    });
  });
  await new Promise<void>((resolve) => {
    out.end(() => {
      resolve();
    });
  });
  return path;
}

/** Writes any text to a temporary file (malformed archives and the like). */
export function writeText(name: string, text: string): string {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  writeFileSync(path, text);
  return path;
}
