// The object store for cache commands, from the same settings layers as a sync (flags or inputs >
// environment > ini file), so endpoint, credentials, proxy and TLS settings work the same way.

import type { Settings } from '../config/layers.js';
import { clientSettings, DEFAULT_THREADS, md5CacheDir } from '../config/options.js';
import { parseIntSetting } from '../config/parse.js';
import { loadSettings } from '../config/sources.js';
import { createObjectStore } from '../core/store/factory.js';
import type { ObjectStore } from '../core/store/types.js';

export interface CacheClientRequest {
  settingFlags: Record<string, string | undefined>;
  flagNames: Record<string, string>;
  env: NodeJS.ProcessEnv;
  /** AWS_S3_HOST over https (the action) or plain http (the CLI, as for a sync without -s). */
  ssl: boolean;
  onSettings?: (settings: Settings) => void;
}

export interface CacheClient {
  store: ObjectStore;
  threads: number;
  endpointLabel: string;
  /** Where a restore records what it wrote for a later save (PARAS3_MD5_CACHE's directory), if anywhere. */
  stateDir: string | undefined;
}

export async function cacheClient(req: CacheClientRequest): Promise<CacheClient> {
  const settings = loadSettings({ flags: req.settingFlags, flagNames: req.flagNames, env: req.env });
  req.onSettings?.(settings);
  const threads = parseIntSetting('THREADS', settings.get('THREADS'), 1, 1024) ?? DEFAULT_THREADS;
  const { client, endpointLabel } = clientSettings(settings, { ssl: req.ssl, threads });
  return { store: await createObjectStore(client), threads, endpointLabel, stateDir: md5CacheDir(settings) };
}
