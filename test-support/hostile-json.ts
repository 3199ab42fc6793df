/**
 * Hostile Textkeep JSON exports (issue 12), written as the exporter lays a file out (two-space indent, one
 * message a line): a conversation of 20,000 participants, and a message text of 20 MB made on the fly as a
 * stream. Pure, so the end-to-end spec writes the same files to disk.
 */
import { BEFORE_DATE, HOSTILE_ADDRESS, repeatedLength, repeatedStream } from './hostile-inputs';

/** The head of an export up to the participants list, open. */
const HEAD =
  '{\n  "format": "textkeep.conversation",\n  "version": 1,\n  "generator": "Textkeep",\n' +
  '  "exportedAt": "2024-01-01T00:00:00.000Z",\n  "timeZone": "Europe/Paris",\n  "numbersHidden": false,\n' +
  '  "range": {\n    "from": null,\n    "to": null\n  },\n  "conversation": {\n    "title": "Hostile",\n' +
  '    "isGroup": true,\n    "participants": [';

/** One participant as the exporter writes it. */
export function participantJson(address: string): string {
  return `\n      {\n        "address": "${address}"\n      }`;
}

/** One message line as the exporter writes it (`text` already escaped for JSON, without quotes). */
export function messageJson(text: string, time: number, extra = ''): string {
  return (
    `{"id":"m${String(time)}","time":"${new Date(time).toISOString()}","direction":"in","status":"received",` +
    `"sender":"${HOSTILE_ADDRESS}","senderName":"","text":"${text}","attachments":[]${extra}}`
  );
}

/** A whole export: `participants` as written, then the message lines. */
export function exportJson(participants: readonly string[], messages: readonly string[]): string {
  return (
    HEAD +
    participants.map(participantJson).join(',') +
    '\n    ]\n  },\n  "messages": [' +
    messages.map((m) => `\n    ${m}`).join(',') +
    '\n  ]\n}\n'
  );
}

/** `count` distinct participants' addresses. */
export function participantAddresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `+1555${String(1_000_000 + i)}`);
}

/** An export of one message in a conversation of `count` participants (the case: 20,000). */
export function manyParticipantsJson(count: number): string {
  return exportJson(participantAddresses(count), [messageJson('hello all', BEFORE_DATE)]);
}

/** The text the huge message repeats. */
export const HUGE_TEXT_FILL = 'All work and no play. ';

/**
 * An export of three messages, "before", one whose text is `chars` characters, and "after", made chunk by
 * chunk as it is read (the case: 20 MB).
 */
export function hugeTextJson(chars: number): { size: number; stream: () => ReadableStream<Uint8Array> } {
  const mark = '\u0000';
  const [open = '', close = ''] = exportJson(
    [HOSTILE_ADDRESS],
    [messageJson('before', BEFORE_DATE), mark, messageJson('after', BEFORE_DATE + 2000)],
  ).split(mark);
  const [textOpen = '', textClose = ''] = messageJson(mark, BEFORE_DATE + 1000).split(mark);
  const before = open + textOpen;
  const after = textClose + close;
  return {
    size: repeatedLength(before, chars, after),
    stream: () => repeatedStream(before, HUGE_TEXT_FILL, chars, after),
  };
}
