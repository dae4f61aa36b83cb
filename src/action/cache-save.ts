import { runCacheSave } from './cache-run.js';

await runCacheSave();
