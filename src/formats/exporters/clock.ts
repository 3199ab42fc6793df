/**
 * Fast local date and time for exports: Intl's formatToParts costs about 10 µs a call, which alone would take
 * half the 1 s budget of a 50,000-message export. The zone's offset is looked up once per UTC day (and per
 * message only on the rare days the offset changes), then the wall clock is plain arithmetic.
 */

import { offsetAt } from '../../model/time';
import { isOffset, type TimesChoice } from '../../model/shown-time';

const DAY_MS = 86_400_000;

/** A moment as a clock in the export's zone showed it. */
export interface LocalTime {
  /** `2024-01-05` */
  date: string;
  /** `14:03` */
  time: string;
  /** `14:03:09` */
  timeWithSeconds: string;
  /** `UTC+01:00` */
  zone: string;
  /** ms to add to UTC to get the wall clock */
  offset: number;
}

const pad2 = (n: number): string => (n < 10 ? `0${String(n)}` : String(n));

/** Formats instants in one IANA zone. */
export class ZoneClock {
  private readonly _days = new Map<number, number | null>();

  /** `times`: whether a message's own offset (the phone's, where known) wins over the zone's ('phone'). */
  constructor(
    readonly timeZone: string,
    readonly times: TimesChoice = 'phone',
  ) {
    // An unknown zone throws here, at once, rather than on the first message.
    offsetAt(0, timeZone);
  }

  /** The zone's offset from UTC at `t`, ms. */
  offsetAt(t: number): number {
    const day = Math.floor(t / DAY_MS);
    let cached = this._days.get(day);
    if (cached === undefined) {
      const start = this._exactOffset(day * DAY_MS);
      const end = this._exactOffset(day * DAY_MS + DAY_MS - 1);
      // null: the offset changes during this UTC day, so each moment of it is looked up.
      cached = start === end ? start : null;
      this._days.set(day, cached);
    }
    return cached ?? this._exactOffset(t);
  }

  /** Date, time and zone of `t` in the zone. */
  local(t: number): LocalTime {
    return localAt(t, this.offsetAt(t));
  }

  /** Date, time and zone a message is written with: as on the phone where its offset is known and chosen. */
  message(m: { time: number; offset?: number | undefined }): LocalTime {
    return this.times === 'phone' && isOffset(m.offset)
      ? localAt(m.time, m.offset * 60_000)
      : this.local(m.time);
  }

  /** ISO 8601 with the zone's offset: `2024-01-05T14:03:09+01:00`. */
  iso(t: number): string {
    const l = this.local(t);
    const z = l.zone.slice(3);
    return `${l.date}T${l.timeWithSeconds}${z === '' ? 'Z' : z}`;
  }

  private _exactOffset(t: number): number {
    return offsetAt(t, this.timeZone);
  }
}

function localAt(t: number, offset: number): LocalTime {
  const d = new Date(t + offset);
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return {
    date: `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`,
    time,
    timeWithSeconds: `${time}:${pad2(d.getUTCSeconds())}`,
    zone: zoneName(offset),
    offset,
  };
}

/** `UTC`, `UTC+01:00`, `UTC-03:30`. */
export function zoneName(offset: number): string {
  if (offset === 0) return 'UTC';
  const minutes = Math.round(Math.abs(offset) / 60_000);
  return `UTC${offset < 0 ? '-' : '+'}${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}
