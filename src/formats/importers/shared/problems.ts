/** Counting an importer's non-fatal problems, handed over once per batch rather than once per record. */
import type { ImportProblem, ProblemReason } from '../../contract';

/** Tallies problems by reason and detail until drained into a batch. */
export class ProblemTally {
  private readonly _counts = new Map<
    string,
    { reason: ProblemReason; detail: string | undefined; count: number }
  >();

  /** Counts one record with this problem. */
  add(reason: ProblemReason, detail?: string): void {
    const key = `${reason}\u0000${detail ?? ''}`;
    const entry = this._counts.get(key);
    if (entry) entry.count += 1;
    else this._counts.set(key, { reason, detail, count: 1 });
  }

  /** The problems counted since the last drain, as items; the tally starts again from zero. */
  drain(): ImportProblem[] {
    const problems: ImportProblem[] = [];
    for (const { reason, detail, count } of this._counts.values()) {
      problems.push(
        detail === undefined
          ? { kind: 'problem', reason, count }
          : { kind: 'problem', reason, count, detail },
      );
    }
    this._counts.clear();
    return problems;
  }
}
