// The settings file: found in the original's search order (first found wins) or named by
// PARAS3_CONFIG, parsed with the `ini` package. Keys are setting names (`THREADS = 8`); `#` and `;`
// start comments. A file that exists but cannot be read, a section, or an unknown key is a ConfigError.
import { readFileSync } from 'node:fs';
import nodePath from 'node:path';
import { parse } from 'ini';
import { ConfigError, errorCode, oneLine } from '../core/errors.js';
import { SETTING_NAMES } from './catalog.js';

export interface IniFile {
  path: string;
  values: Record<string, string>;
}

export interface IniSearch {
  env: NodeJS.ProcessEnv;
  /** The paras3 package directory (see installDirOf); its paras3.ini is the last place looked. */
  installDir?: string;
  /** Reads a file; injectable for tests. Throws ENOENT for a missing file. */
  readFile?: (path: string) => string;
}

/** Where settings files are looked for, in order (PARAS3_CONFIG aside). */
export function iniCandidates(env: NodeJS.ProcessEnv, installDir?: string): string[] {
  const out: string[] = [];
  if (env.HOME) out.push(nodePath.join(env.HOME, '.paras3.ini'));
  out.push('/etc/paras3.ini');
  if (installDir) out.push(nodePath.join(installDir, 'paras3.ini'));
  return out;
}

/**
 * The settings file of this run, or undefined when there is none. PARAS3_CONFIG names one that must
 * exist; otherwise the first candidate that exists wins, and one that exists but cannot be read is an
 * error (silently skipping it would run with other settings than the user wrote).
 */
export function findIniFile(search: IniSearch): IniFile | undefined {
  const read = search.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const explicit = search.env.PARAS3_CONFIG;
  if (explicit) {
    try {
      return { path: explicit, values: parseIni(read(explicit), explicit) };
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      throw new ConfigError(
        `PARAS3_CONFIG=${JSON.stringify(explicit)} (from env PARAS3_CONFIG): ${why(err)}`,
      );
    }
  }
  for (const path of iniCandidates(search.env, search.installDir)) {
    let text: string;
    try {
      text = read(path);
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new ConfigError(`settings file ${path}: ${why(err)}`);
    }
    return { path, values: parseIni(text, path) };
  }
  return undefined;
}

/** `KEY = value` lines into setting values; ini's booleans (`true`) come back as their text. */
export function parseIni(text: string, file: string): Record<string, string> {
  const parsed = parse(text) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (Array.isArray(value)) {
      throw new ConfigError(`settings file ${file}: ${key}[] lists are not used; give ${key} once`);
    }
    if (value !== null && typeof value === 'object') {
      throw new ConfigError(
        `settings file ${file}: [${key}] sections are not used; write KEY = value lines at the top`,
      );
    }
    const name = key.trim();
    if (!SETTING_NAMES.has(name)) {
      throw new ConfigError(
        `settings file ${file}: unknown setting ${JSON.stringify(name)} (see paras3.ini.sample)`,
      );
    }
    values[name] = value === null || value === undefined ? '' : String(value).trim();
  }
  return values;
}

/**
 * The paras3 package directory from the path of the running bundle: `<pkg>/dist/cli/index.js` (the
 * npm CLI) and `<pkg>/dist/index.js` (the action) both give `<pkg>`, where paras3.ini.sample ships;
 * any other script gives its own directory.
 */
export function installDirOf(
  script: string | undefined,
  p: nodePath.PlatformPath = nodePath,
): string | undefined {
  if (!script) return undefined;
  let dir = p.dirname(script);
  if (p.basename(dir) === 'cli' && p.basename(p.dirname(dir)) === 'dist') dir = p.dirname(p.dirname(dir));
  else if (p.basename(dir) === 'dist') dir = p.dirname(dir);
  return dir;
}

function why(err: unknown): string {
  const code = errorCode(err);
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return code ?? oneLine(err);
}
