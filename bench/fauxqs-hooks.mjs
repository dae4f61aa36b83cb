// Module-loader hooks that patch fauxqs@1.9.2's compiled JavaScript in memory as it loads (nothing on disk
// changes), registered by bench/fauxqs.mjs. Every patch must find its text exactly the expected number of
// times, or loading fails with the patch named: a fauxqs upgrade cannot silently change what is measured.
//
// The fauxqs defects patched here, each of which would make a tool fail or do extra work for the server,
// not for itself:
//  1. Body limit: fauxqs hard-codes Fastify's bodyLimit to 11 MiB, so every request body over 11 MiB
//     (rclone's single PUT of a 128 MiB file, s3cmd's 15 MiB parts, a 50 MB file) gets HTTP 413
//     FST_ERR_CTP_BODY_TOO_LARGE. Raised to $FAUXQS_BODY_LIMIT_MB (default 1024).
//  2. Loopback bind: startFauxqs() listens on 0.0.0.0 whatever its `host` option says. Patched to listen
//     on `host` (default 127.0.0.1); bench/fauxqs.mjs does not call startFauxqs() (it builds the app
//     itself to reach the store), listens on 127.0.0.1 and checks the bound address.
//  3. Empty bodies: a 0-byte PutObject or UploadPart sent without a Content-Type (awscli does so for
//     files of unknown extension, e.g. `.keep`) has no parsed body, and `Buffer.from(undefined)` throws:
//     HTTP 500. Patched to store an empty object.
//  4. encoding-type=url: ListObjects (V1 and V2) ignores it and returns raw keys. awscli always asks for it
//     and URL-decodes the answer (unquote_plus), so a key with `+` or `%` comes back as another name: every
//     `aws s3 sync` uploads it again, and `--delete` deletes it remotely. Patched to percent-encode Key,
//     Prefix, Delimiter, StartAfter, Marker, NextMarker and CommonPrefixes and echo <EncodingType>url.
//  5. Key order: listings sort with String#localeCompare (ICU collation: "a" < "B") but page with a plain
//     `<=` against the last key, so keys come in an order S3 never gives (a sorted merge of local and remote
//     listings, as awscli's, then sees files as missing) and a listing of over 1,000 mixed-case keys skips
//     or repeats keys at page boundaries. Patched to S3's order, UTF-8 bytes, everywhere; and a truncated
//     delimited page continues after its last entry in that order, object or common prefix (fauxqs took
//     the last object's key even when a common prefix came after it, and so repeated that prefix).
//  6. Listing cost: every ListObjects page filtered and sorted the whole bucket, O(n log n) per page of
//     1,000: about 0.1 s of server CPU a page at 100,000 objects and seconds at 1,000,000, so a no-op sync
//     of a large tree measured the server's sort, not the client. Replaced by a sorted key index kept per
//     bucket (new keys merged in at the next listing, deletes filtered out) and a binary search to the page
//     start: O(log n + page). Same answers as the patched original (bench/check-fauxqs.mjs compares them).
//  7. LastModified precision: fauxqs stamps objects to the millisecond and lists them so; S3 keeps whole
//     seconds (listings say .000Z). A tool that sets a downloaded file's mtime from the object's time
//     (seconds, from the Last-Modified header) and later compares it with the listing's then finds every
//     object newer than its copy: s3-sync-client downloaded all of dataset B again on a no-op download.
//     Patched to whole seconds; the exact write time stays beside it (writtenMs), for the bench's checks.
const limitMb = Number(process.env.FAUXQS_BODY_LIMIT_MB || 1024);

const APP = /\/fauxqs\/dist\/app\.js$/;
const STORE = /\/fauxqs\/dist\/s3\/s3Store\.js$/;
const LIST = /\/fauxqs\/dist\/s3\/actions\/listObjects\.js$/;

// S3 orders keys by their UTF-8 bytes. JavaScript compares UTF-16 code units, which agrees except that
// UTF-8 puts U+E000–U+FFFF before the surrogate pairs (U+10000 and up).
const CMP = `const __s3cmp = (a, b) => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) {
      const sx = x >= 0xd800 && x <= 0xdfff, sy = y >= 0xd800 && y <= 0xdfff;
      if (sx !== sy) return sx ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
};
`;

// Patch 6: a bucket's object map that keeps its keys in S3 order for listings.
const INDEX = `class __BucketObjects extends Map {
  __sorted = null; // keys in S3 order, or null before the first listing
  __added = []; // keys new since __sorted was made
  __removed = false; // whether a key in __sorted may have been deleted since
  set(key, value) {
    if (this.__sorted && !super.has(key)) this.__added.push(key);
    return super.set(key, value);
  }
  delete(key) {
    const had = super.delete(key);
    if (had && this.__sorted) this.__removed = true;
    return had;
  }
  clear() {
    this.__sorted = null;
    this.__added = [];
    this.__removed = false;
    super.clear();
  }
  keysInOrder() {
    if (!this.__sorted) {
      this.__sorted = Array.from(super.keys()).sort(__s3cmp);
      this.__added = [];
      this.__removed = false;
      return this.__sorted;
    }
    let keys = this.__sorted;
    if (this.__removed) keys = keys.filter((k) => super.has(k));
    if (this.__added.length) {
      const add = this.__added.filter((k) => super.has(k)).sort(__s3cmp);
      const out = [];
      let i = 0, j = 0;
      while (i < keys.length || j < add.length) {
        const k = j >= add.length || (i < keys.length && __s3cmp(keys[i], add[j]) <= 0) ? keys[i++] : add[j++];
        if (out.length === 0 || out[out.length - 1] !== k) out.push(k); // a key deleted and set again
      }
      keys = out;
    }
    this.__sorted = keys;
    this.__added = [];
    this.__removed = false;
    return keys;
  }
}
const __firstAbove = (keys, key, orEqual) => {
  let lo = 0, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = __s3cmp(keys[mid], key);
    if (c < 0 || (c === 0 && !orEqual)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
// The first index at or after i whose key does not start with p (keys from i on that start with p are
// contiguous in S3 order).
const __pastPrefix = (keys, i, p) => {
  let lo = i, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid].startsWith(p)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
function __listObjects(store, bucket, options) {
  const objects = store.buckets.get(bucket);
  if (!objects) throw new S3Error("NoSuchBucket", \`The specified bucket does not exist: \${bucket}\`, 404);
  const prefix = options?.prefix ?? "";
  const delimiter = options?.delimiter;
  const maxKeys = options?.maxKeys ?? 1000;
  const startAfter = options?.startAfter ?? options?.marker ?? "";
  const keys = objects.keysInOrder();
  let i = startAfter && __s3cmp(startAfter, prefix) >= 0 ? __firstAbove(keys, startAfter, false) : __firstAbove(keys, prefix, true);
  const result = [];
  const commonPrefixes = [];
  let lastKey;
  let isTruncated = false;
  while (i < keys.length && keys[i].startsWith(prefix)) {
    const key = keys[i];
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const commonPrefix = key.slice(0, at + delimiter.length);
        const next = __pastPrefix(keys, i, commonPrefix);
        // a common prefix at or before the marker was on an earlier page
        if (!(startAfter && __s3cmp(commonPrefix, startAfter) <= 0)) {
          if (result.length + commonPrefixes.length >= maxKeys) { isTruncated = true; break; }
          commonPrefixes.push(commonPrefix);
          lastKey = commonPrefix;
        }
        i = next;
        continue;
      }
    }
    if (result.length + commonPrefixes.length >= maxKeys) { isTruncated = true; break; }
    result.push(objects.get(key));
    lastKey = key;
    i++;
  }
  return { objects: result, commonPrefixes, isTruncated, lastKey };
}
`;

const ENC = `let __enc = false; // this request asked for encoding-type=url (listings answer synchronously)
const __k = (s) => (__enc ? encodeURIComponent(s).replace(/%2F/g, "/") : escapeXml(s));
`;

// Each defect's edits: [file, from, to, count = 1]; `to` may be a function of `from`.
// fauxqs builds its listing XML in template literals: `<Tag>${escapeXml(value)}</Tag>`, twice for V1 and V2.
const xmlField = (tag, value, count = 1) => [
  LIST,
  `<${tag}>$\{escapeXml(${value})}</${tag}>`,
  `<${tag}>$\{__k(${value})}</${tag}>`,
  count,
];
const PUT = /\/fauxqs\/dist\/s3\/actions\/putObject\.js$/;
const PART = /\/fauxqs\/dist\/s3\/actions\/uploadPart\.js$/;
const DEFECTS = {
  1: [[APP, 'bodyLimit: 11 * 1_048_576', `bodyLimit: ${limitMb} * 1_048_576`]],
  2: [[APP, 'app.listen({ port, host: "0.0.0.0" })', 'app.listen({ port, host: host ?? "127.0.0.1" })']],
  3: [
    [PUT, 'Buffer.from(request.body)', 'Buffer.from(request.body ?? [])'],
    [PART, 'Buffer.from(request.body)', 'Buffer.from(request.body ?? [])'],
  ],
  4: [
    [LIST, 'import { escapeXml } from "../../common/xml.js";\n', (from) => from + ENC],
    [
      LIST,
      'const query = (request.query ?? {});',
      (from) => `${from}\n    __enc = query["encoding-type"] === "url";`,
    ],
    [LIST, 'escapeXml(obj.Key)', '__k(obj.Key)', 2],
    [LIST, 'escapeXml(p.Prefix)', '__k(p.Prefix)', 2],
    xmlField('Prefix', 'prefix', 2),
    xmlField('Delimiter', 'delimiter', 2),
    xmlField('Marker', 'marker'),
    xmlField('NextMarker', 'nextMarker'),
    xmlField('StartAfter', 'startAfter'),
    [
      LIST,
      `\`  <MaxKeys>$\{maxKeys}</MaxKeys>\`,`,
      (from) => `${from} ...(__enc ? ["  <EncodingType>url</EncodingType>"] : []),`,
      2,
    ],
  ],
  // the original listing's order (kept as __originalListObjects, to compare against), and where a
  // truncated page continues
  5: [
    [STORE, '.sort((a, b) => a.key.localeCompare(b.key));', '.sort((a, b) => __s3cmp(a.key, b.key));'],
    [
      STORE,
      'if (startAfter && obj.key <= startAfter)',
      'if (startAfter && __s3cmp(obj.key, startAfter) <= 0)',
    ],
    [
      STORE,
      'if (startAfter && commonPrefix <= startAfter)',
      'if (startAfter && __s3cmp(commonPrefix, startAfter) <= 0)',
    ],
    [
      STORE,
      'commonPrefixes: Array.from(commonPrefixSet).sort(),',
      'commonPrefixes: Array.from(commonPrefixSet).sort(__s3cmp),',
    ],
    [
      LIST,
      'const { objects, commonPrefixes, isTruncated } = store.listObjects(',
      'const { objects, commonPrefixes, isTruncated, lastKey: __last } = store.listObjects(',
      2,
    ],
    [LIST, 'objects[objects.length - 1].key', '(__last ?? objects[objects.length - 1].key)', 2],
  ],
  7: [[STORE, 'lastModified: new Date(),', 'lastModified: __s3Now(), writtenMs: Date.now(),', 3]],
  // the indexed listing, in S3's order too
  6: [
    [STORE, 'this.buckets.set(name, new Map());', 'this.buckets.set(name, new __BucketObjects());'],
    [
      STORE,
      '    listObjects(bucket, options) {\n',
      '    listObjects(bucket, options) {\n        return __listObjects(this, bucket, options);\n    }\n' +
        '    __originalListObjects(bucket, options) {\n',
    ],
  ],
};
// Code the edits call, put before the module's own (function and class declarations need no order here:
// the module body runs after its imports are bound).
const PREPEND = [
  [STORE, `${CMP + INDEX}const __s3Now = () => new Date(Math.floor(Date.now() / 1000) * 1000);\n`],
];

// FAUXQS_SKIP_PATCHES=3,4 leaves those defects in place, to see bench/check-fauxqs.mjs catch them.
const skip = new Set((process.env.FAUXQS_SKIP_PATCHES ?? '').split(',').map((s) => s.trim()));
const EDITS = Object.entries(DEFECTS)
  .filter(([id]) => !skip.has(id))
  .flatMap(([id, edits]) => edits.map(([file, from, to, count = 1]) => ({ id, file, from, to, count })));

const occurrences = (src, s) => src.split(s).length - 1;

export async function load(url, context, nextLoad) {
  const res = await nextLoad(url, context);
  const edits = EDITS.filter((e) => e.file.test(url));
  if (!edits.length) return res;
  let src = typeof res.source === 'string' ? res.source : Buffer.from(res.source).toString('utf8');
  for (const e of edits) {
    const n = occurrences(src, e.from);
    if (n !== e.count) {
      throw new Error(
        `bench/fauxqs-hooks.mjs, patch ${e.id}: expected ${e.count} × ${JSON.stringify(e.from)} in ${url}, ` +
          `found ${n} (not fauxqs 1.9.2?)`,
      );
    }
    src = src.split(e.from).join(typeof e.to === 'function' ? e.to(e.from) : e.to);
  }
  const before = PREPEND.filter(([file]) => file.test(url)).map(([, code]) => code);
  return { ...res, source: before.join('') + src };
}
