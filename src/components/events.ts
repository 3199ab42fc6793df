/** Typed events that elements send up to the shell. */
import type { CountryCode } from '../model/address';

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

declare global {
  interface HTMLElementEventMap {
    [UpdateAcceptEvent.type]: UpdateAcceptEvent;
    [ImportRequestEvent.type]: ImportRequestEvent;
    [SampleRequestEvent.type]: SampleRequestEvent;
    [ImportCancelEvent.type]: ImportCancelEvent;
    [ImportDismissEvent.type]: ImportDismissEvent;
    [RegionChangeEvent.type]: RegionChangeEvent;
  }
}
