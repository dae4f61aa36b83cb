// Validation of single setting values. Each rule throws a ConfigError that names the setting, the
// value and where it came from, before any request is made.
import { ConfigError } from '../core/errors.js';
import type { SettingValue } from './layers.js';
import { maskUrlPassword } from './userinfo.js';

export function parseIntSetting(
  name: string,
  v: SettingValue | undefined,
  min: number,
  max: number,
): number | undefined {
  return parseRanged(name, v, { min, max, kind: 'a whole number' });
}

export function parseNumberSetting(
  name: string,
  v: SettingValue | undefined,
  min: number,
  max: number,
): number | undefined {
  return parseRanged(name, v, { min, max, kind: 'a number' });
}

function parseRanged(
  name: string,
  v: SettingValue | undefined,
  r: { min: number; max: number; kind: 'a whole number' | 'a number' },
): number | undefined {
  if (!v) return undefined;
  const text = v.value.trim();
  const whole = r.kind === 'a whole number';
  const n = text === '' || (whole && !/^\d+$/.test(text)) ? Number.NaN : Number(text);
  if (!(whole ? Number.isSafeInteger(n) : Number.isFinite(n)) || n < r.min || n > r.max) {
    throw new ConfigError(
      `${name}=${JSON.stringify(v.value)} (from ${v.origin}) must be ${r.kind} from ${r.min} to ${r.max}`,
    );
  }
  return n;
}

export function parseChoice<T extends string>(
  name: string,
  v: SettingValue | undefined,
  choices: readonly T[],
): T | undefined {
  if (!v) return undefined;
  // Case does not matter: `regular` is REGULAR, `SDK` is sdk.
  const given = v.value.trim().toLowerCase();
  const choice = choices.find((c) => c.toLowerCase() === given);
  if (choice === undefined) {
    throw new ConfigError(
      `${name}=${JSON.stringify(v.value)} (from ${v.origin}) must be one of ${choices.join(', ')}`,
    );
  }
  return choice;
}

export function parseUrlSetting(name: string, v: SettingValue | undefined): URL | undefined {
  if (!v) return undefined;
  try {
    const url = new URL(v.value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return url;
  } catch {
    throw new ConfigError(
      `${name}=${JSON.stringify(maskUrlPassword(v.value))} (from ${v.origin}) is not an http:// or https:// URL`,
    );
  }
}
