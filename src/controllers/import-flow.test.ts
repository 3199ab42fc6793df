import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveControllerHost } from 'lit';
import type { ImportService, ImportState } from '../services/import';
import type { DriveEntry, OneDriveService } from '../services/onedrive';
import { OneDriveImportEvent } from '../components/events';
import { ImportFlow, type FitQuestion } from './import-flow';

const host: ReactiveControllerHost & EventTarget = Object.assign(new EventTarget(), {
  addController: () => undefined,
  removeController: () => undefined,
  requestUpdate: () => undefined,
  updateComplete: Promise.resolve(true),
});

/** The storage estimate the fit check reads: `quota - usage` bytes left. */
function storageLeft(free: number): void {
  vi.stubGlobal('navigator', {
    storage: {
      estimate: () => Promise.resolve({ usage: 1000, quota: 1000 + free }),
      persisted: () => Promise.resolve(false),
    },
  });
}

/** A request whose run records its name and ends when `finish()` is called. */
function request(name: string, size: number, ran: string[]) {
  let finish = (): void => undefined;
  return {
    files: [{ name, size }],
    run: () =>
      new Promise<void>((resolve) => {
        ran.push(name);
        finish = resolve;
      }),
    finish: () => {
      finish();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function flow(
  ask: (q: FitQuestion) => Promise<boolean> = () => Promise.resolve(false),
  drive = {} as unknown as OneDriveService,
  importer: Partial<ImportService> = {},
  persist: () => Promise<void> = () => Promise.resolve(),
) {
  const service = Object.assign(new EventTarget(), { turn: () => Promise.resolve() }, importer);
  return new ImportFlow(host, service as unknown as ImportService, drive, { askFit: ask, persist });
}

/** An importer that records the names of the files it is given. */
function recordingImporter(imported: string[][], prepared: string[] = []): Partial<ImportService> {
  return {
    prepare: () => {
      prepared.push(`before ${String(imported.length)} imports`);
      return {} as ReturnType<ImportService['prepare']>;
    },
    importFiles: (files: readonly File[]) => {
      imported.push(files.map((f) => f.name));
      return Promise.resolve();
    },
    recoverInterrupted: () => Promise.resolve(),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ImportFlow', () => {
  it('runs imports one after the other, in the order asked, and shows what waits', async () => {
    storageLeft(1_000_000);
    const ran: string[] = [];
    const imports = flow();
    const a = request('a.xml', 10, ran);
    const b = request('b.xml', 10, ran);
    void imports.start(a);
    void imports.start(b);
    await settle();
    expect(ran).toEqual(['a.xml']);
    expect(imports.waitingFiles).toBe(1);
    a.finish();
    await settle();
    expect(ran).toEqual(['a.xml', 'b.xml']);
    expect(imports.waitingFiles).toBe(0);
    b.finish();
  });

  it('forgets what waits when asked, and the running import goes on', async () => {
    storageLeft(1_000_000);
    const ran: string[] = [];
    const imports = flow();
    const a = request('a.xml', 10, ran);
    void imports.start(a);
    void imports.start(request('b.xml', 10, ran));
    await settle();
    imports.cancelWaiting();
    expect(imports.waitingFiles).toBe(0);
    a.finish();
    await settle();
    expect(ran).toEqual(['a.xml']);
  });

  it.each([
    { answer: false, ran: [] },
    { answer: true, ran: ['big.xml'] },
  ])(
    'asks before an import larger than the space left (answer $answer)',
    async ({ answer, ran: expected }) => {
      storageLeft(5_000);
      const asked: FitQuestion[] = [];
      const ran: string[] = [];
      const imports = flow((q) => {
        asked.push(q);
        return Promise.resolve(answer);
      });
      const big = request('big.xml', 8_000, ran);
      void imports.start(big);
      await settle();
      expect(asked).toEqual([{ need: 8_000, free: 5_000 }]);
      expect(ran).toEqual(expected);
      big.finish();
    },
  );

  it('queues a OneDrive import behind the running one; its downloads open only at its turn', async () => {
    storageLeft(1_000_000);
    const ran: string[] = [];
    const opened: string[][] = [];
    const drive = {
      importFiles: (entries: readonly DriveEntry[]) => {
        opened.push(entries.map((e) => e.name));
        return Promise.resolve();
      },
    } as unknown as OneDriveService;
    const imports = flow(undefined, drive);
    imports.hostConnected();
    const local = request('local.xml', 10, ran);
    void imports.start(local);
    const entry = { id: '1', name: 'sms-1.xml', size: 10, modified: 0, imported: false };
    host.dispatchEvent(
      new OneDriveImportEvent([
        { ...entry, kind: 'file' },
        { ...entry, kind: 'folder' },
      ]),
    );
    await settle();
    expect(imports.waitingFiles).toBe(1);
    expect(opened).toEqual([]);
    local.finish();
    await settle();
    expect(opened).toEqual([['sms-1.xml']]);
    imports.hostDisconnected();
  });

  it('imports the shipped sample as a file of its own name', async () => {
    storageLeft(1_000_000);
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      fetched.push(url);
      return Promise.resolve(new Response('<smses count="0"></smses>'));
    });
    const imported: string[][] = [];
    await flow(undefined, undefined, recordingImporter(imported)).importSample();
    await settle();
    expect(fetched).toEqual(['/samples/textkeep-sample.xml']);
    expect(imported).toEqual([['textkeep-sample.xml']]);
  });

  it('the chooser offers the archive types and imports what is chosen', async () => {
    storageLeft(1_000_000);
    const input = Object.assign(new EventTarget(), {
      type: '',
      multiple: false,
      accept: '',
      files: [new File(['x'], 'sms.xml')],
      click: vi.fn(),
    });
    vi.stubGlobal('document', { createElement: () => input });
    const imported: string[][] = [];
    const prepared: string[] = [];
    flow(undefined, undefined, recordingImporter(imported, prepared)).choose();
    // The import worker starts loading while the person chooses.
    expect(prepared).toEqual(['before 0 imports']);
    expect(input).toMatchObject({ type: 'file', multiple: true });
    expect(input.accept.split(',')).toEqual(expect.arrayContaining(['.xml', '.zip', '.vcf', '.json']));
    expect(input.click).toHaveBeenCalledOnce();
    input.dispatchEvent(new Event('change'));
    await settle();
    expect(imported).toEqual([['sms.xml']]);
  });

  it('at startup takes ?shared= out of the address, and imports the files the app is opened with', async () => {
    storageLeft(1_000_000);
    let consumer: ((params: { files: { getFile: () => Promise<File> }[] }) => void) | undefined;
    vi.stubGlobal('window', {
      location: { href: 'https://textkeep.test/?shared=1&keep=yes' },
      launchQueue: { setConsumer: (c: typeof consumer) => (consumer = c) },
    });
    const replaced: string[] = [];
    vi.stubGlobal('history', {
      state: null,
      replaceState: (_state: unknown, _title: string, url: URL) => replaced.push(url.href),
    });
    const imported: string[][] = [];
    flow(undefined, undefined, recordingImporter(imported)).takeHandedFiles();
    await settle();
    expect(replaced).toEqual(['https://textkeep.test/?keep=yes']);
    consumer?.({ files: [{ getFile: () => Promise.resolve(new File(['x'], 'opened.xml')) }] });
    await settle();
    expect(imported).toEqual([['opened.xml']]);
  });

  it('after the first import that stored something, asks the browser once to keep the data', async () => {
    storageLeft(1_000_000);
    // The service itself: the flow hears its `change` events and reads its state.
    const importer = Object.assign(new EventTarget(), {
      turn: () => Promise.resolve(),
      state: { phase: 'idle' },
    });
    const finished = (added: number): void => {
      importer.state = { phase: 'finished', summary: { added } } as ImportState;
      importer.dispatchEvent(new Event('change'));
    };
    const persist = vi.fn(() => Promise.resolve());
    const imports = new ImportFlow(
      host,
      importer as unknown as ImportService,
      {} as unknown as OneDriveService,
      {
        askFit: () => Promise.resolve(false),
        persist,
      },
    );
    imports.hostConnected();
    finished(0);
    await settle();
    expect(persist).not.toHaveBeenCalled();
    finished(3);
    finished(2);
    await settle();
    expect(persist).toHaveBeenCalledOnce();
    imports.hostDisconnected();
  });

  it('does not ask when the import fits', async () => {
    storageLeft(5_000);
    const ran: string[] = [];
    const ask = vi.fn(() => Promise.resolve(false));
    const small = request('small.xml', 4_000, ran);
    void flow(ask).start(small);
    await settle();
    expect(ask).not.toHaveBeenCalled();
    expect(ran).toEqual(['small.xml']);
    small.finish();
  });
});
