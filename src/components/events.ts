/** Typed events that elements send up to the shell. */

/** The person chose "Reload" on the update notice. */
export class UpdateAcceptEvent extends Event {
  static readonly type = 'tk-update-accept';
  constructor() {
    super(UpdateAcceptEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [UpdateAcceptEvent.type]: UpdateAcceptEvent;
  }
}
