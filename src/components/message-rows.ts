/** The rows the conversation view draws: messages with a separator before each new day. Pure. */
import type { Message } from '../model/types';

/** A day separator or a message. */
export type Row =
  | { kind: 'day'; key: string; label: string; time: number }
  | { kind: 'message'; key: string; message: Message; index: number };

const dayKey = (date: Date): string =>
  `${String(date.getFullYear())}-${String(date.getMonth())}-${String(date.getDate())}`;

/** Rows for messages in time order, in the device's time zone; `index` is the message's place in `messages`. */
export function messageRows(messages: readonly Message[], locale?: string): Row[] {
  const rows: Row[] = [];
  const format = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  let lastDay = '';
  messages.forEach((message, index) => {
    const date = new Date(message.time);
    const day = dayKey(date);
    if (day !== lastDay) {
      lastDay = day;
      rows.push({ kind: 'day', key: `day-${day}`, label: format.format(date), time: message.time });
    }
    rows.push({ kind: 'message', key: message.id, message, index });
  });
  return rows;
}

/** The index of the first row on or after the start of the given local day (`yyyy-mm-dd`), else the last row. */
export function rowIndexForDay(rows: readonly Row[], isoDay: string): number {
  const [y, m, d] = isoDay.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return rows.length - 1;
  const start = new Date(y, m - 1, d).getTime();
  const index = rows.findIndex((row) => row.kind === 'day' && row.time >= start);
  return index === -1 ? rows.length - 1 : index;
}

/** The time zone name to show beside a message's time when its UTC offset differs from the device's now. */
export function zoneLabel(time: number, now: number = Date.now(), locale?: string): string | undefined {
  if (new Date(time).getTimezoneOffset() === new Date(now).getTimezoneOffset()) return undefined;
  const parts = new Intl.DateTimeFormat(locale, { timeZoneName: 'short' }).formatToParts(new Date(time));
  return parts.find((p) => p.type === 'timeZoneName')?.value;
}
