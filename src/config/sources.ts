// Assembles the settings layers for a run: flags (or inputs) > environment > ini file > defaults.
import { realpathSync } from 'node:fs';
import { displayValue, SETTINGS } from './catalog.js';
import { findIniFile, iniCandidates, installDirOf } from './ini.js';
import { envLayer, flagLayer, iniLayer, type SettingLayer, Settings } from './layers.js';
import { isLocalEndpoint, md5CacheDir } from './options.js';

export interface SettingSources {
  flags: Record<string, string | undefined>;
  flagNames: Record<string, string>;
  env: NodeJS.ProcessEnv;
  onDebug?: (message: string) => void;
  /**
   * The paras3 package directory, whose paras3.ini is the last file searched. Default: derived from
   * the running script (process.argv[1], symlinks resolved), see installDirOf.
   */
  installDir?: string;
  /** false: read no settings file at all (tests of the other layers). Default true. */
  iniFiles?: boolean;
}

export function loadSettings(src: SettingSources): Settings {
  const installDir = src.installDir ?? installDirOf(runningScript());
  const ini = src.iniFiles === false ? undefined : findIniFile({ env: src.env, installDir });
  const layers: SettingLayer[] = [flagLayer(src.flags, src.flagNames), envLayer(src.env)];
  if (ini) layers.push(iniLayer(ini.path, ini.values));
  const settings = new Settings(layers, ini?.path);
  if (src.onDebug) debugSettings(settings, src, installDir);
  return settings;
}

/** One line per setting: its effective value (secrets masked) and where it came from. */
function debugSettings(settings: Settings, src: SettingSources, installDir: string | undefined): void {
  const say = src.onDebug as (m: string) => void;
  if (settings.iniFile) say(`settings file: ${settings.iniFile}`);
  else if (src.iniFiles !== false)
    say(`settings file: none (looked for ${iniCandidates(src.env, installDir).join(', ')})`);
  for (const s of SETTINGS) {
    const v = settings.get(s.name);
    if (v) say(`setting ${s.name}=${displayValue(s.name, v.value)} (from ${v.origin})`);
    else {
      const d =
        unsetValue(s.name, settings) ?? (s.default === undefined ? undefined : `=${s.default} (default)`);
      if (d) say(`setting ${s.name}${d}`);
    }
  }
}

/**
 * What an unset setting resolves to in this run, where the catalog's default is a description rather
 * than a value (`$XDG_CACHE_HOME/paras3`, "REGULAR for IP/localhost endpoints") or another setting
 * stands in for it. Uses the rules options.ts applies, so the two cannot disagree.
 */
function unsetValue(name: string, settings: Settings): string | undefined {
  switch (name) {
    case 'AWS_REGION': {
      const alt = settings.get('AWS_DEFAULT_REGION');
      return alt ? `=${alt.value} (from ${alt.origin})` : undefined;
    }
    case 'PARAS3_MD5_CACHE': {
      const dir = md5CacheDir(settings);
      return dir ? `=${dir} (default)` : '=off (default: no HOME or XDG_CACHE_HOME)';
    }
    case 'AWS_ENDPOINT_URL':
      return settings.get('AWS_S3_HOST') ? ' unset (AWS_S3_HOST is used)' : ' unset (AWS S3)';
    case 'AWS_CALLING_FORMAT':
      return isLocalEndpoint(endpointOf(settings))
        ? '=REGULAR (default for an IP address or localhost endpoint)'
        : '=SUBDOMAIN (default)';
    case 'S3SYNC_WAITONERROR':
      return ' unset (exponential backoff with jitter)';
    case 'HTTP_PROXY_PORT':
      return settings.get('HTTP_PROXY_HOST') ? undefined : ' unset (no HTTP_PROXY_HOST)';
    default:
      return undefined;
  }
}

/** The endpoint's URL as far as its host goes; a malformed one is reported by options.ts, not here. */
function endpointOf(settings: Settings): URL | undefined {
  const url = settings.get('AWS_ENDPOINT_URL')?.value;
  const host = settings.get('AWS_S3_HOST')?.value;
  try {
    if (url) return new URL(url.trim());
    if (host) return new URL(`http://${host.trim()}`);
  } catch {
    // options.ts names the setting and its origin.
  }
  return undefined;
}

function runningScript(): string | undefined {
  const script = process.argv[1];
  if (!script) return undefined;
  try {
    return realpathSync(script);
  } catch {
    return script;
  }
}
