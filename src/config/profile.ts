// AWS_PROFILE (or the ini file's) must name a profile that exists: the SDK's chain would otherwise end
// in "no AWS credentials found", which does not say which profile was missing or where it was sought.
// Checked before any request, in the files the SDK reads: AWS_CONFIG_FILE (~/.aws/config, sections
// `[profile NAME]`, or `[default]`) and AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials, `[NAME]`).
import { readFileSync } from 'node:fs';
import nodePath from 'node:path';
import { parse } from 'ini';
import { ConfigError } from '../core/errors.js';
import type { Settings } from './layers.js';

/**
 * The profile to take credentials from, trimmed: ` dev ` (a stray space in a YAML `env:` or an ini
 * line) is the profile `dev` for the existence check and for the SDK alike.
 */
export function profileName(settings: Settings): string | undefined {
  return settings.get('AWS_PROFILE')?.value.trim();
}

export function assertProfileExists(settings: Settings): void {
  const profile = settings.get('AWS_PROFILE');
  const name = profileName(settings);
  if (!profile || name === undefined) return;
  const home = settings.get('HOME')?.value ?? settings.get('USERPROFILE')?.value;
  const config =
    settings.get('AWS_CONFIG_FILE')?.value ?? (home ? nodePath.join(home, '.aws', 'config') : undefined);
  const creds =
    settings.get('AWS_SHARED_CREDENTIALS_FILE')?.value ??
    (home ? nodePath.join(home, '.aws', 'credentials') : undefined);
  const inConfig = sections(config);
  const inCreds = sections(creds);
  if (inConfig.has(`profile ${name}`) || (name === 'default' && inConfig.has('default')) || inCreds.has(name))
    return;
  const where =
    [config, creds].filter((f): f is string => f !== undefined).join(' or ') ||
    'no AWS config files (HOME is not set)';
  throw new ConfigError(`AWS profile "${name}" (from ${profile.origin}) is not in ${where}`);
}

/** The section names of an ini file; none when it cannot be read. */
function sections(file: string | undefined): Set<string> {
  if (!file) return new Set();
  try {
    return new Set(Object.keys(parse(readFileSync(file, 'utf8'))).map((k) => k.trim()));
  } catch {
    return new Set();
  }
}
