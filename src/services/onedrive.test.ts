import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportRecord } from '../model/types';
import type { AuthService } from './auth';
import type { ImportService, StreamInput } from './import';
import { BACKUP_NAME, OneDriveService, type DriveItem } from './onedrive';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const FOLDER_URL = `${GRAPH}/me/drive/root:/Apps/SMS%20Backup%20and%20Restore:/children`;

const file = (id: string, name: string, modified: string, size = 100): DriveItem => ({
  id,
  name,
  size,
  lastModifiedDateTime: modified,
  file: {},
  parentReference: { path: '/drive/root:/Apps/SMS%20Backup%20and%20Restore' },
});

/** Graph as a map of URL → answer; everything asked is recorded. */
function graph(answers: Record<string, unknown>) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    const url = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
    asked.push(url);
    if (url in answers) return Promise.resolve(new Response(JSON.stringify(answers[url]), { status: 200 }));
    if (url.includes('/search(')) return Promise.resolve(new Response('{"value":[]}', { status: 200 }));
    return Promise.resolve(
      new Response(JSON.stringify({ error: { code: 'itemNotFound' } }), { status: 404 }),
    );
  });
  return asked;
}

function service(history: Partial<ImportRecord>[] = []) {
  const imported: StreamInput[][] = [];
  const auth = { accessToken: () => Promise.resolve('t'), settings: undefined } as unknown as AuthService;
  const importer = {
    importStreams: (streams: StreamInput[]) => {
      imported.push(streams);
      return Promise.resolve();
    },
  } as unknown as ImportService;
  const drive = new OneDriveService(auth, importer, () => Promise.resolve(history as ImportRecord[]));
  return { drive, imported };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('OneDriveService', () => {
  it('lists the SMS Backup & Restore folder: folders first, then files newest first, imported ones marked', async () => {
    graph({
      [FOLDER_URL]: {
        value: [
          file('a', 'sms-2015.xml', '2015-03-01T00:00:00Z'),
          { id: 'f', name: 'Old phone', folder: { childCount: 2 } },
          file('b', 'sms-2016.xml', '2016-03-01T00:00:00Z', 200),
        ],
      },
    });
    const { drive } = service([{ fileName: 'sms-2016.xml', size: 200, status: 'done' }]);
    const listing = await drive.backups();
    expect(listing).toMatchObject({ kind: 'folder', path: 'Apps/SMS Backup and Restore' });
    expect(listing.entries.map((e) => [e.name, e.kind, e.imported])).toEqual([
      ['Old phone', 'folder', false],
      ['sms-2016.xml', 'file', true],
      ['sms-2015.xml', 'file', false],
    ]);
    expect(listing.entries[1]).toMatchObject({ location: 'Apps/SMS Backup and Restore', size: 200 });
  });

  it('falls back to a search for backup files when the folder is missing', async () => {
    const search = (q: string) => `${GRAPH}/me/drive/root/search(q='${encodeURIComponent(q)}')`;
    const asked = graph({
      [search('sms-')]: {
        value: [file('a', 'sms-2015.xml', '2015-03-01T00:00:00Z'), file('n', 'sms-notes.txt', '2015')],
      },
      [search('.msg')]: {
        value: [file('m', 'backup.msg', '2014-01-01T00:00:00Z'), file('a', 'sms-2015.xml', '2015')],
      },
      [search('.zip')]: { value: [file('z', 'photos.zip', '2013-01-01T00:00:00Z')] },
    });
    const listing = await service().drive.backups();
    expect(listing.kind).toBe('search');
    expect(listing.entries.map((e) => e.name)).toEqual(['sms-2015.xml', 'backup.msg', 'photos.zip']);
    expect(asked[0]).toBe(FOLDER_URL);
  });

  it('imports the chosen files as streams of their sizes', async () => {
    graph({});
    const { drive, imported } = service();
    await drive.importFiles([
      { id: 'a', name: 'sms-2015.xml', kind: 'file', size: 100, modified: 0, imported: false },
      { id: 'f', name: 'Old phone', kind: 'folder', size: 0, modified: 0, imported: false },
    ]);
    expect(imported[0]?.map((s) => [s.name, s.size])).toEqual([['sms-2015.xml', 100]]);
  });
});

describe('BACKUP_NAME', () => {
  it.each([
    ['sms-20160301120000.xml', true],
    ['calls-20160301120000.xml', true],
    ['SMS-2016.XML', true],
    ['contacts.msg', true],
    ['messages.vmsg', true],
    ['backup+restore.zip', true],
    ['notes.xml', false],
    ['sms-notes.txt', false],
  ])('%s: %s', (name, expected) => {
    expect(BACKUP_NAME.test(name)).toBe(expected);
  });
});
