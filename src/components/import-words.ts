/** The words a person reads about an import: what happened, what was kept, what to do. */
import type { FileSummary, ImportSummary, ProblemSummary } from '../services/import';

const n = (count: number, one: string, many: string): string =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/**
 * The headline: "Imported N new messages (M duplicates skipped)", with "and K calls" when a call log brought
 * some, from what was committed; preceded by why
 * the import stopped early, if it did.
 */
export function importHeadline(summary: ImportSummary): string {
  switch (summary.stopped) {
    case 'deleted':
      return 'All data was deleted in another window; this import stopped. Nothing was kept.';
    case 'cancelled':
      if (summary.added === 0 && !summary.calls && summary.duplicates === 0)
        return 'Import cancelled. Nothing was imported.';
      return `Import cancelled. ${counts(summary)}`;
    case 'quota':
    case 'upgraded':
    case 'preempted':
      return `Import stopped. ${counts(summary)}`;
    case undefined:
      return counts(summary);
  }
}

function counts(summary: ImportSummary): string {
  // Calls are named only when there are some: "Imported 1,204 new messages and 310 calls (…)".
  const calls = summary.calls ?? 0;
  const what =
    calls === 0
      ? n(summary.added, 'new message', 'new messages')
      : summary.added === 0
        ? n(calls, 'new call', 'new calls')
        : `${n(summary.added, 'new message', 'new messages')} and ${n(calls, 'call', 'calls')}`;
  return `Imported ${what} (${n(summary.duplicates, 'duplicate', 'duplicates')} skipped)`;
}

/** What stopped the import from outside it, and what to do: for the stops no file's problem explains. */
export function stopSentence(summary: ImportSummary): string | undefined {
  switch (summary.stopped) {
    case 'upgraded':
      return 'Textkeep was updated in another window, which stopped this import. Everything imported before that is kept: reload this window, then import the file again to add the rest (nothing will be duplicated).';
    case 'preempted':
      return 'An import started in another window, which stopped this one. Everything imported before that is kept: when the other import has finished, import the file again to add the rest (nothing will be duplicated).';
    default:
      return undefined;
  }
}

/** One sentence for a problem met in one file. */
export function problemSentence(file: FileSummary, problem: ProblemSummary): string {
  // A problem met in a file inside a zip names both: “sms.vmsg” inside “backup.zip”.
  const name = problem.member ? `“${problem.member}” inside “${file.fileName}”` : `“${file.fileName}”`;
  switch (problem.reason) {
    case 'empty-file':
      return `${name} is empty: there was nothing to import.`;
    case 'not-an-archive':
      return `${name} is not a message archive Textkeep can read. It reads SMS Backup & Restore (.xml), Windows Phone (.msg), vMessage (.vmsg, .vmg) and vCard (.vcf) files, and its own JSON exports.`;
    case 'call-log':
      return `${name} is a call log, not messages: Textkeep keeps messages only, so nothing was imported from it.`;
    case 'malformed':
      return `${name} is damaged${problem.detail ? ` at ${problem.detail}` : ''}: every message before that point was imported; the rest could not be read.`;
    case 'truncated':
      return `${name} ended early (it may not have finished copying): every complete message before the end was imported.`;
    case 'missing-field':
      return `${n(problem.count, 'message was', 'messages were')} skipped in ${name}: no address, date or content.`;
    case 'no-date':
      return `${n(problem.count, 'record was', 'records were')} skipped in ${name}: ${problem.count === 1 ? 'it has' : 'they have'} no date, so ${problem.count === 1 ? 'it' : 'they'} cannot be placed in a conversation.`;
    case 'no-party':
      return `${n(problem.count, 'record was', 'records were')} skipped in ${name}: ${problem.count === 1 ? 'it names' : 'they name'} no sender and no recipient, so ${problem.count === 1 ? 'it belongs' : 'they belong'} to no conversation.`;
    case 'bad-date':
      return `${n(problem.count, 'message was', 'messages were')} skipped in ${name}: the date could not be read.`;
    case 'bad-base64':
      return `${n(problem.count, 'attachment', 'attachments')} in ${name} could not be decoded; their messages were kept without them.`;
    case 'empty-media':
      return `${n(problem.count, 'attachment', 'attachments')} in ${name} had no content; their messages were kept.`;
    case 'encrypted':
      return `${name} is password-protected, so Textkeep cannot read it: make the backup again without a password and import that.`;
    case 'numbers-hidden':
      return `${name} is a Textkeep export made with “Hide phone numbers”, so it cannot be imported: export the conversation again without hiding numbers.`;
    case 'export-too-large':
      return `${name} is a Textkeep export too large to read in one piece (over 128 MB), so nothing was imported from it. Export the conversation again in parts with “From” and “To”.`;
    case 'export-damaged':
      return `${name} is a damaged or incomplete Textkeep export, so nothing was imported from it. Export the conversation again.`;
    case 'quota':
      return `This device ran out of storage while importing ${name}. Everything imported before that is kept. Free ${problem.detail ? `at least ${problem.detail}` : 'some space'} and import it again to add the rest (nothing will be duplicated).`;
  }
}
