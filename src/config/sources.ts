// Assembles the settings layers for a run: flags (or inputs) > environment > ini file > defaults.
import { realpathSync } from 'node:fs';
import { displayValue, SETTINGS } from './catalog.js';
import { findIniFile, iniCandidates, installDirOf } from './ini.js';
import { envLayer, flagLayer, iniLayer, type SettingLayer, Settings } from './layers.js';

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
    else if (s.default !== undefined) say(`setting ${s.name}=${s.default} (default)`);
  }
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
