// Drives the npm s3-sync-client for the benchmark: `node bench/peer-s3-sync-client.mjs SOURCE TARGET`,
// where one side is a local directory and the other `s3://bucket/prefix`. The package and the SDK it drives
// are installed by bench/setup.sh into bench/work/peer-node. Endpoint and credentials come from the
// environment (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'work', 'peer-node', 'package.json'));
const { S3Client } = require('@aws-sdk/client-s3');
const { S3SyncClient } = require('s3-sync-client');

const [source, target] = process.argv.slice(2);
const env = process.env;
const client = new S3Client({
  endpoint: env.AWS_ENDPOINT_URL,
  forcePathStyle: true,
  region: env.AWS_REGION ?? 'us-east-1',
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  // With the SDK's default (CRC32 on every PUT, sent as aws-chunked with a trailer) s3rver stores the chunk
  // framing as the object's content. Checksums only when an operation requires them, as for any
  // S3-compatible server that predates the 2025 defaults.
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
const syncClient = new S3SyncClient({ client });
// BENCH_THREADS unset: the package's own default (the latency scenario runs every tool at its defaults)
const out = await syncClient.sync(
  source,
  target,
  env.BENCH_THREADS ? { maxConcurrentTransfers: Number(env.BENCH_THREADS) } : {},
);
const n = (k) => out[k]?.length ?? 0;
process.stdout.write(`created ${n('created')} updated ${n('updated')} deleted ${n('deleted')}\n`);
