/** The rows the conversation view draws: messages with a separator before each new day. Pure. */
import { shownWall, type TimesChoice } from '../model/shown-time';
import type { Message } from '../model/types';

/** A day separator or a message; a day's `wall` is its first message's shown wall clock (UTC fields). */
export type Row =
  | { kind: 'day'; key: string; label: string; time: number; wall: number }
  | { kind: 'message'; key: string; message: Message; index: number };

/** Which clock the rows follow: the "Times" choice and the device's zone. */
export interface RowClock {
  times: TimesChoice;
  timeZone: string;
}

const dayKey = (wall: Date): string =>
  `${String(wall.getUTCFullYear())}-${String(wall.getUTCMonth())}-${String(wall.getUTCDate())}`;

const deviceClock = (): RowClock => ({
  times: 'phone',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
});

/**
 * Rows for messages in time order; a new day starts where the shown wall clock (as on the phone, or in the
 * device's zone) passes midnight. `index` is the message's place in `messages`.
 */
export function messageRows(messages: readonly Message[], locale?: string, clock = deviceClock()): Row[] {
  const rows: Row[] = [];
  const format = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  let lastDay = '';
  messages.forEach((message, index) => {
    const wall = shownWall(message.time, message.offset, clock.times, clock.timeZone);
    const date = new Date(wall);
    const day = dayKey(date);
    if (day !== lastDay) {
      lastDay = day;
      rows.push({ kind: 'day', key: `day-${day}`, label: format.format(date), time: message.time, wall });
    }
    rows.push({ kind: 'message', key: message.id, message, index });
  });
  return rows;
}

/** The index of the first row on or after the start of the given shown day (`yyyy-mm-dd`), else the last row. */
export function rowIndexForDay(rows: readonly Row[], isoDay: string): number {
  const [y, m, d] = isoDay.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return rows.length - 1;
  const start = Date.UTC(y, m - 1, d);
  const index = rows.findIndex((row) => row.kind === 'day' && row.wall >= start);
  return index === -1 ? rows.length - 1 : index;
}
