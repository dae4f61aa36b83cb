// Runs in every test file: temp dirs made through tree.ts's tempDir/tempDirSync (and cliEnv's HOME) are
// removed after the file's tests, so no test needs its own cleanup hook for them.
import { afterAll } from 'vitest';
import { cleanupTempDirs } from './tree.js';

afterAll(cleanupTempDirs);

// The SDK warns once per process on Node < 22; in the test workers it is only noise. (Spawned CLIs do not
// inherit this: runCli drops AWS_* vars, so CLI tests see what a user on Node 20 would see.)
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
