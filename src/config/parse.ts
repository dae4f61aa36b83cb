// Validation of single setting values. Each rule throws a ConfigError that names the setting, the
// value and where it came from, before any request is made.
import { ConfigError } from '../core/errors.js';
import type { SettingValue } from './layers.js';

export function parseIntSetting(
  name: string,
  v: SettingValue | undefined,
  min: number,
  max: number,
): number | undefined {
  if (!v) return undefined;
  const text = v.value.trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(
      `${name}=${JSON.stringify(v.value)} (from ${v.origin}) must be a whole number from ${min} to ${max}`,
    );
  }
  return n;
}

export function parseNumberSetting(
  name: string,
  v: SettingValue | undefined,
  min: number,
  max: number,
): number | undefined {
  if (!v) return undefined;
  const n = Number(v.value.trim());
  if (v.value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new ConfigError(
      `${name}=${JSON.stringify(v.value)} (from ${v.origin}) must be a number from ${min} to ${max}`,
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
  const up = v.value.trim().toUpperCase() as T;
  if (!choices.includes(up)) {
    throw new ConfigError(
      `${name}=${JSON.stringify(v.value)} (from ${v.origin}) must be one of ${choices.join(', ')}`,
    );
  }
  return up;
}

export function parseUrlSetting(name: string, v: SettingValue | undefined): URL | undefined {
  if (!v) return undefined;
  try {
    const url = new URL(v.value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return url;
  } catch {
    throw new ConfigError(
      `${name}=${JSON.stringify(v.value)} (from ${v.origin}) is not an http:// or https:// URL`,
    );
  }
}
