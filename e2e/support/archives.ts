import { mkdirSync, writeFileSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
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

/**
 * Writes an SB&R archive of `messages` MMS, each with its own picture of `pictureBytes` random bytes (no two
 * alike, as in a real archive, so media dedupe cannot shrink what is stored), in `conversations` threads.
 */
export async function writePictureArchive(
  name: string,
  options: { messages: number; pictureBytes: number; conversations?: number },
): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  const out = createWriteStream(path);
  const write = (text: string): Promise<void> =>
    out.write(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          out.once('drain', () => {
            resolve();
          });
        });
  const threads = options.conversations ?? 4;
  const start = Date.UTC(2020, 0, 1);
  await write(
    `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count="${String(options.messages)}">\n`,
  );
  for (let i = 0; i < options.messages; i++) {
    const address = `+1202555${String(1000 + (i % threads))}`;
    const date = start + i * 3_600_000;
    const picture = randomBytes(options.pictureBytes).toString('base64');
    await write(
      `  <mms date="${String(date)}" msg_box="1" address="${address}" m_type="132" ct_t="application/vnd.wap.multipart.related" read="1" text_only="0">\n` +
        '    <parts>\n' +
        `      <part seq="0" ct="image/jpeg" name="IMG_${String(i)}.jpg" chset="null" cl="IMG_${String(i)}.jpg" text="null" data="`,
    );
    await write(picture);
    await write(
      '" />\n' +
        `      <part seq="1" ct="text/plain" name="null" chset="106" cl="text_0.txt" text="Picture ${String(i)}" />\n` +
        '    </parts>\n    <addrs>\n' +
        `      <addr address="${address}" type="137" charset="106" />\n` +
        '      <addr address="insert-address-token" type="151" charset="106" />\n' +
        '    </addrs>\n  </mms>\n',
    );
  }
  await write('</smses>\n');
  await new Promise<void>((resolve) => {
    out.end(() => {
      resolve();
    });
  });
  return path;
}
