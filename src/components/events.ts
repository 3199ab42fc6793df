/** Typed events that elements send up to the shell. */
import type { CountryCode } from '../model/address';
import type { DriveEntry } from '../services/onedrive';
import type { Theme } from '../services/theme';
import type { TimesChoice } from '../model/shown-time';

/** The person chose "Reload" on the update notice. */
export class UpdateAcceptEvent extends Event {
  static readonly type = 'tk-update-accept';
  constructor() {
    super(UpdateAcceptEvent.type, { bubbles: true, composed: true });
  }
}

/** The person asked to import: open the file chooser. */
export class ImportRequestEvent extends Event {
  static readonly type = 'tk-import-request';
  constructor() {
    super(ImportRequestEvent.type, { bubbles: true, composed: true });
  }
}

/** The person asked for the shipped sample archive. */
export class SampleRequestEvent extends Event {
  static readonly type = 'tk-sample-request';
  constructor() {
    super(SampleRequestEvent.type, { bubbles: true, composed: true });
  }
}

/** The person chose "Cancel import". */
export class ImportCancelEvent extends Event {
  static readonly type = 'tk-import-cancel';
  constructor() {
    super(ImportCancelEvent.type, { bubbles: true, composed: true });
  }
}

/** The person cancelled the imports that wait for the running one to finish. */
export class ImportQueueCancelEvent extends Event {
  static readonly type = 'tk-import-queue-cancel';
  constructor() {
    super(ImportQueueCancelEvent.type, { bubbles: true, composed: true });
  }
}

/** The person chose OneDrive files to import (they go through the same door as files on the device). */
export class OneDriveImportEvent extends Event {
  static readonly type = 'tk-onedrive-import';
  constructor(readonly entries: readonly DriveEntry[]) {
    super(OneDriveImportEvent.type, { bubbles: true, composed: true });
  }
}

/** The person dismissed an import's outcome. */
export class ImportDismissEvent extends Event {
  static readonly type = 'tk-import-dismiss';
  constructor() {
    super(ImportDismissEvent.type, { bubbles: true, composed: true });
  }
}

/** The person chose another default region for phone numbers. */
export class RegionChangeEvent extends Event {
  static readonly type = 'tk-region-change';
  constructor(readonly region: CountryCode) {
    super(RegionChangeEvent.type, { bubbles: true, composed: true });
  }
}

/** The person chose a colour theme in settings. */
export class ThemeChangeEvent extends Event {
  static readonly type = 'tk-theme-change';
  constructor(readonly theme: Theme) {
    super(ThemeChangeEvent.type, { bubbles: true, composed: true });
  }
}

/** The person chose which clock message times are shown by (Settings → Times). */
export class TimesChangeEvent extends Event {
  static readonly type = 'tk-times-change';
  constructor(readonly times: TimesChoice) {
    super(TimesChangeEvent.type, { bubbles: true, composed: true });
  }
}

/** The person asked the browser to keep Textkeep's data when space runs low. */
export class PersistRequestEvent extends Event {
  static readonly type = 'tk-persist-request';
  constructor() {
    super(PersistRequestEvent.type, { bubbles: true, composed: true });
  }
}

/** The person confirmed "Delete all data". */
export class DeleteAllDataEvent extends Event {
  static readonly type = 'tk-delete-all-data';
  constructor() {
    super(DeleteAllDataEvent.type, { bubbles: true, composed: true });
  }
}

/** The person pressed "Re-group conversations" (settings, after a region change). */
export class RegroupRequestEvent extends Event {
  static readonly type = 'tk-regroup-request';
  constructor() {
    super(RegroupRequestEvent.type, { bubbles: true, composed: true });
  }
}

/** A confirmation dialog closed: confirmed or not (stays inside the element that opened it). */
export class DialogCloseEvent extends Event {
  static readonly type = 'tk-dialog-close';
  constructor(readonly confirmed: boolean) {
    super(DialogCloseEvent.type);
  }
}

/** A picture or video in a message finished loading and changed its row's height. */
export class MediaResizeEvent extends Event {
  static readonly type = 'tk-media-resize';
  constructor() {
    super(MediaResizeEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [MediaResizeEvent.type]: MediaResizeEvent;
    [UpdateAcceptEvent.type]: UpdateAcceptEvent;
    [ImportRequestEvent.type]: ImportRequestEvent;
    [SampleRequestEvent.type]: SampleRequestEvent;
    [ImportCancelEvent.type]: ImportCancelEvent;
    [ImportDismissEvent.type]: ImportDismissEvent;
    [ImportQueueCancelEvent.type]: ImportQueueCancelEvent;
    [OneDriveImportEvent.type]: OneDriveImportEvent;
    [RegionChangeEvent.type]: RegionChangeEvent;
    [ThemeChangeEvent.type]: ThemeChangeEvent;
    [TimesChangeEvent.type]: TimesChangeEvent;
    [PersistRequestEvent.type]: PersistRequestEvent;
    [DeleteAllDataEvent.type]: DeleteAllDataEvent;
    [RegroupRequestEvent.type]: RegroupRequestEvent;
    [DialogCloseEvent.type]: DialogCloseEvent;
  }
}
