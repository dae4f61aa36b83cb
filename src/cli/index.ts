#!/usr/bin/env node
import module from 'node:module';
import { start } from './start.js';

// Node >= 22.1 keeps V8's compiled code between runs; the engine, imported by start() only for a
// sync, is loaded after this, so the cache covers it. (A no-op on Node 20.)
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
process.exitCode = await start(process.argv.slice(2));
