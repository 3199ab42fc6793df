import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Lets a person drop files anywhere on the window; `dragging` is true while files hover over it. */
export class FileDropController implements ReactiveController {
  /** Whether files are being dragged over the window. */
  dragging = false;
  private _depth = 0;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _onFiles: (files: File[]) => void,
  ) {
    _host.addController(this);
  }

  private readonly _onEnter = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    this._depth++;
    this._set(true);
  };

  private readonly _onOver = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };

  private readonly _onLeave = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    this._depth = Math.max(0, this._depth - 1);
    if (this._depth === 0) this._set(false);
  };

  private readonly _onDrop = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    this._depth = 0;
    this._set(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) this._onFiles(files);
  };

  hostConnected(): void {
    window.addEventListener('dragenter', this._onEnter);
    window.addEventListener('dragover', this._onOver);
    window.addEventListener('dragleave', this._onLeave);
    window.addEventListener('drop', this._onDrop);
  }

  hostDisconnected(): void {
    window.removeEventListener('dragenter', this._onEnter);
    window.removeEventListener('dragover', this._onOver);
    window.removeEventListener('dragleave', this._onLeave);
    window.removeEventListener('drop', this._onDrop);
  }

  private _set(dragging: boolean): void {
    if (this.dragging === dragging) return;
    this.dragging = dragging;
    this._host.requestUpdate();
  }
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}
