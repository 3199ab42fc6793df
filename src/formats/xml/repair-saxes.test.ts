import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { XmlRepair } from './repair';

/** Repairs `input` in 64-character chunks, lifting `data` and WP attachment text. */
function repair(input: string): string {
  const repairer = new XmlRepair({ liftAttributes: ['data'], liftElements: ['AttachmentDataBase64String'] });
  const out: string[] = [];
  for (let at = 0; at < input.length; at += 64) out.push(repairer.push(input.slice(at, at + 64)));
  return out.join('') + repairer.end();
}

const SBR_HEAD = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.15.002 on 06/11/2021 08:35:17-->
<smses count="2" backup_set="422bf347" backup_date="1636184108806" type="full">\r\n`;

interface Parsed {
  attributes: Record<string, string>[];
  texts: string[];
  errors: string[];
}

function parse(xml: string): Parsed {
  const parsed: Parsed = { attributes: [], texts: [], errors: [] };
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => parsed.attributes.push(tag.attributes));
  parser.on('text', (text) => {
    if (text.trim() !== '') parsed.texts.push(text);
  });
  parser.on('error', (error) => parsed.errors.push(error.message));
  parser.write(xml).close();
  return parsed;
}

describe('XmlRepair output in saxes', () => {
  const QUIRKY =
    `${SBR_HEAD}<sms body="Hi &#55357;&#56832; &#0;<3 & bye" subject='null' />\r\n` +
    `<mms><parts><part ct="image/png" data="QUJD&#10;" /></parts></mms></smses>`;

  it('fails on the raw archive, which is why the repair exists', () => {
    expect(parse(QUIRKY).errors).not.toEqual([]);
  });

  it('parses the repaired archive to the intended values', () => {
    const parsed = parse(repair(QUIRKY));
    expect(parsed.errors).toEqual([]);
    expect(parsed.attributes[1]).toEqual({ body: 'Hi 😀 <3 & bye', subject: 'null' });
    expect(parsed.attributes[4]).toEqual({ ct: 'image/png', data: 'lift:0' });
  });

  it('parses lifted Windows Phone element text as the reference', () => {
    const xml = `<M><AttachmentDataBase64String>QUJD</AttachmentDataBase64String><Body>&#xD83D;&#xDE00;</Body></M>`;
    const parsed = parse(repair(xml));
    expect(parsed.errors).toEqual([]);
    expect(parsed.texts).toEqual(['lift:0', '😀']);
  });
});
