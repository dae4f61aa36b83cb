#!/usr/bin/env node
import module from 'node:module';

// Node >= 22.1 keeps V8's compiled code of the bundle between runs; loading it is most of the
// start-up of a small sync. The engine is imported after, so the cache covers it. (A no-op on Node 20.)
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
