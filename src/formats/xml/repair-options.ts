/** The public shapes of the XML repair pre-pass (`XmlRepair` in repair.ts): what to lift, and what was repaired. */

/** What to lift, and where the lifted characters go. Callbacks run inside `push`/`end`, in document order. */
export interface RepairOptions {
  /** Attributes (on any element) whose values are lifted, e.g. `['data']`. */
  liftAttributes?: readonly string[];
  /** Elements whose text content (up to the next `<`) is lifted, e.g. `['AttachmentDataBase64String']`. */
  liftElements?: readonly string[];
  /** A lifted value begins; saxes will see `ref` (`lift:N`) in its place. */
  onLiftStart?: (ref: string) => void;
  /** The next piece of a lifted value, raw (references undecoded). Pieces are slices of pushed chunks. */
  onLiftData?: (ref: string, chunk: string) => void;
  /** The lifted value is complete. Not called for a value cut off by the end of the file. */
  onLiftEnd?: (ref: string) => void;
}

/** What the pre-pass changed, for the import report. */
export interface RepairStats {
  surrogatePairsJoined: number;
  /** Lone surrogate references, each replaced by `&#xFFFD;`. */
  loneSurrogates: number;
  /** Forbidden characters dropped: raw controls, and references to controls or to no character at all. */
  controlsDropped: number;
  rawLtEscaped: number;
  /** Raw `&` that begins no reference, escaped as `&amp;` (third-party converters, like raw `<`). */
  rawAmpEscaped: number;
  lifted: number;
}
