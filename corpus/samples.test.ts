/**
 * The conformance run: every sample archive in ../shared/samples imported through the real pipeline, with
 * the counts each should give and the quirk each carries (see ../shared/samples/SOURCES.md).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { strToU8, zipSync } from 'fflate';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInto, type CorpusOutcome } from './run-import';

const ROOT = process.env.TEXTKEEP_SAMPLES ?? join(import.meta.dirname, '../../shared/samples');
const SBR = join(ROOT, 'sms-backup-restore');
const WP = join(ROOT, 'windows-phone');

interface Expected {
  added: number;
  /** Calls added from a call log (0 unless given). */
  calls?: number;
  duplicates: number;
  conversations: number;
  problems?: string[];
  check?: (outcome: CorpusOutcome) => void;
}

const texts = (o: CorpusOutcome): string[] => o.blocks.flatMap((b) => b.messages.map((m) => m.text));
const times = (o: CorpusOutcome): number[] => o.blocks.flatMap((b) => b.messages.map((m) => m.time));
const titles = (o: CorpusOutcome): string[] => o.conversations.map((c) => c.title).sort();

const SBR_EXPECTED: Record<string, Expected> = {
  'KhasMek__sms.xml': {
    added: 9,
    duplicates: 0,
    conversations: 5,
    // count="2" lies; some dates are in seconds.
    check: (o) => expect(times(o)).toContain(1485921084000),
  },
  'Upgwades__sms_bom_missing_attrs.xml': {
    added: 0,
    duplicates: 0,
    conversations: 0,
    problems: ['no-date'],
  },
  'devadvance__corrupt_attachments.xml': {
    added: 2,
    duplicates: 0,
    conversations: 1,
    problems: ['bad-base64'],
  },
  'devadvance__empty.xml': { added: 0, duplicates: 0, conversations: 0 },
  'devadvance__sample_mms.xml': {
    added: 4,
    duplicates: 0,
    conversations: 1,
    check: (o) =>
      expect(
        o.blocks.flatMap((b) => b.messages.flatMap((m) => m.attachments.map((a) => a.type))).sort(),
      ).toEqual(['application/pdf', 'audio/mp3', 'image/png', 'video/mp4']),
  },
  'devadvance__sample_small.xml': { added: 7, duplicates: 0, conversations: 2 },
  'fkleon__emptySms.xml': { added: 0, duplicates: 0, conversations: 0 },
  'fkleon__invalidSms.xml': { added: 1, duplicates: 0, conversations: 1, problems: ['no-date'] },
  'fkleon__invalidSms2.xml': { added: 0, duplicates: 0, conversations: 0, problems: ['bad-date'] },
  'fkleon__sms-and-mms.xml': {
    added: 3,
    duplicates: 0,
    conversations: 3,
    problems: ['empty-media'],
    check: (o) => expect(o.conversations.filter((c) => c.isGroup)).toHaveLength(1),
  },
  'fkleon__sms-dupes.xml': { added: 7, duplicates: 1, conversations: 4 },
  'fkleon__sms-non-dupes-2.xml': { added: 2, duplicates: 0, conversations: 2 },
  'fkleon__sms-non-dupes.xml': { added: 2, duplicates: 0, conversations: 1 },
  'radj__sms.xml': { added: 1, duplicates: 1, conversations: 1 },
  'ragibson__alternate_country_code.xml': { added: 2, duplicates: 2, conversations: 2 },
  'ragibson__cross_sms_mms_duplicate.xml': { added: 1, duplicates: 1, conversations: 1 },
  'ragibson__different_smil_format.xml': { added: 1, duplicates: 9, conversations: 1 },
  'ragibson__missing_country_code.xml': { added: 2, duplicates: 2, conversations: 2 },
  'ragibson__multi_file_part1.xml': { added: 3, duplicates: 0, conversations: 2 },
  'ragibson__multi_file_part2.xml': { added: 3, duplicates: 0, conversations: 2 },
  'ragibson__multi_file_whitespace_part1.xml': { added: 2, duplicates: 0, conversations: 1 },
  'ragibson__multi_file_whitespace_part2.xml': { added: 2, duplicates: 0, conversations: 1 },
  'ragibson__multiple_duplicates.xml': { added: 2, duplicates: 5, conversations: 2 },
  'ragibson__similar_timestamps.xml': { added: 4, duplicates: 4, conversations: 2 },
  'ragibson__utf16_encoding.xml': {
    added: 1,
    duplicates: 1,
    conversations: 1,
    check: (o) => expect(texts(o)).toEqual(['Some text content here 😂']),
  },
  'ragibson__utf16_encoding_corrected.xml': { added: 1, duplicates: 1, conversations: 1 },
  'ragibson__whitespace_duplicates.xml': { added: 2, duplicates: 8, conversations: 1 },
  'shruggietech__edge_cases.xml': {
    added: 4,
    duplicates: 0,
    conversations: 4,
    check: (o) => expect(texts(o).join(' ')).toContain('🌍'),
  },
  'shruggietech__malformed.xml': { added: 0, duplicates: 0, conversations: 0, problems: ['malformed'] },
  'shruggietech__minimal_calls.xml': {
    added: 0,
    calls: 1,
    duplicates: 0,
    conversations: 1,
    check: (o) => {
      expect(o.blocks.flatMap((b) => b.messages.map((m) => [m.call, m.offset]))).toEqual([
        [{ type: 'incoming', duration: 125 }, 0],
      ]);
      expect(o.conversations.map((c) => [c.title, c.callCount, c.messageCount])).toEqual([
        ['Alice Smith', 1, 0],
      ]);
    },
  },
  'shruggietech__minimal_mms.xml': { added: 1, duplicates: 0, conversations: 1 },
  'shruggietech__minimal_sms.xml': { added: 1, duplicates: 0, conversations: 1 },
  'shruggietech__mixed.xml': {
    added: 4,
    duplicates: 0,
    conversations: 2,
    check: (o) => {
      const statuses = o.blocks.flatMap((b) => b.messages.map((m) => m.status));
      expect(statuses).toContain('draft');
    },
  },
  'sms_w2a__converter_output_invalid_lt.xml': {
    added: 2,
    duplicates: 0,
    conversations: 1,
    check: (o) => expect(texts(o).join(' ')).toMatch(/[<>]/),
  },
  'text-me__android.xml': {
    added: 9,
    duplicates: 0,
    conversations: 2,
    // The person ("Obi-wan Kenobi") is never a participant of their own conversations.
    check: (o) => expect(titles(o)).toEqual(['General Grievous', 'Ki-Adi-Mundi, Mace Windu, Yoda']),
  },
};

describe.skipIf(!existsSync(SBR))('conformance: SMS Backup & Restore samples', () => {
  it('has an expectation for every sample file', () => {
    expect(readdirSync(SBR).sort()).toEqual(Object.keys(SBR_EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(SBR_EXPECTED)) {
    it(file, async () => {
      const outcome = await importInto([[join(SBR, file)]]);
      const [summary] = outcome.summaries;
      expect(summary?.added).toBe(expected.added);
      expect(summary?.duplicates).toBe(expected.duplicates);
      expect(outcome.conversations).toHaveLength(expected.conversations);
      expect(summary?.files.flatMap((f) => f.problems.map((p) => p.reason)).sort()).toEqual(
        [...(expected.problems ?? [])].sort(),
      );
      const calls = outcome.imports.reduce((sum, r) => sum + (r.calls ?? 0), 0);
      expect(calls).toBe(expected.calls ?? 0);
      const stored = outcome.blocks.reduce((sum, b) => sum + b.messages.length, 0);
      expect(stored).toBe(expected.added + (expected.calls ?? 0));
      expected.check?.(outcome);
    });
  }

  it('importing the same archive twice adds nothing the second time', async () => {
    const file = join(SBR, 'KhasMek__sms.xml');
    const outcome = await importInto([[file], [file]]);
    expect(outcome.summaries.map((s) => [s.added, s.duplicates])).toEqual([
      [9, 0],
      [0, 9],
    ]);
  });

  it.each([
    ['multi_file', 4],
    ['multi_file_whitespace', 2],
  ])('two overlapping backups (%s) merge into one timeline', async (name, total) => {
    const outcome = await importInto([
      [join(SBR, `ragibson__${name}_part1.xml`)],
      [join(SBR, `ragibson__${name}_part2.xml`)],
    ]);
    expect(outcome.blocks.reduce((sum, b) => sum + b.messages.length, 0)).toBe(total);
  });

  it('the surrogate-reference file and its corrected twin hold the same messages', async () => {
    const outcome = await importInto([
      [join(SBR, 'ragibson__utf16_encoding.xml')],
      [join(SBR, 'ragibson__utf16_encoding_corrected.xml')],
    ]);
    expect(outcome.summaries[1]?.added).toBe(0);
  });
});

describe.skipIf(!existsSync(WP))('conformance: Windows Phone samples', () => {
  it('sms_w2a: incoming, outgoing, and one send to three recipients', async () => {
    const outcome = await importInto([[join(WP, 'sms_w2a__contacts+message_backup.msg')]]);
    expect(outcome.summaries[0]?.added).toBe(3);
    expect(outcome.conversations.map((c) => c.participants.length).sort()).toEqual([1, 3]);
    // LocalTimestamp is a UTC FILETIME (FORMATS.md 2.3).
    expect(times(outcome)).toContain(Date.parse('2017-03-02T17:20:25.357Z'));
  });

  it('text-me win10: group MMS with UTF-16LE text parts, raw emoji', async () => {
    const outcome = await importInto([[join(WP, 'text-me__win10.msg')]]);
    expect(outcome.summaries[0]?.added).toBe(9);
    expect(texts(outcome)).toContain('What about the droid attack on the Wookiees?');
    expect(texts(outcome).join(' ')).toContain('🔥');
    expect(outcome.conversations.some((c) => c.title === 'Ki-Adi-Mundi, Mace Windu, Yoda')).toBe(true);
  });

  it('a backup+restore folder as a zip, with its contacts, imports in one go', async () => {
    const vcf = 'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ioana Popescu\r\nTEL;CELL:+40000000001\r\nEND:VCARD\r\n';
    const zip = zipSync({
      'backup+restore/smsBackup/Thu, Mar 02 2017, 19-20-30 .msg': readFileSync(
        join(WP, 'sms_w2a__contacts+message_backup.msg'),
      ),
      'backup+restore/smsBackup/Thu, Mar 02 2017, 19-20-30 .hsh': strToU8('not a message file'),
      'backup+restore/contactsBackup/contacts.vcf': strToU8(vcf),
    });
    const path = join(mkdtempSync(join(tmpdir(), 'textkeep-corpus-')), 'backup+restore.zip');
    writeFileSync(path, zip);
    const outcome = await importInto([[path]]);
    expect(outcome.summaries[0]?.added).toBe(3);
    expect(outcome.summaries[0]?.files[0]?.problems).toEqual([]);
    expect(titles(outcome)).toContain('Ioana Popescu');
  });

  it('the same messages from Android and Windows Phone backups are stored once', async () => {
    const outcome = await importInto([[join(SBR, 'text-me__android.xml')], [join(WP, 'text-me__win10.msg')]]);
    expect(outcome.summaries.map((s) => s.added)).toEqual([9, 0]);
  });
});
