// Assembles the settings layers for a run: flags (or inputs) > environment > ini file > defaults.
import { envLayer, flagLayer, type SettingLayer, Settings } from './layers.js';

export interface SettingSources {
  flags: Record<string, string | undefined>;
  flagNames: Record<string, string>;
  env: NodeJS.ProcessEnv;
  onDebug?: (message: string) => void;
}

export function loadSettings(src: SettingSources): Settings {
  const layers: SettingLayer[] = [flagLayer(src.flags, src.flagNames), envLayer(src.env)];
  return new Settings(layers);
}
