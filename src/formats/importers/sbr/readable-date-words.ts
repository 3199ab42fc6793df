/**
 * The words SB&R's `readable_date` can hold (it is the phone's locale, java.text.DateFormat MEDIUM): month
 * names and abbreviations in English, French, German, Spanish, Italian, Portuguese, Dutch, Russian and the
 * Scandinavian languages, lowercased, without their trailing dot; AM/PM markers; and the small words some
 * locales put between the parts ("3 de nov. de 2025", "3. Nov. 2025 um 20:55", "3 нояб. 2025 г.").
 */

const MONTH_SPELLINGS: readonly string[] = [
  // 1 January
  'jan january janv janvier januar jän jänner ene enero gen gennaio janeiro januari янв январь января',
  // 2 February
  'feb february févr fevr février fevrier februar febrero febbraio fev fevereiro februari фев февр февраль февраля',
  // 3 March
  'mar march mars märz mär marz marzo março marco mrt maart мар март марта',
  // 4 April
  'apr april avr avril abr abril aprile апр апрель апреля',
  // 5 May
  'may mai mag maggio mayo maio mei maj мая май',
  // 6 June
  'jun june juin juni junio giu giugno junho июн июнь июня',
  // 7 July
  'jul july juil juillet juli julio lug luglio julho июл июль июля',
  // 8 August
  'aug august août aout ago agosto augustus авг август августа',
  // 9 September
  'sep sept september septembre septiembre setiembre set settembre setembro сен сент сентябрь сентября',
  // 10 October
  'oct october octobre okt oktober octubre ott ottobre out outubro октябрь окт октября',
  // 11 November
  'nov november novembre noviembre novembro нояб ноя ноябрь ноября',
  // 12 December
  'dec december déc décembre dez dezember dic diciembre dicembre dezembro des desember дек декабрь декабря',
];

/** Month number (1–12) by lowercased word. */
export const MONTHS: ReadonlyMap<string, number> = new Map(
  MONTH_SPELLINGS.flatMap((line, i) => line.split(' ').map((word) => [word, i + 1] as const)),
);

/** Hours to add for a 12-hour clock's marker ("a.m." is read as the words "a" "m"). */
export const MERIDIEMS: ReadonlyMap<string, 'am' | 'pm'> = new Map([
  ['am', 'am'],
  ['pm', 'pm'],
  ['午前', 'am'],
  ['午後', 'pm'],
  ['上午', 'am'],
  ['下午', 'pm'],
  ['오전', 'am'],
  ['오후', 'pm'],
]);

/** Words that join the parts and mean nothing for the time: read past. */
export const FILLERS: ReadonlySet<string> = new Set([
  'de',
  'del',
  'um',
  'à',
  'a',
  'at',
  'om',
  'kl',
  'klo',
  'alle',
  'às',
  'as',
  'el',
  'le',
  'в',
  'г',
  'года',
  '年',
  '月',
  '日',
  '년',
  '월',
  '일',
  // Weekdays and zone names some locales add ("Mo., 14 Apr 2014 20:55:45 MESZ"): the offset comes from `date`.
  ...'mon tue wed thu fri sat sun mo di mi do fr sa so lu ma me je ve di'.split(' '),
  ...'utc gmt cet cest mez mesz'.split(' '),
]);
