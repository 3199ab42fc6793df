import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vcfImporter } from '../src/formats/importers/vcf/vcf-importer';
import { vmsgImporter } from '../src/formats/importers/vmsg/vmsg-importer';
import { wpMsgImporter } from '../src/formats/importers/wp-msg/wp-msg-importer';
import { collect, streamOf } from '../test-support/streams';

/**
 * The shared real-world samples beside the checkout (not part of the project; see samples/SOURCES.md). The
 * conformance run needs them: a missing folder fails here instead of skipping.
 */
const DIR = join(
  process.env.TEXTKEEP_SAMPLES ?? join(import.meta.dirname, '../../shared/samples'),
  'windows-phone',
);

const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
const head = (bytes: Uint8Array): string => new TextDecoder().decode(bytes.subarray(0, 4096));

describe('Windows Phone samples', () => {
  it('sms_w2a: one received, one sent, one sent to three recipients', async () => {
    const bytes = read('sms_w2a__contacts+message_backup.msg');
    expect(wpMsgImporter.detect(head(bytes), 'x.msg')).toBe(true);
    expect(vmsgImporter.detect(head(bytes), 'x.msg') || vcfImporter.detect(head(bytes), 'x.msg')).toBe(false);
    const { messages, problems } = await collect(wpMsgImporter.parse(streamOf(bytes, 97), {}));
    expect(problems).toEqual([]);
    expect(messages.map((m) => [m.direction, m.others.length, m.text])).toEqual([
      ['in', 1, 'Incoming message text'],
      ['out', 1, 'Outgoing message text'],
      ['out', 3, 'Outgoing (multiple) message text'],
    ]);
    expect(new Date(messages[0]?.time ?? 0).toISOString()).toBe('2017-03-02T17:20:25.357Z');
  });

  it('text-me win10: nine messages, group MMS text from UTF-16LE parts, raw emoji', async () => {
    const bytes = read('text-me__win10.msg');
    expect(wpMsgImporter.detect(head(bytes), 'win10.msg')).toBe(true);
    const { messages, problems, media } = await collect(wpMsgImporter.parse(streamOf(bytes, 7), {}));
    expect(problems).toEqual([]);
    expect(media).toEqual([]);
    expect(messages).toHaveLength(9);
    expect(messages[0]).toMatchObject({
      time: Date.UTC(2005, 4, 19, 20, 5),
      direction: 'in',
      sender: 'Ki-Adi-Mundi',
      others: [{ address: 'Ki-Adi-Mundi' }, { address: 'Mace Windu' }, { address: 'Yoda' }],
      text: 'What about the droid attack on the Wookiees?',
    });
    expect(messages[2]).toMatchObject({ direction: 'out', others: [{}, {}, {}] });
    expect(messages.filter((m) => m.direction === 'in')).toHaveLength(6);
    expect(messages[7]?.text).toBe('🔥');
  });
});
