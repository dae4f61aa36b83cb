// Error classes that carry who can fix the problem, so front ends can choose the exit status
// without parsing messages: usage and settings → 2, everything else → 1.
import { printable } from './keys.js';

/** The command line or the inputs are wrong (bad location, missing source, unknown bucket). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A setting (env var, ini key, flag value) is invalid. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The whole run cannot go on (e.g. ACLs disabled on the bucket): stop instead of failing file by file. */
export class FatalSyncError extends Error {
  override name = 'FatalSyncError';
}

export function exitCodeFor(err: unknown): number {
  return err instanceof UsageError || err instanceof ConfigError ? 2 : 1;
}

/**
 * The SDK's advice to programmers, appended on a new line to an error it could not parse: a person
 * running paras3 has no `{error}.$response` to look at.
 */
const SDK_DESERIALIZATION_HINT =
  /\n\s*Deserialization error: to see the raw response, inspect the hidden field[^\n]*/g;

/**
 * One line for a person: the whole message, never a stack. Newlines and other control characters are
 * shown as `\x0a` (as the log lines show them) rather than cut at: a message may hold a path with a
 * newline, and what it says about that path comes after it.
 */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return printable(text.replace(SDK_DESERIALIZATION_HINT, '').trim()) || 'unknown error';
}

/** The `code` of a Node or socket error (`ENOENT`, `ECONNRESET`), when it has one. */
export function errorCode(err: unknown): string | undefined {
  const code = err && typeof err === 'object' && 'code' in err ? err.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The `name` of an error (an S3 error's code, as the SDK names them). */
export function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

/** Whether an error came from an S3 answer (it carries the SDK's `$metadata`), not from the local side. */
export function isS3Error(err: unknown): boolean {
  return Boolean(err && typeof err === 'object' && '$metadata' in err);
}
