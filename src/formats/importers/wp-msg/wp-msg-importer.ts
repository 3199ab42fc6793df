/**
 * Windows Phone "contacts+message backup" `.msg` files (FORMATS.md §2.2–2.4): .NET XmlSerializer output,
 * `<ArrayOfMessage>` of `<Message>`. Bytes → streaming UTF-8 → the repair pre-pass (surrogate-pair
 * references, `&#x11;`, and the attachments' base64 lifted aside) → saxes, one batch of items per chunk.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ImportItem, ImportProblem, Importer, ParseOptions } from '../../contract';
import { XmlRepair } from '../../xml/repair';
import { MAX_ATTACHMENTS, MAX_PARTICIPANTS, MAX_TEXT_CHARS } from '../../limits';
import { ProblemTally } from '../shared/problems';
import { readText } from '../shared/read-text';
import { prepareSha256 } from '../../media/sha256';
import { LiftedPart } from './lifted-part';
import { WpMessage, type WpAttachment } from './wp-message';

const HEAD = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<ArrayOfMessage[\s>/]/;
const DATA = 'AttachmentDataBase64String';

/** The Windows Phone backup importer. */
export const wpMsgImporter: Importer = {
  id: 'wp-msg',
  label: 'Windows Phone backup',
  detect(head) {
    return HEAD.test(head);
  },
  parse(source, options) {
    return parseWpMsg(source, options);
  },
};

/** saxes events → messages. Fields are matched by name under their parent, never by position. */
class WpMsgHandler {
  readonly problems = new ProblemTally();
  /** Lifted values by the `lift:N` reference saxes sees in their place. */
  readonly parts = new Map<string, LiftedPart>();
  rootClosed = false;
  /** The first parse error's line; nothing after it is read. */
  errorLine: number | undefined;
  private readonly _stack: string[] = [];
  private _text = '';
  private _message: WpMessage | undefined;
  private _attachment: WpAttachment | undefined;

  constructor(
    parser: SaxesParser<{ xmlns: false; position: true }>,
    private readonly _emit: (item: ImportItem) => void,
  ) {
    parser.on('error', () => {
      this.errorLine ??= parser.line;
    });
    parser.on('opentag', (tag: SaxesTagPlain) => {
      if (this.errorLine === undefined) this._open(tag.name);
    });
    parser.on('text', (text) => {
      this._addText(text, parser.line);
    });
    parser.on('cdata', (text) => {
      this._addText(text, parser.line);
    });
    parser.on('closetag', (tag: SaxesTagPlain) => {
      if (this.errorLine === undefined) this._close(tag.name, parser.line);
    });
  }

  /**
   * Text of the element being read. Text interleaved with comments or CDATA sections comes in pieces, each
   * bounded by the pre-pass; their sum is bounded here the same way (past it, the file is damaged).
   */
  private _addText(text: string, line: number): void {
    if (this._text.length + text.length > MAX_TEXT_CHARS) this.errorLine ??= line;
    else this._text += text;
  }

  private _open(name: string): void {
    this._stack.push(name);
    this._text = '';
    if (name === 'Message' && this._stack.length === 2) this._message = new WpMessage();
    else if (name === 'MessageAttachment' && this._message) this._attachment = { type: '', part: undefined };
  }

  /** An element ends; past the bounds of limits.ts the file is damaged at `line`. */
  private _close(name: string, line: number): void {
    const text = this._text;
    this._text = '';
    this._stack.pop();
    const parent = this._stack[this._stack.length - 1];
    const message = this._message;
    if (name === DATA) {
      // Take the lifted value whatever the context, so none stays in the map.
      const part = this._part(text.trim());
      if (this._attachment && parent === 'MessageAttachment') this._attachment.part = part;
    } else if (name === 'ArrayOfMessage' && this._stack.length === 0) {
      this.rootClosed = true;
    } else if (!message) {
      return;
    } else if (name === 'Message' && this._stack.length === 1) {
      this._message = undefined;
      for (const item of message.build(this.problems)) this._emit(item);
    } else if (parent === 'Message') {
      this._field(message, name, text);
    } else if (name === 'string' && parent === 'Recepients') {
      const address = text.trim();
      if (!address) return;
      if (message.recipients.length < MAX_PARTICIPANTS) message.recipients.push(address);
      else this.errorLine ??= line;
    } else if (name === 'AttachmentContentType' && parent === 'MessageAttachment' && this._attachment) {
      this._attachment.type = text.trim();
    } else if (name === 'MessageAttachment' && this._attachment) {
      if (message.attachments.length < MAX_ATTACHMENTS) message.attachments.push(this._attachment);
      else this.errorLine ??= line;
      this._attachment = undefined;
    }
  }

  private _field(message: WpMessage, name: string, text: string): void {
    switch (name) {
      case 'Body':
        message.body = text;
        break;
      case 'IsIncoming':
        message.isIncoming = text;
        break;
      case 'LocalTimestamp':
        message.timestamp = text;
        break;
      case 'Sender':
        message.sender = text.trim();
        break;
      case 'Address':
        message.address = text.trim();
        break;
    }
  }

  /** The lifted value saxes saw as `ref`; a value the pre-pass did not lift is decoded from its text. */
  private _part(ref: string): LiftedPart | undefined {
    const lifted = this.parts.get(ref);
    if (lifted) {
      this.parts.delete(ref);
      return lifted;
    }
    if (ref === '') return undefined;
    const inline = new LiftedPart();
    inline.push(ref);
    return inline;
  }
}

async function* parseWpMsg(
  source: ReadableStream<Uint8Array>,
  options: ParseOptions,
): AsyncGenerator<ImportItem[]> {
  await prepareSha256();
  let batch: ImportItem[] = [];
  const parser = new SaxesParser({ xmlns: false, position: true });
  const handler = new WpMsgHandler(parser, (item) => batch.push(item));
  const repair = new XmlRepair({
    liftElements: [DATA],
    onLiftStart: (ref) => handler.parts.set(ref, new LiftedPart()),
    onLiftData: (ref, chunk) => handler.parts.get(ref)?.push(chunk),
  });
  /** Feeds saxes; false once the XML is broken or past the pre-pass's bounds (what came before is kept). */
  const feed = (xml: string): boolean => {
    if (xml) parser.write(xml);
    if (repair.limit !== undefined) handler.errorLine ??= parser.line;
    return handler.errorLine === undefined;
  };
  /** The batch so far, its problems, and a fatal one last when the file ends here. */
  const take = (fatal?: ImportProblem): ImportItem[] => {
    const items = batch.concat(handler.problems.drain());
    if (fatal) items.push(fatal);
    batch = [];
    return items;
  };
  const malformed = (): ImportProblem => ({
    kind: 'problem',
    reason: 'malformed',
    count: 1,
    fatal: true,
    detail: `line ${String(handler.errorLine)}`,
  });
  for await (const text of readText(source, options)) {
    const ok = feed(repair.push(text));
    const items = take(ok ? undefined : malformed());
    if (items.length > 0) yield items;
    if (!ok) return;
  }
  if (options.signal?.aborted) return;
  const ok = feed(repair.end());
  // A file cut off before `</ArrayOfMessage>` keeps its complete messages; the one cut in half is lost.
  const truncated: ImportProblem = { kind: 'problem', reason: 'truncated', count: 1, fatal: true };
  const items = take(!ok ? malformed() : handler.rootClosed ? undefined : truncated);
  if (items.length > 0) yield items;
}
