/** Property values of vCard (2.1, 3.0, 4.0) as people's names and numbers. */
import { isQuotedPrintable, paramValue, type ContentLine } from './content-lines';
import { decodeQuotedPrintable } from './quoted-printable';

/** The value as text: quoted-printable decoded in its CHARSET; otherwise as written. */
export function textValue(line: ContentLine): string {
  return isQuotedPrintable(line)
    ? decodeQuotedPrintable(line.value, paramValue(line, 'CHARSET'))
    : line.value;
}

/** Removes vCard 3/4 backslash escapes (`\,` `\;` `\\` `\n`). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\,;:nN])/g, (_match, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Splits a structured value (N) on the semicolons that are not escaped. */
export function splitComponents(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === ';') {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** A display name from FN. */
export function formattedName(line: ContentLine): string {
  return unescapeText(textValue(line)).trim();
}

/** A display name from N (`Family;Given;Additional;Prefix;Suffix` → "Prefix Given Additional Family Suffix"). */
export function structuredName(line: ContentLine): string {
  const [family, given, additional, prefix, suffix] = splitComponents(textValue(line)).map((part) =>
    unescapeText(part).replace(/,/g, ' ').trim(),
  );
  return [prefix, given, additional, family, suffix]
    .filter((part): part is string => !!part)
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** A number from TEL as written, without the `tel:` scheme of vCard 4 URI values. */
export function telValue(line: ContentLine): string {
  return textValue(line).trim().replace(/^tel:/i, '');
}
