/**
 * "Hide phone numbers": every digit of every phone number becomes `•`; names stay. Addresses are masked
 * whole. In message text, a run of seven or more digits (with the spaces, dots, dashes and brackets numbers are
 * written with, and an optional `+`) is masked unless it is written as a date: over-masking a long order
 * number is the safe side of this promise, and libphonenumber's matcher needs a region and misses foreign and
 * oddly spaced numbers, which is where a missed number would hurt.
 */

const MASK = '•';
const NUMBER_RUN = /\+?\(?\d[\d\s().\-/]{5,}\d/g;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;

/** Every digit masked. */
export function maskDigits(text: string): string {
  return text.replace(/\d/g, MASK);
}

/** Phone numbers in free text masked, the rest kept. */
export function maskNumbersInText(text: string): string {
  if (!/\d/.test(text)) return text;
  return text.replace(NUMBER_RUN, (run) => {
    const digits = run.replace(/\D/g, '').length;
    if (digits < 7 || DATE_LIKE.test(run.trim())) return run;
    return maskDigits(run);
  });
}
