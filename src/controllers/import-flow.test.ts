import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveControllerHost } from 'lit';
import type { ImportService } from '../services/import';
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
) {
  const importer = { turn: () => Promise.resolve() } as unknown as ImportService;
  return new ImportFlow(host, importer, drive, ask);
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
