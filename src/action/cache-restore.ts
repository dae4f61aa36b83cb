import { runCacheRestore } from './cache-run.js';

await runCacheRestore();
