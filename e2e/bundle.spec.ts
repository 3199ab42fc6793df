import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

/**
 * What the page loads before the first conversation shows: the entry chunk of index.html and every chunk it
 * imports statically (not those behind a dynamic `import()`), read from the build's manifest and source
 * maps. Code that only an upgrade, an import or an export needs stays out of it.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The build to check: where vite.config.ts writes it. */
const OUT_DIR = resolve(ROOT, process.env.TEXTKEEP_OUT_DIR ?? 'dist');

/** Modules the page must not load up front (paths from the project's root). */
const NOT_IN_MAIN_CHUNK = [
  // The live index builder: the page only reads the index (services/search.ts reads db/search-layout.ts).
  'src/db/search-index.ts',
  // Schema step 4's frozen index code: loaded only to upgrade a database from before version 4.
  'src/db/frozen/search-index-v1.ts',
  // The text writers run in the export worker; the page needs only their labels and file names.
  'src/formats/exporters/txt.ts',
  'src/formats/exporters/csv.ts',
  'src/formats/exporters/json.ts',
  'src/formats/exporters/html.ts',
  // "Re-group conversations": loaded when Settings looks whether it is needed (it weighed 11.5 KB gzip).
  'src/db/regroup.ts',
  'src/db/regroup-plan.ts',
  'src/db/regroup-search.ts',
];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const manifest = readJson(join(OUT_DIR, '.vite', 'manifest.json')) as Record<string, ManifestChunk>;

/** The entry chunk's file and those of every chunk it imports statically, transitively. */
function staticChunks(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The manifest has no chunk ${key}`);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  return [...seen].map((key) => manifest[key]?.file ?? key);
}

/**
 * The source modules of a chunk, from its source map, as paths from the project's root. A chunk with no
 * map is one Vite writes itself (the module preload polyfill): it names no map, and holds no module of ours.
 */
function sourcesOf(file: string): string[] {
  const mapFile = join(OUT_DIR, `${file}.map`);
  if (!existsSync(mapFile)) {
    if (readFileSync(join(OUT_DIR, file), 'utf8').includes('//# sourceMappingURL='))
      throw new Error(`${file} names a source map that is not there`);
    return [];
  }
  const map = readJson(mapFile) as { sources: string[]; sourceRoot?: string };
  return map.sources.map((source) => relative(ROOT, resolve(dirname(mapFile), map.sourceRoot ?? '', source)));
}

const mainChunks = staticChunks('index.html');
const mainSources = new Set(mainChunks.flatMap(sourcesOf));

test.describe("the page's main chunk", () => {
  test('is the module index.html loads, and holds the page code', () => {
    const html = readFileSync(join(OUT_DIR, 'index.html'), 'utf8');
    const script = /<script type="module"[^>]*\ssrc="\/([^"]+)"/.exec(html)?.[1];
    expect(script).toBe(manifest['index.html']?.file);
    // The check below looks at the right chunks: the store and the schema are loaded up front.
    expect([...mainSources]).toEqual(expect.arrayContaining(['src/services/store.ts', 'src/db/schema.ts']));
  });

  for (const module of NOT_IN_MAIN_CHUNK) {
    test(`does not hold ${module}`, () => {
      const holders = mainChunks.filter((file) => sourcesOf(file).includes(module));
      expect(holders, `${module} is in ${holders.join(', ')}`).toEqual([]);
    });
  }

  test('leaves the frozen step-4 code in a chunk of its own, loaded by import()', () => {
    const lazy = Object.values(manifest).filter((chunk) =>
      sourcesOf(chunk.file).includes('src/db/frozen/search-index-v1.ts'),
    );
    expect(lazy).toHaveLength(1);
    const [entry] = Object.entries(manifest).filter(([, chunk]) => chunk.file === lazy[0]?.file);
    const loaders = Object.values(manifest).filter((chunk) =>
      chunk.dynamicImports?.includes(entry?.[0] ?? ''),
    );
    expect(loaders.length).toBeGreaterThan(0);
  });
});
