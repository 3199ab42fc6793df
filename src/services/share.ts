/**
 * Handing a finished export to the person: the system share sheet (Web Share) where the platform can share
 * that file, else a save. Chromium's rules are checked here first, so the person gets a clear sentence
 * instead of a silent refusal: at most 10 files, 50 MiB in all, and only the file types on its allow-list
 * (no .json, no .zip).
 */

/** Chromium's Web Share limits (share_service_impl.cc). */
export const SHARE_LIMITS = { files: 10, bytes: 50 * 1024 * 1024 } as const;

/** The extensions Chromium lets a page share (its allow-list; others are refused with NotAllowedError). */
const SHAREABLE = new Set([
  'bmp',
  'css',
  'csv',
  'ehtml',
  'flac',
  'gif',
  'htm',
  'html',
  'ico',
  'jfif',
  'jpeg',
  'jpg',
  'm4a',
  'm4v',
  'mp3',
  'mp4',
  'mpeg',
  'mpg',
  'oga',
  'ogg',
  'ogm',
  'ogv',
  'opus',
  'pdf',
  'pjp',
  'pjpeg',
  'png',
  'shtm',
  'shtml',
  'svg',
  'svgz',
  'text',
  'tif',
  'tiff',
  'txt',
  'wav',
  'weba',
  'webm',
  'webp',
  'xbm',
]);

/** Why these files cannot be shared from here (a sentence for the person), or undefined when they can. */
export function shareRefusal(files: readonly File[]): string | undefined {
  if (typeof navigator.share !== 'function') {
    return 'This browser cannot share files. Use Save instead.';
  }
  if (files.length > SHARE_LIMITS.files) {
    return `Sharing is limited to ${String(SHARE_LIMITS.files)} files at once. Use Save instead.`;
  }
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  if (bytes > SHARE_LIMITS.bytes) {
    // One picture too large can be made smaller to share: the picture export cuts it into parts.
    return files.length === 1 && files[0]?.type === 'image/png'
      ? 'This picture is larger than the 50 MB the share sheet accepts: use Save, or choose “Split into parts”.'
      : 'This file is larger than the 50 MB the share sheet accepts. Use Save instead.';
  }
  const refused = files.find((f) => !SHAREABLE.has(f.name.split('.').pop()?.toLowerCase() ?? ''));
  if (refused) {
    const extension = refused.name.split('.').pop() ?? '';
    return `Browsers do not share .${extension} files. Use Save instead.`;
  }
  if (typeof navigator.canShare === 'function' && !navigator.canShare({ files: [...files] })) {
    return 'This device cannot share this file. Use Save instead.';
  }
  return undefined;
}

/** Whether this browser has a share sheet at all (the dialog shows "Share" only then). */
export function canShareFiles(): boolean {
  return typeof navigator.share === 'function';
}

/** Opens the share sheet; 'cancelled' when the person closed it. Needs a fresh click (user activation). */
export async function shareFiles(files: readonly File[], title: string): Promise<'shared' | 'cancelled'> {
  try {
    await navigator.share({ files: [...files], title });
    return 'shared';
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
    throw error;
  }
}

interface SavePickerWindow {
  showSaveFilePicker?: (options: {
    suggestedName: string;
    types?: { description: string; accept: Record<string, string[]> }[];
  }) => Promise<FileSystemFileHandle>;
}

/** Whether the browser can write straight into a file the person chooses. */
export function hasSavePicker(): boolean {
  return typeof (window as SavePickerWindow).showSaveFilePicker === 'function';
}

/**
 * Asks where to save (showSaveFilePicker); undefined when the browser has no picker, 'cancelled' when the
 * person closed it. Needs a fresh click.
 */
export async function pickSaveFile(
  name: string,
  type: string,
): Promise<FileSystemFileHandle | 'cancelled' | undefined> {
  const picker = (window as SavePickerWindow).showSaveFilePicker;
  if (!picker) return undefined;
  const extension = name.slice(name.lastIndexOf('.'));
  try {
    return await picker.call(window, {
      suggestedName: name,
      types: [
        {
          description: extension.slice(1).toUpperCase(),
          accept: { [type.split(';')[0] ?? type]: [extension] },
        },
      ],
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
    // SecurityError: the click that asked is too old; a download still works.
    return undefined;
  }
}

/** Saves a file: into the place the person picks where the browser can ask, else as a download. */
export async function saveFile(file: Blob, name: string): Promise<'saved' | 'cancelled'> {
  const handle = await pickSaveFile(name, file.type || 'application/octet-stream');
  if (handle === 'cancelled') return 'cancelled';
  if (handle) {
    const writable = await handle.createWritable();
    await file.stream().pipeTo(writable);
    return 'saved';
  }
  download(file, name);
  return 'saved';
}

/** A download through a temporary link; the object URL is revoked once the download has started. */
export function download(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
