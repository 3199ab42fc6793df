/**
 * Bounds on what one archive may ask of the importer, shared by every format. Real archives stay far inside
 * them; past one, a file is damaged (or hostile), and its reading stops there with a `malformed` problem,
 * keeping what came before, instead of taking all the memory or time there is.
 */

/**
 * Longest text held as one string: one XML tag with its attribute values, one text, comment or declaration
 * (lifted base64 aside), one line or message text of the text formats. The longest text a phone writes is an
 * MMS text part of under 1 MB; saxes would hold a 1 GB `body="…"` whole, and more than once. Checked as the
 * text streams in, chunk by chunk: a text may pass it by up to one chunk before it is stopped.
 */
export const MAX_TEXT_CHARS = 1 << 21;

/** Deepest element nesting read: real archives nest 4 or 5 deep, and each open element costs memory. */
export const MAX_DEPTH = 256;

/**
 * Attachments (MMS parts) of one message: carriers cap an MMS at a few hundred KB, a handful of parts. Small
 * attachments stay in memory until their message ends, so their number is what bounds that memory.
 */
export const MAX_ATTACHMENTS = 64;

/** Other participants of one message: group MMS and RCS groups reach a hundred at most. */
export const MAX_PARTICIPANTS = 256;

/** The input passed one of the bounds above: nothing more of the file should be read. */
export class LimitError extends Error {
  constructor(readonly limit: 'depth' | 'length') {
    super(limit === 'depth' ? 'elements nested too deep' : 'a value or text too long');
    this.name = 'LimitError';
  }
}
