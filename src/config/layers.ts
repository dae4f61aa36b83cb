// Settings come in layers, highest precedence first: command-line flags (or action inputs), the
// environment, an ini file, defaults. Every value remembers where it came from, so an error or
// `--debug` can name it.

export interface SettingValue {
  value: string;
  /** Where it came from, for messages: `--threads`, `env THREADS`, `/root/.paras3.ini`. */
  origin: string;
}

export interface SettingLayer {
  /** Describes the origin of one setting in this layer. */
  origin(name: string): string;
  get(name: string): string | undefined;
}

export class Settings {
  constructor(
    private readonly layers: SettingLayer[],
    /** The settings file that was read, if any (for `--debug`). */
    readonly iniFile?: string,
  ) {}

  /** The effective value of a setting: the first layer that has a non-empty value wins. */
  get(name: string): SettingValue | undefined {
    for (const layer of this.layers) {
      const v = layer.get(name);
      if (v !== undefined && v !== '') return { value: v, origin: layer.origin(name) };
    }
    return undefined;
  }
}

// The proxy variables are conventionally lower-case too (curl reads `http_proxy` only in lower case);
// the lower-case spelling wins when both are set, as in curl and wget.
const LOWER_CASE_TOO = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']);

export function envLayer(env: NodeJS.ProcessEnv): SettingLayer {
  const nameIn = (name: string) => {
    const lower = name.toLowerCase();
    return LOWER_CASE_TOO.has(name) && env[lower] !== undefined && env[lower] !== '' ? lower : name;
  };
  return { origin: (name) => `env ${nameIn(name)}`, get: (name) => env[nameIn(name)] };
}

/** Flag values keyed by setting name, with the flag spelled as the user typed it. */
export function flagLayer(
  values: Record<string, string | undefined>,
  flagNames: Record<string, string>,
): SettingLayer {
  return { origin: (name) => flagNames[name] ?? name, get: (name) => values[name] };
}

export function iniLayer(file: string, values: Record<string, string>): SettingLayer {
  return { origin: () => file, get: (name) => values[name] };
}
