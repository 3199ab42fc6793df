/**
 * OneDrive through Microsoft Graph: where SMS Backup & Restore puts its backups, a search for backup files
 * elsewhere, folder browsing, and imports that stream each chosen file from OneDrive into the importer.
 */
import type { ImportRecord } from '../model/types';
import type { AuthService } from './auth';
import type { ImportService } from './import';
import { DownloadRefused, rangeHeader, resumableDownload, type OpenAt } from './onedrive-download';
import { GRAPH_ROOT, DEFAULT_AUTHORITY, isDownloadUrl } from './onedrive-config';
import { GraphClient, GraphError, OfflineError, throttledFetch } from './onedrive-graph';

/** Where SMS Backup & Restore uploads to, from the drive's root. */
export const BACKUP_FOLDER = 'Apps/SMS Backup and Restore';

/** What the fallback search asks Graph for (it matches names loosely; BACKUP_NAME then decides). */
const SEARCH_TERMS = ['sms-', 'calls-', '.msg', '.vmsg', '.zip'];

/** The names of backup files: SB&R messages and calls, Windows Phone .msg, vMessage, zips of them. */
export const BACKUP_NAME = /^(?:sms|calls)-.*\.xml$|\.(?:msg|vmsg|vmg|zip)$/i;

/** The subset of a Graph driveItem the app reads. */
export interface DriveItem {
  id: string;
  name: string;
  size?: number;
  lastModifiedDateTime?: string;
  file?: object;
  folder?: { childCount?: number };
  parentReference?: { path?: string };
  '@microsoft.graph.downloadUrl'?: string;
}

/** A file or folder as the dialog lists it. */
export interface DriveEntry {
  id: string;
  name: string;
  kind: 'file' | 'folder';
  size: number;
  /** Last modified, ms since the epoch (0 when OneDrive did not say). */
  modified: number;
  /** Where it is, for search results ("Documents/Phone"), when OneDrive says. */
  location?: string;
  /** Whether a file of this name and size was imported before. */
  imported: boolean;
}

/** One listing: a folder (by path from the root, "" for the root) or the search results. */
export interface DriveListing {
  kind: 'folder' | 'search';
  /** The folder's path from the root ("" is the root); absent for search results. */
  path?: string;
  entries: DriveEntry[];
}

/** A Graph path-addressed URL for a folder's children. */
function childrenUrl(path: string): string {
  if (!path) return `${GRAPH_ROOT}/me/drive/root/children`;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `${GRAPH_ROOT}/me/drive/root:/${encoded}:/children`;
}

/** The folder path in a parentReference ("/drive/root:/Apps/SMS Backup and Restore" → "Apps/…"). */
function locationOf(item: DriveItem): string | undefined {
  const path = item.parentReference?.path;
  if (!path) return undefined;
  const at = path.indexOf('root:');
  return at < 0 ? undefined : decodeURIComponent(path.slice(at + 5).replace(/^\/+/, ''));
}

/** A Graph date as ms since the epoch, 0 when missing or unreadable. */
function timeOf(value: string | undefined): number {
  const time = Date.parse(value ?? '');
  return Number.isNaN(time) ? 0 : time;
}

/** Folders first by name, then files newest first. */
function byFoldersThenNewest(a: DriveEntry, b: DriveEntry): number {
  if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
  return a.kind === 'folder' ? a.name.localeCompare(b.name) : b.modified - a.modified;
}

/** OneDrive for the signed-in person. */
export class OneDriveService {
  private readonly _graph: GraphClient;

  constructor(
    private readonly _auth: AuthService,
    private readonly _importer: ImportService,
    private readonly _history: () => Promise<ImportRecord[]>,
  ) {
    this._graph = new GraphClient((fresh) => this._auth.accessToken(fresh));
  }

  /** The SMS Backup & Restore folder when it holds files; otherwise a search for backup files. */
  async backups(signal?: AbortSignal): Promise<DriveListing> {
    try {
      const listing = await this.folder(BACKUP_FOLDER, signal);
      if (listing.entries.some((e) => e.kind === 'file')) return listing;
    } catch (error) {
      if (!(error instanceof GraphError && error.status === 404)) throw error;
    }
    return this.search(signal);
  }

  /** A folder's files and folders, by path from the root ("" for the root). */
  async folder(path: string, signal?: AbortSignal): Promise<DriveListing> {
    const items = await this._graph.all<DriveItem>(childrenUrl(path), signal);
    return { kind: 'folder', path, entries: await this._entries(items) };
  }

  /** Backup files anywhere in the drive (sms-*.xml, calls-*.xml, *.msg, *.vmsg, *.zip). */
  async search(signal?: AbortSignal): Promise<DriveListing> {
    const found = new Map<string, DriveItem>();
    for (const term of SEARCH_TERMS) {
      const url = `${GRAPH_ROOT}/me/drive/root/search(q='${encodeURIComponent(term)}')`;
      for (const item of await this._graph.all<DriveItem>(url, signal)) {
        if (item.file && BACKUP_NAME.test(item.name)) found.set(item.id, item);
      }
    }
    return { kind: 'search', entries: await this._entries([...found.values()]) };
  }

  /** Imports the chosen files, each streamed from OneDrive into the importer as it downloads. */
  async importFiles(entries: readonly DriveEntry[]): Promise<void> {
    const files = entries.filter((e) => e.kind === 'file');
    const cancel = new AbortController();
    await this._importer.importStreams(
      files.map((e) => ({
        name: e.name,
        size: e.size,
        stream: resumableDownload(this._opener(e.id), e.size, { signal: cancel.signal }),
      })),
      () => {
        cancel.abort();
      },
    );
  }

  /** Opens a file's download at an offset, through its (short-lived) download URL, fetched afresh if stale. */
  private _opener(id: string): OpenAt {
    let url: string | undefined;
    return async (offset, signal) => {
      for (let attempt = 0; ; attempt++) {
        url ??= await this._downloadUrl(id, signal);
        // No Authorization header: the URL carries its own short-lived permission.
        const response = await throttledFetch(
          url,
          {
            headers: rangeHeader(offset),
            cache: 'no-store',
            credentials: 'omit',
            referrerPolicy: 'no-referrer',
          },
          { signal },
        );
        if (attempt > 0 || ![401, 403, 404, 410].includes(response.status)) return response;
        await response.body?.cancel();
        url = undefined;
      }
    };
  }

  private async _downloadUrl(id: string, signal: AbortSignal): Promise<string> {
    let item: DriveItem;
    try {
      const select = '$select=id,name,size,@microsoft.graph.downloadUrl';
      item = await this._graph.get<DriveItem>(
        `${GRAPH_ROOT}/me/drive/items/${encodeURIComponent(id)}?${select}`,
        signal,
      );
    } catch (error) {
      if (error instanceof OfflineError || signal.aborted) throw error; // the download tries again
      throw new DownloadRefused(
        error instanceof GraphError
          ? `OneDrive could not find the file (${error.message}).`
          : 'Not signed in.',
      );
    }
    const url = item['@microsoft.graph.downloadUrl'];
    const authority = this._auth.settings?.authority ?? DEFAULT_AUTHORITY;
    if (!url || !isDownloadUrl(url, authority))
      throw new DownloadRefused('OneDrive gave no usable download address.');
    return url;
  }

  private async _entries(items: readonly DriveItem[]): Promise<DriveEntry[]> {
    const history = await this._history().catch(() => []);
    const done = new Set(
      history.filter((r) => r.status === 'done').map((r) => `${r.fileName}\u0000${String(r.size)}`),
    );
    return items
      .filter((item) => item.file !== undefined || item.folder !== undefined)
      .map((item): DriveEntry => {
        const size = item.size ?? 0;
        const location = locationOf(item);
        return {
          id: item.id,
          name: item.name,
          kind: item.folder ? 'folder' : 'file',
          size,
          modified: timeOf(item.lastModifiedDateTime),
          ...(location === undefined ? {} : { location }),
          imported: Boolean(item.file) && done.has(`${item.name}\u0000${String(size)}`),
        };
      })
      .sort(byFoldersThenNewest);
  }
}
