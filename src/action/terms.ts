// Engine messages name the CLI's flags (`use --make-dirs`); a workflow author knows the action's
// inputs. These rewrite a message, or every message of a report, in the action's terms.
import type { SyncReport } from '../core/types.js';
import { FLAG_INPUTS } from './constants.js';

// A flag as a word of its own: after a start, space, quote or bracket, and not the head of a longer
// flag (`--delete` in `--delete-excluded`) or of a path that merely contains it.
const FLAG = /(^|[\s('"`])(--[a-z][a-z0-9-]*)(?![\w-])/g;

export function inActionTerms(message: string): string {
  return message.replace(FLAG, (whole, lead: string, flag: string) => {
    const input = FLAG_INPUTS[flag];
    return input ? `${lead}${input}` : whole;
  });
}

/** The report with its messages (errors, problems, the refused-deletes reason) in the action's terms. */
export function reportInActionTerms(report: SyncReport): SyncReport {
  const refused = report.plan.deleteRefused;
  return {
    ...report,
    plan: refused ? { ...report.plan, deleteRefused: inActionTerms(refused) } : report.plan,
    results: report.results.map((r) => (r.error ? { ...r, error: inActionTerms(r.error) } : r)),
    problems: report.problems.map((p) => ({ ...p, message: inActionTerms(p.message) })),
  };
}
