// Runs s3rver in its own process, so a test worker's event loop never competes with the server's and a
// crashed test cannot leave a server listening inside the worker.
//
// Must be started with `node --openssl-legacy-provider`: s3rver 3.7.1 encrypts ListObjectsV2
// continuation tokens with DES, which OpenSSL 3 (Node >= 17) only offers from the legacy provider;
// without it every truncated listing fails with HTTP 500.
//
// Usage: node --openssl-legacy-provider s3rver-child.mjs <data-directory>
// Prints one JSON line {"port":N} on stdout once listening. Exits on SIGTERM, SIGINT or when stdin
// closes (the parent died), so no server outlives its test run.
import { createRequire } from 'node:module';
import path from 'node:path';
import S3rver from 's3rver';

const require = createRequire(import.meta.url);
const FilesystemStore = require('s3rver/lib/stores/filesystem');
const S3Object = require('s3rver/lib/models/object');
const { walk } = require('s3rver/lib/utils');

const directory = process.argv[2];
if (!directory) {
  process.stderr.write('usage: s3rver-child.mjs <directory>\n');
  process.exit(2);
}

// s3rver lists keys in directory-walk order: everything under `a/` comes before its siblings `a`, `a-b`
// and `a.txt`. S3 lists in UTF-8 byte order, and s3rver resumes a page after the last key by skipping
// keys <= it, so a page boundary inside such a directory silently drops keys (`a`, `a-b`, `a.txt`).
// Replace the listing with one that sorts like S3; delimiter handling stays s3rver's (CommonPrefixes do
// not count toward max-keys).
const OBJECT_SUFFIX = '._S3rver_object';
const byteOrder = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
FilesystemStore.prototype.listObjects = async function listObjects(bucket, options) {
  const { delimiter = '', startAfter = '', prefix = '', maxKeys = Number.POSITIVE_INFINITY } = options;
  const bucketPath = this.getBucketPath(bucket);
  const prefixPath = path.posix.join(bucketPath, prefix);
  // Descend only into directories on the prefix's path or below it.
  const files = walk(bucketPath, (dir) => dir.startsWith(prefixPath) || prefixPath.startsWith(`${dir}/`));
  const candidates = [];
  for (const file of files) {
    if (!file.endsWith(OBJECT_SUFFIX)) continue;
    const key = file.slice(bucketPath.length + 1, -OBJECT_SUFFIX.length);
    if (key.startsWith(prefix) && byteOrder(key, startAfter) > 0) candidates.push(key);
  }
  candidates.sort(byteOrder);

  const keys = [];
  const commonPrefixes = new Set();
  let isTruncated = false;
  for (const key of candidates) {
    const idx = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (idx !== -1) {
      commonPrefixes.add(key.slice(0, idx + delimiter.length));
    } else if (keys.length < maxKeys) {
      keys.push(key);
    } else {
      isTruncated = true;
      break;
    }
  }
  const objects = await Promise.all(
    keys.map((key) =>
      this.getMetadata(bucket, key).then(
        (metadata) => new S3Object(bucket, key, null, metadata),
        // Deleted while we listed: leave it out, as s3rver does.
        (err) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)),
      ),
    ),
  );
  return {
    objects: objects.filter(Boolean),
    commonPrefixes: [...commonPrefixes].sort(byteOrder),
    isTruncated,
  };
};

// s3rver's deleteObject removes emptied parent directories with readdirSync + rmdir; two deletes in one
// DeleteObjects call race on the same directory and one fails with InternalError. S3 has no such race:
// run deletes one at a time.
const deleteObject = FilesystemStore.prototype.deleteObject;
let deleting = Promise.resolve();
FilesystemStore.prototype.deleteObject = function serialDelete(bucket, key) {
  const run = deleting.then(() => deleteObject.call(this, bucket, key));
  deleting = run.catch(() => {});
  return run;
};

// S3 percent-decodes x-amz-copy-source as a whole; s3rver uses decodeURI, which leaves reserved
// characters encoded (%2B stays %2B), so a key with `+`, `&` or `=` cannot be copied. Hand it a value
// that decodeURI turns into the exact key.
const objectCtrl = require('s3rver/lib/controllers/object');
const putObjectCopy = objectCtrl.putObjectCopy;
objectCtrl.putObjectCopy = function copyWithFullDecoding(ctx) {
  ctx.headers['x-amz-copy-source'] = encodeURI(decodeURIComponent(ctx.headers['x-amz-copy-source']));
  return putObjectCopy.call(this, ctx);
};

const server = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory,
  // Path-style only: tests address buckets as http://127.0.0.1:PORT/bucket. (s3rver never treats an
  // IP host as a vhost bucket anyway; this makes the intent explicit.)
  vhostBuckets: false,
  // s3rver checks V2 signatures but accepts any V4 signature from a known access key (S3RVER);
  // nothing to relax here.
});

const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);

const exit = () => process.exit(0);
process.on('SIGTERM', exit);
process.on('SIGINT', exit);
process.stdin.on('end', exit);
process.stdin.on('close', exit);
process.stdin.resume();
