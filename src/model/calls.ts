/**
 * The words for a phone call from a call log, one set for the conversation view, the list and every export,
 * so they cannot disagree. Pure.
 */
import type { Call, CallType } from './types';

const CALL_WORDS: Record<CallType, string> = {
  incoming: 'Incoming call',
  outgoing: 'Outgoing call',
  missed: 'Missed call',
  voicemail: 'Voicemail',
  rejected: 'Declined call',
  blocked: 'Blocked call',
};

/** What the call was: "Missed call", "Outgoing call", "Voicemail". */
export const callWords = (call: Pick<Call, 'type'>): string => CALL_WORDS[call.type];

/**
 * How long a call lasted, for people: "45 s", "12 min", "1 h 5 min" (rounded to the minute from a minute on);
 * undefined for a call of no length (missed, declined, not answered).
 */
export function durationWords(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  if (seconds < 60) return `${String(Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${String(minutes)} min`;
  const rest = minutes % 60;
  return `${String(Math.floor(minutes / 60))} h${rest ? ` ${String(rest)} min` : ''}`;
}

/** The call in one line: "Outgoing call · 12 min", "Missed call". */
export function callLine(call: Call): string {
  const duration = durationWords(call.duration);
  return duration ? `${callWords(call)} · ${duration}` : callWords(call);
}
