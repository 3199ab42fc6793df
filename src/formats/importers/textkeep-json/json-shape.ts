/**
 * Builds values from JSON tokens along a shape, and only there: fields the shape does not name, and values
 * of another kind than it expects, are read past without being kept (the `done` of a value of the wrong kind
 * sees a scalar as it is, a container as undefined), so what a file holds beyond the shape costs no memory. An array may hand its elements over one by one instead of keeping them (`keep: false`),
 * and may bound how many it takes (`max`): one more is `LimitError('length')`.
 */
import { LimitError } from '../../limits';
import type { JsonToken } from './json-tokenizer';

/** What to build: a scalar (string, number, boolean, null), an object of named fields, or an array. */
export type Shape = (
  | { kind: 'scalar' }
  | { kind: 'object'; fields: Readonly<Record<string, Shape>> }
  | { kind: 'array'; of: Shape; keep?: boolean; max?: number }
) & {
  /** Called with the value once it is complete. */
  done?: (value: unknown) => void;
};

/**
 * A container being read: `shape` is what was expected there (undefined where nothing was), `fits` whether
 * the container is of that kind (else it is read past, and its `done` sees undefined).
 */
interface Frame {
  shape: Shape | undefined;
  fits: boolean;
  value: Record<string, unknown> | unknown[] | undefined;
  key: string | undefined;
  count: number;
}

/** Feeds tokens in order with `token`; the shape's `done` callbacks see the values. */
export class ShapeReader {
  private readonly _stack: Frame[] = [];
  private _started = false;

  constructor(private readonly _root: Shape) {}

  /** Takes the next token of the text. */
  token(token: JsonToken): void {
    const top = this._stack.at(-1);
    switch (token.kind) {
      case 'key':
        if (top) top.key = token.text;
        return;
      case '{':
      case '[': {
        const shape = this._child(top);
        const fits = shape?.kind === (token.kind === '{' ? 'object' : 'array');
        this._stack.push({
          shape,
          fits,
          value: fits ? (token.kind === '{' ? {} : []) : undefined,
          key: undefined,
          count: 0,
        });
        return;
      }
      case '}':
      case ']': {
        const frame = this._stack.pop();
        if (!frame?.shape) return;
        if (frame.fits) this._complete(this._stack.at(-1), frame.shape, frame.value);
        else frame.shape.done?.(undefined);
        return;
      }
      default: {
        const shape = this._child(top);
        const value = 'text' in token ? token.text : token.value;
        if (shape?.kind === 'scalar') this._complete(top, shape, value);
        else shape?.done?.(value);
      }
    }
  }

  /** The shape of the next value inside `parent` (the root's without one), counting array elements. */
  private _child(parent: Frame | undefined): Shape | undefined {
    if (!parent) {
      if (this._started) return undefined;
      this._started = true;
      return this._root;
    }
    const shape = parent.shape;
    if (!shape || !parent.fits) return undefined;
    if (shape.kind === 'object') {
      const key = parent.key;
      return key !== undefined && Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
    }
    if (shape.kind !== 'array') return undefined;
    parent.count++;
    if (shape.max !== undefined && parent.count > shape.max) throw new LimitError('length');
    return shape.of;
  }

  private _complete(parent: Frame | undefined, shape: Shape, value: unknown): void {
    shape.done?.(value);
    if (!parent?.value) return;
    if (Array.isArray(parent.value)) {
      if (parent.shape?.kind === 'array' && parent.shape.keep !== false) parent.value.push(value);
    } else if (parent.key !== undefined) parent.value[parent.key] = value;
  }
}
