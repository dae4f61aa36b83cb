export const id = 623;
export const ids = [623];
export const modules = {

/***/ 623:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCache: () => (/* binding */ runCache)
});

// UNUSED EXPORTS: runCacheCommand

// EXTERNAL MODULE: ./src/config/options.ts + 3 modules
var options = __webpack_require__(9238);
// EXTERNAL MODULE: ./src/config/parse.ts
var parse = __webpack_require__(8353);
// EXTERNAL MODULE: ./src/config/sources.ts + 3 modules
var sources = __webpack_require__(3753);
// EXTERNAL MODULE: ./src/core/store/factory.ts + 4 modules
var factory = __webpack_require__(1208);
;// CONCATENATED MODULE: ./src/cache/client.ts
// The object store for cache commands, from the same settings layers as a sync (flags or inputs >
// environment > ini file), so endpoint, credentials, proxy and TLS settings work the same way.




async function cacheClient(req) {
    const settings = (0,sources/* loadSettings */.M)({ flags: req.settingFlags, flagNames: req.flagNames, env: req.env });
    req.onSettings?.(settings);
    const threads = (0,parse/* parseIntSetting */.x3)('THREADS', settings.get('THREADS'), 1, 1024) ?? options/* DEFAULT_THREADS */.s5;
    const { client, endpointLabel } = (0,options/* clientSettings */.ry)(settings, { ssl: req.ssl, threads });
    return { store: await (0,factory/* createObjectStore */.hB)(client), threads, endpointLabel, stateDir: (0,options/* md5CacheDir */.wc)(settings) };
}

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/location.ts
var core_location = __webpack_require__(1324);
;// CONCATENATED MODULE: ./src/cache/layout.ts
// Where a cache lives on S3 and what its objects are called. Under the store's prefix:
//   manifests/<key, URI-encoded>.json.gz   one per key, written last: its presence is the entry
//   packs/<sha256 of the pack's bytes>     small files concatenated (content-addressed)
//   blobs/<sha256 of the file>             one large file each (content-addressed)
// URI-encoding keeps any key a single path segment, and encodes a prefix of a key into a prefix of
// its encoding, so restore-keys become ListObjectsV2 prefixes.


/** The limit actions/cache applies, in characters. */
const MAX_KEY_LENGTH = 512;
/**
 * S3's limit on an object key, in UTF-8 bytes. A manifest's name holds the key URI-encoded, where a
 * `/` or a space takes 3 bytes and a `€` 9, so 512 characters do not keep it below this.
 */
const MAX_OBJECT_KEY_BYTES = 1024;
const MANIFESTS = 'manifests/';
const MANIFEST_SUFFIX = '.json.gz';
function parseStore(text, what = '--store') {
    const loc = (() => {
        try {
            return (0,core_location/* parseLocationArg */.L5)(text.trim());
        }
        catch (err) {
            throw new errors/* UsageError */.eb(`${what}: ${err.message}`);
        }
    })();
    if (loc.kind !== 's3')
        throw new errors/* UsageError */.eb(`${what} "${text}" is not bucket:prefix (or s3://bucket/prefix)`);
    const prefix = loc.prefix === '' || loc.prefix.endsWith('/') ? loc.prefix : `${loc.prefix}/`;
    return { bucket: loc.bucket, prefix };
}
/**
 * Why a cache key is not usable in `store`, or null. Commas are refused as actions/cache does (they
 * separate keys there). A restore key is checked the same way: it is the start of a manifest's name.
 */
function badKey(key, store) {
    if (key === '')
        return 'is empty';
    if (key.length > MAX_KEY_LENGTH)
        return `is longer than ${MAX_KEY_LENGTH} characters`;
    if (key.includes(','))
        return 'contains a comma';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters make keys unprintable.
    if (/[\u0000-\u001f\u007f]/.test(key))
        return 'contains a control character';
    const bytes = Buffer.byteLength(manifestObject(store, key));
    if (bytes > MAX_OBJECT_KEY_BYTES)
        return `is too long for S3: URI-encoded under ${manifestsPrefix(store)} it makes a ${bytes}-byte object key, over S3's limit of ${MAX_OBJECT_KEY_BYTES} bytes ('/', spaces and non-ASCII characters take 3 to 12 bytes each)`;
    return null;
}
function checkKey(key, what, store) {
    const why = badKey(key, store);
    if (why)
        throw new errors/* UsageError */.eb(`${what} ${JSON.stringify(key)} ${why}`);
    return key;
}
function manifestsPrefix(store) {
    return `${store.prefix}${MANIFESTS}`;
}
function manifestObject(store, key) {
    return `${manifestsPrefix(store)}${encodeURIComponent(key)}${MANIFEST_SUFFIX}`;
}
/** The ListObjectsV2 prefix that finds every key starting with `keyPrefix`. */
function manifestSearchPrefix(store, keyPrefix) {
    return `${manifestsPrefix(store)}${encodeURIComponent(keyPrefix)}`;
}
/** The cache key a listed manifest object stands for, or undefined for a foreign object. */
function keyOfManifestObject(store, object) {
    const base = manifestsPrefix(store);
    if (!object.startsWith(base) || !object.endsWith(MANIFEST_SUFFIX))
        return undefined;
    const encoded = object.slice(base.length, -MANIFEST_SUFFIX.length);
    if (encoded.includes('/'))
        return undefined;
    try {
        return decodeURIComponent(encoded);
    }
    catch {
        return undefined;
    }
}
function packObject(store, id) {
    return `${store.prefix}packs/${id}`;
}
function blobObject(store, id) {
    return `${store.prefix}blobs/${id}`;
}
function dataPrefixes(store) {
    return { packs: `${store.prefix}packs/`, blobs: `${store.prefix}blobs/` };
}

// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./src/core/transfer/transport.ts
var transport = __webpack_require__(5826);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/core/keys.ts
var keys = __webpack_require__(1483);
;// CONCATENATED MODULE: ./src/cache/manifest.ts
// The manifest of one cache entry: every path under the saved roots with its kind, mode, mtime, size
// and SHA-256, and where its bytes are (a slice of a pack, or a blob). It is the last object a save
// writes, so an entry without one was never completed and is never restored. Read back, it is checked
// whole before anything is written locally: a hostile or damaged manifest is refused, not half-applied.


const MANIFEST_FORMAT = 'paras3-cache/1';
class ManifestError extends Error {
    name = 'ManifestError';
}
function encodeManifest(m) {
    return (0,external_node_zlib_.gzipSync)(JSON.stringify(m));
}
/** Parses and checks a manifest; throws a ManifestError naming the first problem. */
function decodeManifest(body, label) {
    let m;
    try {
        m = JSON.parse((0,external_node_zlib_.gunzipSync)(body).toString('utf8'));
    }
    catch (err) {
        throw new ManifestError(`${label}: not a readable manifest (${err.message})`);
    }
    const why = manifestProblem(m);
    if (why)
        throw new ManifestError(`${label}: refused, ${why}`);
    return m;
}
const SHA256 = /^[0-9a-f]{64}$/;
/** The first reason a manifest cannot be applied safely, or null. */
function manifestProblem(m) {
    if (!m || typeof m !== 'object' || m.format !== MANIFEST_FORMAT)
        return 'unknown manifest format';
    if (!Array.isArray(m.roots) || !Array.isArray(m.entries) || typeof m.packs !== 'object' || !m.packs)
        return 'malformed manifest';
    for (const [id, size] of Object.entries(m.packs)) {
        if (!SHA256.test(id) || !Number.isSafeInteger(size) || size < 0)
            return `bad pack ${JSON.stringify(id)}`;
    }
    const seen = new Set();
    const links = new Set();
    for (const e of m.entries) {
        if (!Number.isInteger(e.root) || e.root < 0 || e.root >= m.roots.length)
            return 'entry with a bad root';
        if (typeof e.path !== 'string')
            return 'entry without a path';
        const id = `${e.root}/${e.path}`;
        if (e.path !== '') {
            const unsafe = (0,keys/* unsafeRelativePath */.q4)(e.path);
            if (unsafe)
                return `path ${JSON.stringify(e.path)} ${unsafe}`;
        }
        if (seen.has(id))
            return `path ${JSON.stringify(e.path)} appears twice`;
        seen.add(id);
        if (!Number.isFinite(e.mtime))
            return `path ${JSON.stringify(e.path)} has no mtime`;
        if (e.kind === 'symlink') {
            if (typeof e.target !== 'string' || e.target === '' || e.target.includes('\0'))
                return `symlink ${JSON.stringify(e.path)} has a bad target`;
            links.add(id);
        }
        else if (e.kind === 'file') {
            if (!Number.isSafeInteger(e.size) || e.size < 0 || !SHA256.test(e.sha256 ?? ''))
                return `file ${JSON.stringify(e.path)} has a bad size or hash`;
            if (e.pack !== undefined) {
                const packSize = m.packs[e.pack];
                if (packSize === undefined || !Number.isSafeInteger(e.offset) || e.offset < 0)
                    return `file ${JSON.stringify(e.path)} points outside its pack`;
                if (e.offset + e.size > packSize)
                    return `file ${JSON.stringify(e.path)} points outside its pack`;
            }
            else if (e.blob !== true)
                return `file ${JSON.stringify(e.path)} has no data`;
            if (!validMode(e.mode))
                return `file ${JSON.stringify(e.path)} has a bad mode`;
        }
        else if (e.kind === 'dir') {
            if (!validMode(e.mode))
                return `directory ${JSON.stringify(e.path)} has a bad mode`;
        }
        else
            return `path ${JSON.stringify(e.path)} has an unknown kind`;
    }
    // Anything below a symlink would be written through the link, possibly outside the root.
    for (const e of m.entries) {
        let i = e.path.indexOf('/');
        while (i !== -1) {
            if (links.has(`${e.root}/${e.path.slice(0, i)}`))
                return `path ${JSON.stringify(e.path)} lies below a symlink`;
            i = e.path.indexOf('/', i + 1);
        }
    }
    return null;
}
function validMode(mode) {
    return Number.isInteger(mode) && mode >= 0 && mode <= 0o7777;
}
/** Bytes the entry's files hold. */
function manifestBytes(m) {
    let n = 0;
    for (const e of m.entries)
        if (e.kind === 'file')
            n += e.size;
    return n;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/hash.ts
var hash = __webpack_require__(299);
;// CONCATENATED MODULE: ./src/cache/objects.ts
// The few ObjectStore calls the cache makes, in the shapes it needs: whole small objects as buffers
// (manifests, packs), a missing object as undefined rather than an error, full listings.



function isMissing(err) {
    const name = (0,errors/* errorName */.Is)(err);
    const status = err?.$metadata?.httpStatusCode;
    return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}
function isPreconditionFailed(err) {
    const status = err?.$metadata?.httpStatusCode;
    return (0,errors/* errorName */.Is)(err) === 'PreconditionFailed' || status === 412;
}
/** 409 ConditionalRequestConflict: a conditional write of the key is in flight; S3 asks for a retry. */
function isConditionalConflict(err) {
    const status = err?.$metadata?.httpStatusCode;
    return (0,errors/* errorName */.Is)(err) === 'ConditionalRequestConflict' || status === 409;
}
/** The object's bytes, or undefined if there is no such object. */
async function readObject(store, bucket, key, signal) {
    let res;
    try {
        res = await store.get(bucket, key, { signal });
    }
    catch (err) {
        if (isMissing(err))
            return undefined;
        throw err;
    }
    const chunks = [];
    for await (const c of res.body)
        chunks.push(c);
    const body = Buffer.concat(chunks);
    if (body.length !== res.size && res.size > 0)
        throw new Error(`${key}: body ended after ${body.length} of ${res.size} bytes`);
    return { body, lastModified: res.lastModified };
}
async function objectExists(store, bucket, key, signal) {
    try {
        await store.head(bucket, key, { signal });
        return true;
    }
    catch (err) {
        if (isMissing(err))
            return false;
        throw err;
    }
}
async function putObject(store, bucket, key, body, opts = {}) {
    await store.put({
        bucket,
        key,
        body,
        md5: (0,hash/* md5Hex */.CC)(body),
        headers: { contentType: opts.contentType ?? 'application/octet-stream' },
        ifNoneMatch: opts.ifNoneMatch,
    }, { signal: opts.signal });
}
async function listAll(store, bucket, prefix, signal) {
    const out = [];
    for await (const page of store.list(bucket, prefix, { signal }))
        out.push(...page.objects);
    return out;
}
function sha256Hex(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/cache/roots.ts
// The paths a cache holds, as given (`node_modules`, `~/.npm`), and where they are on this machine.



/** Trimmed, blank lines dropped, duplicates refused; globs are not supported and said so. */
function checkRoots(paths) {
    const roots = paths.map((p) => p.trim()).filter((p) => p !== '');
    if (roots.length === 0)
        throw new errors/* UsageError */.eb('no PATH to cache: give at least one directory');
    const seen = new Set();
    for (const r of roots) {
        if (/[*?[\]{}]/.test(r))
            throw new errors/* UsageError */.eb(`path "${r}": globs are not supported, name directories`);
        if (r.includes('\0'))
            throw new errors/* UsageError */.eb(`path "${r}": contains NUL`);
        if (seen.has(r))
            throw new errors/* UsageError */.eb(`path "${r}" is given twice`);
        seen.add(r);
    }
    return roots;
}
/** `~` and `~/x` are the home directory; anything else is relative to cwd. */
function rootPath(root, cwd) {
    if (root === '~' || root.startsWith('~/'))
        return external_node_path_default().join(external_node_os_default().homedir(), root.slice(1));
    return external_node_path_default().resolve(cwd, root);
}
function sameRoots(a, b) {
    return a.length === b.length && a.every((r, i) => r === b[i]);
}

;// CONCATENATED MODULE: ./src/cache/find.ts




async function findEntry(req) {
    const { store, cache } = req;
    const fits = (m, key) => {
        if (!req.roots || sameRoots(m.roots, req.roots))
            return true;
        req.onWarning?.(`cache entry ${JSON.stringify(key)} holds other paths (${m.roots.join(', ')}); not used`);
        return false;
    };
    if (req.key !== undefined) {
        const m = await readManifest(store, cache, req.key, req.signal);
        if (m && fits(m, req.key))
            return { manifest: m, matchedKey: req.key, exact: true };
    }
    for (const prefix of req.restoreKeys) {
        const listed = await listAll(store, cache.bucket, manifestSearchPrefix(cache, prefix), req.signal);
        const candidates = listed
            .map((o) => ({ key: keyOfManifestObject(cache, o.key), lastModified: o.lastModified }))
            .filter((c) => c.key?.startsWith(prefix) === true)
            .sort((a, b) => b.lastModified - a.lastModified);
        const loaded = [];
        for (const c of candidates) {
            // Only the entries as new as the newest one can win; read those, then stop at the first that fits.
            if (loaded.length > 0 && c.lastModified < loaded[0].lastModified)
                break;
            // A damaged candidate is passed over for the next one, as a missing one is: an older entry still
            // restores, where failing would leave the job with nothing. (An exact key's damage still fails.)
            const m = await readManifest(store, cache, c.key, req.signal).catch((err) => {
                if (!(err instanceof ManifestError))
                    throw err;
                req.onWarning?.(`${err.message}; passed over`);
                return undefined;
            });
            if (m && fits(m, c.key))
                loaded.push({ m, key: c.key, lastModified: c.lastModified });
        }
        loaded.sort((a, b) => b.m.created.localeCompare(a.m.created));
        const best = loaded[0];
        if (best)
            return { manifest: best.m, matchedKey: best.key, exact: best.key === req.key };
    }
    return undefined;
}
async function readManifest(store, cache, key, signal) {
    const obj = await readObject(store, cache.bucket, manifestObject(cache, key), signal);
    if (!obj)
        return undefined;
    return decodeManifest(obj.body, `cache entry ${JSON.stringify(key)}`);
}

;// CONCATENATED MODULE: ./src/cache/prune.ts
// Listing and pruning a cache: entries are their manifests; pruning deletes manifests first (so an
// entry disappears whole), then the packs and blobs no remaining manifest refers to. Data younger than
// a grace period is kept, since a save in progress has uploaded it but not yet written its manifest.





async function listEntries(store, cache, signal) {
    const listed = await listAll(store, cache.bucket, manifestsPrefix(cache), signal);
    const out = [];
    for (const o of listed) {
        const key = keyOfManifestObject(cache, o.key);
        if (key !== undefined)
            out.push({ key, lastModified: o.lastModified, manifestSize: o.size, etag: o.etag });
    }
    out.sort((a, b) => b.lastModified - a.lastModified || a.key.localeCompare(b.key));
    return newestFirst(store, cache, out, signal);
}
// LastModified has whole-second precision, so two saves in one second tie; the manifest's own creation
// time (ms) orders them, as findEntry does. Only tied entries' manifests are read.
async function newestFirst(store, cache, sorted, signal) {
    const tied = sorted.filter((e, i) => sorted[i - 1]?.lastModified === e.lastModified || sorted[i + 1]?.lastModified === e.lastModified);
    if (tied.length === 0)
        return sorted;
    const limit = (0,p_limit/* default */.A)(8);
    const created = new Map();
    await Promise.all(tied.map((e) => limit(async () => {
        const m = await readManifest(store, cache, e.key, signal);
        created.set(e.key, m?.created ?? '');
    })));
    return orderNewestFirst(sorted, created);
}
/** Newest first: by LastModified, then by the manifest's creation time, then by key. */
function orderNewestFirst(entries, created) {
    return [...entries].sort((a, b) => b.lastModified - a.lastModified ||
        (created.get(b.key) ?? '').localeCompare(created.get(a.key) ?? '') ||
        a.key.localeCompare(b.key));
}
const DEFAULT_GRACE_MS = 3600_000;
async function pruneCache(req) {
    const { store, cache } = req;
    const now = req.now ?? Date.now();
    const entries = await listEntries(store, cache, req.signal);
    const doomed = entries.filter((e, i) => (req.keepLast !== undefined && i >= req.keepLast) ||
        (req.olderThanMs !== undefined && now - e.lastModified > req.olderThanMs));
    const doomedKeys = new Set(doomed.map((e) => e.key));
    const kept = entries.filter((e) => !doomedKeys.has(e.key));
    if (!req.dryrun)
        await deleteAll(store, cache.bucket, doomed.map((e) => manifestObject(cache, e.key)), req.signal);
    // What the kept entries use: every manifest must be read, or nothing is deleted.
    const limit = (0,p_limit/* default */.A)(Math.max(1, req.threads));
    const used = new Set();
    const prefixes = dataPrefixes(cache);
    const manifests = await Promise.all(kept.map((e) => limit(() => readManifest(store, cache, e.key, req.signal))));
    for (const m of manifests) {
        if (!m)
            continue;
        for (const id of Object.keys(m.packs))
            used.add(`${prefixes.packs}${id}`);
        for (const e of m.entries)
            if (e.kind === 'file' && e.blob)
                used.add(`${prefixes.blobs}${e.sha256}`);
    }
    const [packs, blobs] = await Promise.all([
        listAll(store, cache.bucket, prefixes.packs, req.signal),
        listAll(store, cache.bucket, prefixes.blobs, req.signal),
    ]);
    // A save that finished meanwhile may reuse data only deleted manifests referred to: read those too,
    // a doomed key saved again included (its new manifest is not the one deleted).
    const seen = new Set(entries.map((e) => `${e.etag} ${e.lastModified} ${e.key}`));
    const later = (await listEntries(store, cache, req.signal)).filter((e) => !seen.has(`${e.etag} ${e.lastModified} ${e.key}`));
    for (const e of later) {
        const m = await readManifest(store, cache, e.key, req.signal);
        for (const id of Object.keys(m?.packs ?? {}))
            used.add(`${prefixes.packs}${id}`);
        for (const f of m?.entries ?? [])
            if (f.kind === 'file' && f.blob)
                used.add(`${prefixes.blobs}${f.sha256}`);
    }
    const grace = req.graceMs ?? DEFAULT_GRACE_MS;
    const unused = [...packs, ...blobs].filter((o) => !used.has(o.key));
    const old = unused.filter((o) => now - o.lastModified >= grace);
    if (!req.dryrun)
        await deleteAll(store, cache.bucket, old.map((o) => o.key), req.signal);
    return {
        deletedKeys: doomed.map((e) => e.key),
        keptKeys: kept.map((e) => e.key),
        deletedData: old.length,
        deletedDataBytes: old.reduce((n, o) => n + o.size, 0),
        youngData: unused.length - old.length,
    };
}
async function deleteAll(store, bucket, keys, signal) {
    const outcomes = await (0,transport/* deleteKeys */.I)(store, bucket, keys, signal).catch((err) => {
        throw err instanceof transport/* DeletesStopped */.A ? err.cause : err;
    });
    const failed = outcomes.findIndex((o) => !o.ok);
    if (failed !== -1) {
        const o = outcomes[failed];
        throw new Error(`cannot delete ${keys[failed]}: ${o.error}`);
    }
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/core/fastfs.ts
var fastfs = __webpack_require__(6518);
// EXTERNAL MODULE: ./src/core/temps.ts
var temps = __webpack_require__(3284);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/core/md5cache.ts
var md5cache = __webpack_require__(4885);
;// CONCATENATED MODULE: ./src/cache/restored.ts
// What this machine's last `cache restore` of a set of roots wrote: for every file, its SHA-256 (checked
// as it was written) and its stamp as lstat gave it just after (size, mtime, ctime, inode, device). A
// later `cache save` of the same roots takes a file's SHA-256 from here without reading it only while
// that stamp is exactly the same: content cannot change without changing ctime, which no user can set
// back, so a file rewritten with its size and mtime put back (npm dates every file in node_modules
// 1985-10-26) is read again. Size and mtime alone, compared with whatever entry the save starts from,
// are not enough: that took the old bytes' hash for a changed package.json, and a newer entry's hashes
// for files restored from an older one.
//
// The record vouches for the bytes on disk whichever entry the save starts from; the save still reuses
// data only for hashes the store holds. One file per set of roots in the user's cache directory
// (PARAS3_MD5_CACHE), replaced whole (temp + rename) by each restore; a missing, damaged or foreign one
// is no record: every file is read.





const FORMAT = 'paras3-cache-restored-1';
/**
 * A change made in the same clock tick as a stamp leaves ctime as it was ("racily clean", as git says).
 * A stamp is trusted only if it is older than the record by more than a tick: RACY_MS where ctime has
 * sub-second precision (a kernel tick is 1 to 10 ms), COARSE_MS where it is whole seconds (FAT keeps 2).
 */
const RACY_MS = 20;
const COARSE_MS = 2000;
function recordPath(dir, rootPaths) {
    const id = (0,external_node_crypto_.createHash)('sha256').update(JSON.stringify(rootPaths)).digest('hex').slice(0, 32);
    return external_node_path_default().join(dir, `cache-restored-${id}.json`);
}
function racy(ctimeMs, written) {
    const tick = Number.isInteger(ctimeMs / 1000) ? COARSE_MS : RACY_MS;
    return !(ctimeMs + tick < written);
}
/** Before a restore writes: its roots have no record until it has written them all. */
async function forgetRestored(dir, rootPaths) {
    if (dir === undefined)
        return;
    await (0,promises_.unlink)(recordPath(dir, rootPaths)).catch(() => { });
}
/**
 * After a restore wrote every file: the record of what it wrote. Waits out a tick first (at most
 * RACY_MS) so that a fast restore's files are not racy. Failing to write it costs only speed.
 */
async function recordRestored(dir, rootPaths, entry, files, onWarning) {
    if (dir === undefined)
        return;
    let newest = 0;
    for (const f of files.values())
        if (!Number.isInteger(f.ctimeMs / 1000))
            newest = Math.max(newest, f.ctimeMs);
    const wait = newest + RACY_MS + 1 - Date.now();
    if (wait > 0)
        await (0,external_node_timers_promises_.setTimeout)(Math.min(wait, RACY_MS + 1));
    const rec = {
        format: FORMAT,
        roots: [...rootPaths],
        key: entry.key,
        saveId: entry.saveId,
        written: Date.now(),
        files: [...files].map(([p, f]) => [p, f.size, f.mtimeMs, f.ctimeMs, f.ino, f.dev, f.sha256]),
    };
    const file = recordPath(dir, rootPaths);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
        await (0,promises_.mkdir)(dir, { recursive: true });
        const fh = await (0,promises_.open)(tmp, 'w', 0o600);
        try {
            await fh.writeFile(JSON.stringify(rec));
        }
        finally {
            await fh.close();
        }
        await (0,promises_.rename)(tmp, file);
    }
    catch (err) {
        await (0,promises_.unlink)(tmp).catch(() => { });
        onWarning?.(`cannot record the restore in ${dir} (${err.message}); the next save reads every file`);
    }
}
/**
 * The files the last restore of these roots wrote and whose stamps can be trusted (not racy), by
 * absolute path; empty when there is no usable record.
 */
async function loadRestored(dir, rootPaths) {
    const out = new Map();
    if (dir === undefined)
        return out;
    let rec;
    try {
        rec = JSON.parse(await (0,promises_.readFile)(recordPath(dir, rootPaths), 'utf8'));
    }
    catch {
        return out;
    }
    if (rec === null ||
        typeof rec !== 'object' ||
        rec.format !== FORMAT ||
        !Array.isArray(rec.roots) ||
        JSON.stringify(rec.roots) !== JSON.stringify(rootPaths) ||
        typeof rec.written !== 'number' ||
        !Array.isArray(rec.files))
        return out;
    for (const f of rec.files) {
        if (!Array.isArray(f) || f.length !== 7)
            continue;
        const [p, size, mtimeMs, ctimeMs, ino, dev, sha256] = f;
        if (typeof p !== 'string' || typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256))
            continue;
        if (![size, mtimeMs, ctimeMs, ino, dev].every((n) => typeof n === 'number' && Number.isFinite(n)))
            continue;
        if (racy(ctimeMs, rec.written))
            continue;
        out.set(p, { size, mtimeMs, ctimeMs, ino, dev, sha256 });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/cache/restore.ts
// Restoring a cache entry: find it (exact key, else restore-keys), check its manifest whole, then
// fetch packs and blobs in parallel and write every file to a temp name beside its target, verified,
// with its mode and mtime, before renaming it into place. Directories are created first (each one a
// real directory, never followed through a symlink), symlinks after the files, directory times last.
















async function restoreCache(req) {
    const found = await findEntry({
        store: req.store,
        cache: req.cache,
        key: req.key,
        restoreKeys: req.restoreKeys,
        roots: req.roots,
        signal: req.signal,
        onWarning: req.onWarning,
    });
    if (!found)
        return { kind: 'miss' };
    const m = found.manifest;
    const files = m.entries.filter((e) => e.kind === 'file').length;
    const hit = {
        kind: 'hit',
        exact: found.exact,
        matchedKey: found.matchedKey,
        files,
        bytes: manifestBytes(m),
    };
    if (req.lookupOnly)
        return { ...hit, downloadedBytes: 0, downloads: 0 };
    const rootPaths = m.roots.map((r) => rootPath(r, req.cwd));
    await forgetRestored(req.stateDir, rootPaths);
    const written = new Map();
    const moved = await applyManifest(m, req, written);
    await recordRestored(req.stateDir, rootPaths, { key: found.matchedKey, saveId: m.saveId }, written, req.onWarning);
    return { ...hit, ...moved };
}
async function applyManifest(m, req, 
/** Filled with each file written, by absolute path: its SHA-256 and its stamp after the rename. */
written) {
    const rootPaths = m.roots.map((r) => rootPath(r, req.cwd));
    const targets = planTargets(m, rootPaths);
    const temps = new Set();
    try {
        // Parents before children: every directory an entry is written into is one we made or checked.
        for (const t of targets)
            if (t.entry.kind === 'dir')
                ensureDirectory(t.fsPath, t.entry.path === '');
        // A root that is a single file or link needs its parent directory.
        for (const t of targets)
            if (t.entry.path === '' && t.entry.kind !== 'dir')
                external_node_fs_default().mkdirSync(external_node_path_default().dirname(t.fsPath), { recursive: true });
        const moved = await writeFiles(m, targets, req, temps, written);
        for (const t of targets)
            if (t.entry.kind === 'symlink')
                placeSymlink(t.fsPath, t.entry);
        // Deepest first: setting a child's times must not be undone by writing into its parent.
        const dirs = targets.filter((t) => t.entry.kind === 'dir').reverse();
        for (const t of dirs) {
            const e = t.entry;
            external_node_fs_default().chmodSync(t.fsPath, e.mode);
            external_node_fs_default().utimesSync(t.fsPath, e.mtime / 1000, e.mtime / 1000);
        }
        return moved;
    }
    finally {
        for (const t of temps)
            external_node_fs_default().rmSync(t, { force: true });
    }
}
/** Local paths for every entry, in manifest order (parents before children), refusing orphans. */
function planTargets(m, rootPaths) {
    const dirs = new Set();
    const sorted = [...m.entries].sort((a, b) => a.root !== b.root ? a.root - b.root : a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    const out = [];
    for (const e of sorted) {
        if (e.path !== '') {
            // Every ancestor must be a directory of the entry itself, so nothing is written through a
            // directory or link that was already on disk and is not the entry's.
            const parent = (0,keys/* parentPath */.yl)(e.path);
            if (!dirs.has(`${e.root}/${parent}`))
                throw new ManifestError(`refused: ${JSON.stringify(e.path)} has no parent directory in the entry`);
        }
        if (e.kind === 'dir')
            dirs.add(`${e.root}/${e.path}`);
        out.push({ entry: e, fsPath: (0,keys/* localPathFor */.yX)(rootPaths[e.root], e.path) });
    }
    return out;
}
/** A real directory at `p`: made if missing; a file or symlink in the way is replaced, as tar does. */
function ensureDirectory(p, isRoot) {
    let st;
    try {
        st = external_node_fs_default().lstatSync(p);
    }
    catch (err) {
        if ((0,errors/* errorCode */.CA)(err) !== 'ENOENT')
            throw err;
    }
    // A root that is a symlink to a directory is the user's own layout (e.g. ~/.cache on another disk).
    if (isRoot) {
        external_node_fs_default().mkdirSync(p, { recursive: true });
        return;
    }
    if (st?.isDirectory())
        return;
    if (st)
        external_node_fs_default().rmSync(p, { force: true });
    external_node_fs_default().mkdirSync(p);
}
function placeSymlink(p, e) {
    let st;
    try {
        st = external_node_fs_default().lstatSync(p);
    }
    catch (err) {
        if ((0,errors/* errorCode */.CA)(err) !== 'ENOENT')
            throw err;
    }
    if (st?.isDirectory())
        throw new Error(`${p}: a directory is where the cache has a symlink`);
    if (st)
        external_node_fs_default().unlinkSync(p);
    external_node_fs_default().symlinkSync(e.target, p);
    try {
        external_node_fs_default().lutimesSync(p, e.mtime / 1000, e.mtime / 1000);
    }
    catch {
        // Not every platform sets a link's own times; the link itself is what matters.
    }
}
async function writeFiles(m, targets, req, temps, written) {
    const byPack = new Map();
    const blobs = [];
    for (const t of targets) {
        if (t.entry.kind !== 'file')
            continue;
        if (t.entry.pack !== undefined) {
            const list = byPack.get(t.entry.pack) ?? [];
            list.push(t);
            byPack.set(t.entry.pack, list);
        }
        else
            blobs.push(t);
    }
    const limit = (0,p_limit/* default */.A)(Math.max(1, req.threads));
    const fileLimit = (0,p_limit/* default */.A)(FILES_IN_FLIGHT);
    const abort = new AbortController();
    // One signal for every request in flight; each adds a listener.
    (0,external_node_events_.setMaxListeners)(0, abort.signal);
    const onAbort = () => abort.abort();
    req.signal?.addEventListener('abort', onAbort);
    let downloadedBytes = 0;
    let downloads = 0;
    const guarded = async (fn) => {
        try {
            await fn();
        }
        catch (err) {
            abort.abort();
            throw err;
        }
    };
    try {
        // Largest first, so the long transfers start early and the pool drains evenly.
        const jobs = [
            ...[...byPack.entries()].map(([id, list]) => ({
                size: m.packs[id] ?? 0,
                run: () => restorePack(id, list),
            })),
            ...blobs.map((t) => ({ size: t.entry.size, run: () => restoreBlob(t) })),
        ].sort((a, b) => b.size - a.size);
        const results = await Promise.allSettled(jobs.map((j) => limit(() => guarded(j.run))));
        const failed = results.find((r) => r.status === 'rejected');
        if (failed)
            throw failed.reason;
    }
    finally {
        req.signal?.removeEventListener('abort', onAbort);
    }
    return { downloadedBytes, downloads };
    /** After the rename (which changes ctime): the stamp a save will find while the file is untouched. */
    async function stamp(fsPath, e) {
        if (!written)
            return;
        const st = await (0,fastfs/* lstat */.$1)(fsPath);
        const { size, mtimeMs, ctimeMs, ino, dev } = st;
        if (st.isFile() && size === e.size)
            written.set(fsPath, { size, mtimeMs, ctimeMs, ino, dev, sha256: e.sha256 });
    }
    async function restorePack(id, list) {
        const obj = await readObject(req.store, req.cache.bucket, packObject(req.cache, id), abort.signal);
        if (!obj)
            throw new Error(`pack ${id} of the cache entry is missing from the store`);
        if (sha256Hex(obj.body) !== id)
            throw new Error(`pack ${id}: the bytes received do not match its hash`);
        // The manifest says where each file is in the pack and what it hashes to: a slice cut short (the
        // pack smaller than the manifest says) or not the file's bytes is refused before any is written.
        if (obj.body.length !== m.packs[id])
            throw new Error(`pack ${id}: ${obj.body.length} bytes, where the cache entry says ${m.packs[id]}`);
        const checked = new Set();
        for (const t of list) {
            const e = t.entry;
            const at = `${e.offset}:${e.size}:${e.sha256}`;
            if (checked.has(at))
                continue;
            const slice = obj.body.subarray(e.offset, e.offset + e.size);
            if (slice.length !== e.size || sha256Hex(slice) !== e.sha256)
                throw new Error(`${t.fsPath}: the bytes in pack ${id} do not match the cache entry`);
            checked.add(at);
        }
        downloads++;
        downloadedBytes += obj.body.length;
        await Promise.all(list.map((t) => {
            const e = t.entry;
            const start = e.offset;
            return fileLimit(async () => {
                await writeWhole(t.fsPath, obj.body.subarray(start, start + e.size), e, temps);
                await stamp(t.fsPath, e);
            });
        }));
    }
    async function restoreBlob(t) {
        const e = t.entry;
        const res = await req.store.get(req.cache.bucket, blobObject(req.cache, e.sha256), {
            signal: abort.signal,
        });
        const tmp = tempPathFor(t.fsPath);
        temps.add(tmp);
        const fh = await external_node_fs_default().promises.open(tmp, 'wx', 0o600);
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let n = 0;
        try {
            for await (const chunk of res.body) {
                const b = chunk;
                hash.update(b);
                n += b.length;
                await fh.write(b);
            }
            if (n !== e.size || hash.digest('hex') !== e.sha256)
                throw new Error(`${t.fsPath}: the bytes received do not match the cache entry`);
            await fh.chmod(e.mode);
            await fh.utimes(e.mtime / 1000, e.mtime / 1000);
        }
        finally {
            await fh.close();
        }
        external_node_fs_default().renameSync(tmp, t.fsPath);
        temps.delete(tmp);
        await stamp(t.fsPath, e);
        downloads++;
        downloadedBytes += n;
    }
}
/**
 * One small file: temp name, bytes, mode, times, rename. On the thread pool rather than synchronously:
 * creating a file waits on the file system (on a busy disk most of a restore's time is openat), and
 * several in flight overlap those waits, which tar, one file after another, cannot.
 */
async function writeWhole(target, body, e, temps) {
    const tmp = tempPathFor(target);
    temps.add(tmp);
    // Created with its mode when the umask leaves that mode whole: one call fewer per file.
    const direct = (e.mode & ~0o777) === 0 && (e.mode & UMASK) === 0;
    const fd = await (0,fastfs/* openNew */.nR)(tmp, 'wx', direct ? e.mode : 0o600);
    try {
        let off = 0;
        while (off < body.length)
            off += await writeAt(fd, body, off, body.length - off);
        if (!direct)
            await fchmod(fd, e.mode);
        await futimes(fd, e.mtime / 1000, e.mtime / 1000);
    }
    finally {
        await restore_close(fd);
    }
    await (0,fastfs/* rename */.$w)(tmp, target);
    temps.delete(tmp);
}
/** Read once (reading it is the deprecated form of the call only where it would also set it). */
const UMASK = process.umask();
/** Small files being written at once (the thread pool has 4 threads by default). */
const FILES_IN_FLIGHT = 8;
const writeAt = (fd, b, off, len) => new Promise((resolve, reject) => external_node_fs_default().write(fd, b, off, len, null, (err, n) => (err ? reject(err) : resolve(n))));
const fchmod = (0,external_node_util_.promisify)((external_node_fs_default()).fchmod);
const futimes = (0,external_node_util_.promisify)((external_node_fs_default()).futimes);
const restore_close = (0,external_node_util_.promisify)((external_node_fs_default()).close);
function tempPathFor(target) {
    return external_node_path_default().join(external_node_path_default().dirname(target), (0,temps/* tempNameFor */.DU)(external_node_path_default().basename(target)));
}

// EXTERNAL MODULE: ./src/core/limits.ts
var limits = __webpack_require__(6419);
// EXTERNAL MODULE: ./src/core/transfer/multipart.ts
var multipart = __webpack_require__(9971);
;// CONCATENATED MODULE: ./src/cache/pack.ts
// Packs: small files concatenated into one object, as restic and kopia pack blobs, so that thousands
// of small files cost a few requests. A pack is named by the SHA-256 of its bytes; the manifest says
// which slice of which pack each file is.

class PackBuilder {
    target;
    chunks = [];
    size = 0;
    members = [];
    hashes = new Set();
    constructor(target) {
        this.target = target;
    }
    has(sha256) {
        return this.hashes.has(sha256);
    }
    add(sha256, body) {
        this.members.push({ sha256, offset: this.size });
        this.hashes.add(sha256);
        this.chunks.push(body);
        this.size += body.length;
    }
    full() {
        return this.size >= this.target;
    }
    /** The pack so far, or undefined if it holds nothing; the builder starts a new one. */
    seal() {
        if (this.members.length === 0)
            return undefined;
        const body = Buffer.concat(this.chunks, this.size);
        const pack = { id: sha256Hex(body), body, members: this.members };
        this.chunks = [];
        this.size = 0;
        this.members = [];
        this.hashes.clear();
        return pack;
    }
}

;// CONCATENATED MODULE: ./src/cache/scan.ts





async function scanRoots(rootPaths) {
    const result = { entries: [], missing: [], warnings: [] };
    for (const [root, top] of rootPaths.entries()) {
        let st;
        try {
            st = await (0,fastfs/* lstat */.$1)(top);
        }
        catch (err) {
            if ((0,errors/* errorCode */.CA)(err) !== 'ENOENT')
                throw err;
            result.missing.push(root);
            continue;
        }
        const rootEntry = entryOf(root, '', top, st);
        if (!rootEntry) {
            result.warnings.push(`${top}: not a file, directory or symlink; skipped`);
            continue;
        }
        if (rootEntry.kind === 'symlink')
            rootEntry.target = await (0,fastfs/* readlink */.h_)(top);
        result.entries.push(rootEntry);
        if (rootEntry.kind === 'dir')
            await walk(root, '', top, result);
    }
    return result;
}
async function walk(root, rel, dir, out) {
    let names;
    try {
        names = await (0,promises_.readdir)(dir, { withFileTypes: true });
    }
    catch (err) {
        out.warnings.push(`${dir}: cannot read (${(0,errors/* errorCode */.CA)(err) ?? err.message}); skipped`);
        return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const found = await Promise.all(names
        .filter((d) => !(0,temps/* isTempName */.Gs)(d.name))
        .map(async (d) => {
        const path = rel === '' ? d.name : `${rel}/${d.name}`;
        const fsPath = external_node_path_default().join(dir, d.name);
        const st = await (0,fastfs/* lstat */.$1)(fsPath);
        const e = entryOf(root, path, fsPath, st);
        if (e?.kind === 'symlink')
            e.target = await (0,fastfs/* readlink */.h_)(fsPath);
        return { e, fsPath, path };
    }));
    for (const { e, fsPath, path } of found) {
        if (!e) {
            out.warnings.push(`${fsPath}: not a file, directory or symlink; skipped`);
            continue;
        }
        out.entries.push(e);
        if (e.kind === 'dir')
            await walk(root, path, fsPath, out);
    }
}
function entryOf(root, path, fsPath, st) {
    const kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : undefined;
    if (!kind)
        return undefined;
    return {
        root,
        path,
        kind,
        mode: st.mode & 0o7777,
        mtime: Math.round(st.mtimeMs),
        size: kind === 'file' ? st.size : 0,
        fsPath,
        stamp: { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev },
    };
}

;// CONCATENATED MODULE: ./src/cache/save.ts
// Saving a cache entry: walk the roots, find each file's bytes already on the store (by SHA-256, from
// the base entry's manifest and the store's listing), upload only what is new (small files packed
// together, large ones alone), and write the manifest last with If-None-Match: *, so an entry either
// exists whole or not at all, and of two jobs saving one key the first complete one wins.

















/** Files below this go into packs; at and above it, each is a blob of its own. */
const SMALL_FILE = 256 * limits/* KIB */.nH;
/** Blobs up to this size are one PutObject; larger ones go in parts of this size. */
const BLOB_PART = 8 * limits/* MIB */.D6;
/** Files read and hashed at once, and the bytes they may hold in memory. */
const READ_BATCH = 64;
const READ_BATCH_BYTES = 32 * limits/* MIB */.D6;
/** Attempts at the manifest's conditional write while S3 reports a conflicting write in flight. */
const CONFLICT_ATTEMPTS = 5;
const CONFLICT_DELAY_MS = 200;
async function saveCache(req) {
    const { store, cache, key } = req;
    const manifestKey = manifestObject(cache, key);
    if (await objectExists(store, cache.bucket, manifestKey, req.signal))
        return { kind: 'exists', key };
    const rootPaths = req.roots.map((r) => rootPath(r, req.cwd));
    const prefixes = dataPrefixes(cache);
    const [scan, packsListed, blobsListed, base, restored] = await Promise.all([
        scanRoots(rootPaths),
        listAll(store, cache.bucket, prefixes.packs, req.signal),
        listAll(store, cache.bucket, prefixes.blobs, req.signal),
        req.baseKey !== undefined || req.baseKeys.length > 0
            ? findEntry({ store, cache, key: req.baseKey, restoreKeys: req.baseKeys, signal: req.signal })
            : Promise.resolve(undefined),
        loadRestored(req.stateDir, rootPaths),
    ]);
    for (const w of scan.warnings)
        req.onWarning?.(w);
    for (const i of scan.missing)
        req.onWarning?.(`path ${req.roots[i]} does not exist; not cached`);
    if (scan.entries.length === 0)
        return { kind: 'empty', key };
    const packSizes = new Map(packsListed.map((o) => [o.key.slice(prefixes.packs.length), o.size]));
    const blobSizes = new Map(blobsListed.map((o) => [o.key.slice(prefixes.blobs.length), o.size]));
    // Where bytes with a given hash already are.
    const known = new Map();
    if (base) {
        for (const e of base.manifest.entries) {
            if (e.kind !== 'file')
                continue;
            if (e.pack !== undefined && packSizes.get(e.pack) === base.manifest.packs[e.pack])
                known.set(e.sha256, { pack: e.pack, offset: e.offset });
        }
    }
    const stats = {
        files: 0,
        bytes: 0,
        reusedFiles: 0,
        uploads: 0,
        uploadedBytes: 0,
        hashedFiles: 0,
        base: base?.matchedKey,
    };
    const abort = new AbortController();
    // One signal for every upload in flight; each adds a listener.
    (0,external_node_events_.setMaxListeners)(0, abort.signal);
    const onOuterAbort = () => abort.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onOuterAbort);
    const signal = abort.signal;
    const limit = (0,p_limit/* default */.A)(Math.max(1, req.threads));
    const inflight = new Set();
    let failure;
    const upload = (task) => {
        const p = limit(async () => {
            if (failure)
                return;
            const n = await task();
            stats.uploads++;
            stats.uploadedBytes += n;
        })
            .catch((err) => {
            failure ??= err;
            abort.abort();
        })
            .finally(() => inflight.delete(p));
        inflight.add(p);
    };
    // Bounded memory: no more packs waiting than threads can send.
    const backpressure = async () => {
        while (inflight.size >= req.threads * 2 && !failure)
            await Promise.race(inflight);
    };
    const newSmallBytes = scan.entries
        .filter((e) => e.kind === 'file' && e.size < SMALL_FILE && !known.has(asRestored(e, restored) ?? ''))
        .reduce((n, e) => n + e.size, 0);
    const packs = new PackBuilder(packTarget(newSmallBytes, req.threads));
    // New small files waiting for their pack to be sealed (several paths may share one content).
    const waiting = new Map();
    const sealPack = (pack) => {
        for (const m of pack.members) {
            known.set(m.sha256, { pack: pack.id, offset: m.offset });
            for (const f of waiting.get(m.sha256) ?? [])
                Object.assign(f, { pack: pack.id, offset: m.offset });
            waiting.delete(m.sha256);
        }
        // The same files in the same order make the same pack: it may be there already. Only whole: a
        // server that keeps the part of an interrupted PUT (s3rver) lists a shorter object under the name.
        if (packSizes.get(pack.id) === pack.body.length)
            return;
        packSizes.set(pack.id, pack.body.length);
        upload(async () => {
            await putObject(store, cache.bucket, packObject(cache, pack.id), pack.body, { signal });
            return pack.body.length;
        });
    };
    const entries = [];
    try {
        for (const batch of batches(scan.entries)) {
            if (failure)
                break;
            const contents = await Promise.all(batch.map((e) => (e.kind === 'file' ? contentOf(e, restored, known, blobSizes) : undefined)));
            for (const [j, e] of batch.entries()) {
                if (e.kind === 'dir') {
                    entries.push({ kind: 'dir', root: e.root, path: e.path, mode: e.mode, mtime: e.mtime });
                    continue;
                }
                if (e.kind === 'symlink') {
                    const target = e.target ?? '';
                    entries.push({ kind: 'symlink', root: e.root, path: e.path, mtime: e.mtime, target });
                    continue;
                }
                const c = contents[j];
                if (c.hashed)
                    stats.hashedFiles++;
                stats.files++;
                stats.bytes += e.size;
                const entry = {
                    kind: 'file',
                    root: e.root,
                    path: e.path,
                    mode: e.mode,
                    mtime: e.mtime,
                    size: e.size,
                    sha256: c.sha256,
                };
                entries.push(entry);
                if (e.size >= SMALL_FILE) {
                    entry.blob = true;
                    if (blobSizes.get(c.sha256) === e.size) {
                        stats.reusedFiles++;
                        continue;
                    }
                    blobSizes.set(c.sha256, e.size);
                    const { body, partMd5s } = c;
                    upload(async () => {
                        if (body)
                            await putObject(store, cache.bucket, blobObject(cache, c.sha256), body, { signal });
                        else
                            await uploadBlobInParts(store, cache, e, c.sha256, partMd5s ?? [], signal);
                        return e.size;
                    });
                    continue;
                }
                const there = known.get(c.sha256);
                if (there) {
                    Object.assign(entry, there);
                    stats.reusedFiles++;
                    continue;
                }
                if (!packs.has(c.sha256))
                    packs.add(c.sha256, c.body);
                waiting.set(c.sha256, [...(waiting.get(c.sha256) ?? []), entry]);
                if (packs.full())
                    sealPack(packs.seal());
            }
            await backpressure();
        }
        const last = packs.seal();
        if (last)
            sealPack(last);
    }
    finally {
        req.signal?.removeEventListener('abort', onOuterAbort);
        while (inflight.size > 0)
            await Promise.race(inflight);
    }
    if (failure)
        throw failure;
    if (req.signal?.aborted)
        throw req.signal.reason ?? new Error('interrupted');
    // Every pack the entries point into, with its size (reused packs: as listed).
    const usedPacks = {};
    for (const e of entries) {
        if (e.kind === 'file' && e.pack !== undefined)
            usedPacks[e.pack] = packSizes.get(e.pack);
    }
    const manifest = {
        format: MANIFEST_FORMAT,
        key,
        saveId: (0,external_node_crypto_.randomBytes)(12).toString('hex'),
        created: new Date().toISOString(),
        roots: [...req.roots],
        packs: usedPacks,
        entries,
    };
    const body = encodeManifest(manifest);
    stats.uploads++;
    stats.uploadedBytes += body.length;
    // Servers that ignore If-None-Match (s3rver) still get a check just before the write, and the
    // read-back below: whichever manifest is stored, its writer alone reports success.
    if (await objectExists(store, cache.bucket, manifestKey, req.signal))
        return { kind: 'lost-race', key, ...stats };
    // S3 answers 409 ConditionalRequestConflict while another conditional write of the key is in
    // flight, and asks for a retry: it then stores this one, or refuses it with 412 if the other won.
    for (let attempt = 1;; attempt++) {
        try {
            await putObject(store, cache.bucket, manifestKey, body, {
                ifNoneMatch: true,
                contentType: 'application/gzip',
                signal: req.signal,
            });
            break;
        }
        catch (err) {
            if (isPreconditionFailed(err))
                return { kind: 'lost-race', key, ...stats };
            if (!isConditionalConflict(err) || attempt >= CONFLICT_ATTEMPTS || req.signal?.aborted)
                throw err;
            await (0,external_node_timers_promises_.setTimeout)(CONFLICT_DELAY_MS * attempt, undefined, { signal: req.signal }).catch(() => { });
            if (req.signal?.aborted)
                throw req.signal.reason ?? err;
        }
    }
    const stored = await readObject(store, cache.bucket, manifestKey, req.signal);
    if (!stored?.body.equals(body))
        return { kind: 'lost-race', key, ...stats };
    return { kind: 'saved', key, ...stats };
}
/** Runs of entries to read at once: at most READ_BATCH files, READ_BATCH_BYTES unless one file is more. */
function* batches(entries) {
    let batch = [];
    let bytes = 0;
    for (const e of entries) {
        if (batch.length > 0 && (batch.length >= READ_BATCH || bytes + e.size > READ_BATCH_BYTES)) {
            yield batch;
            batch = [];
            bytes = 0;
        }
        batch.push(e);
        bytes += e.size;
    }
    if (batch.length > 0)
        yield batch;
}
/** Packs big enough to keep requests few, small enough that a restore has one per thread to fetch. */
function packTarget(newSmallBytes, threads) {
    return Math.min(16 * limits/* MIB */.D6, Math.max(1 * limits/* MIB */.D6, Math.ceil(newSmallBytes / Math.max(1, threads))));
}
/** The file's SHA-256 if it is exactly as this machine's last restore of the roots wrote it. */
function asRestored(e, restored) {
    const r = restored.get(e.fsPath);
    return r !== undefined && (0,md5cache/* sameStamp */.kQ)(r, e.stamp) ? r.sha256 : undefined;
}
/**
 * A file's SHA-256: from the restore record when its stamp says it is untouched since this machine
 * restored it (and its bytes are on the store), else by reading it.
 */
async function contentOf(e, restored, known, blobSizes) {
    const vouched = asRestored(e, restored);
    if (vouched !== undefined) {
        const there = e.size < SMALL_FILE ? known.has(vouched) : blobSizes.get(vouched) === e.size;
        if (there)
            return { sha256: vouched, hashed: false };
    }
    if (e.size <= BLOB_PART) {
        const body = await (0,fastfs/* readFile */.TA)(e.fsPath);
        if (body.length !== e.size)
            throw new Error(`${e.fsPath} changed while it was being saved`);
        return { sha256: sha256Hex(body), body, hashed: true };
    }
    const sha = (0,external_node_crypto_.createHash)('sha256');
    const parts = (0,hash/* createPartHasher */.tn)(BLOB_PART);
    let n = 0;
    for await (const chunk of (0,external_node_fs_.createReadStream)(e.fsPath, { highWaterMark: limits/* MIB */.D6 })) {
        sha.update(chunk);
        parts.update(chunk);
        n += chunk.length;
    }
    if (n !== e.size)
        throw new Error(`${e.fsPath} changed while it was being saved`);
    return { sha256: sha.digest('hex'), partMd5s: parts.digest().partMd5s, hashed: true };
}
async function uploadBlobInParts(store, cache, e, sha256, partMd5s, signal) {
    await (0,multipart/* uploadInParts */.x)({
        store,
        bucket: cache.bucket,
        key: blobObject(cache, sha256),
        headers: { contentType: 'application/octet-stream' },
        label: e.fsPath,
        size: e.size,
        partSize: BLOB_PART,
        queueSize: limits/* PART_QUEUE */.sB,
        signal,
        onBytes: () => { },
        fsPath: e.fsPath,
        partMd5s,
    });
}

// EXTERNAL MODULE: ./src/core/s3errors.ts
var s3errors = __webpack_require__(18);
// EXTERNAL MODULE: ./src/render/format.ts
var format = __webpack_require__(1509);
;// CONCATENATED MODULE: ./src/cli/cache-run.ts
// Runs one parsed `paras3 cache` command and renders its outcome as text or JSON.










/** Settings → client → the command, with Ctrl-C cancelling what is in flight (exit 130). */
async function runCache(cmd, io) {
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    io.signals.on('SIGINT', onSignal);
    io.signals.on('SIGTERM', onSignal);
    let client;
    let bucket = '';
    try {
        const cache = parseStore(cmd.store);
        bucket = cache.bucket;
        client = await cacheClient({
            settingFlags: cmd.settingFlags,
            flagNames: cmd.settingFlagNames,
            env: io.env,
            ssl: false,
        });
        return await runCacheCommand({
            cmd,
            cache,
            client,
            io,
            say: io.say,
            warn: io.warn,
            signal: controller.signal,
        });
    }
    catch (e) {
        if (controller.signal.aborted) {
            io.warn('interrupted');
            return 130;
        }
        const err = (0,s3errors/* describeS3Error */.y)(e, { bucket, endpoint: client?.endpointLabel });
        io.warn((0,errors/* oneLine */.TN)(err));
        return (0,errors/* exitCodeFor */.Rr)(err);
    }
    finally {
        io.signals.off('SIGINT', onSignal);
        io.signals.off('SIGTERM', onSignal);
        client?.store.destroy();
    }
}
async function runCacheCommand(ctx) {
    const { cmd, cache, client, say, warn, signal } = ctx;
    const started = Date.now();
    const seconds = () => (Date.now() - started) / 1000;
    const json = (v) => say(JSON.stringify(v));
    const common = { store: client.store, cache, threads: client.threads, signal, onWarning: warn };
    switch (cmd.kind) {
        case 'save': {
            const key = checkKey(cmd.key, '--key', cache);
            for (const k of cmd.restoreKeys)
                checkKey(k, '--restore-key', cache);
            const roots = checkRoots(cmd.paths);
            const r = await saveCache({
                ...common,
                key,
                roots,
                cwd: ctx.io.cwd,
                baseKeys: cmd.restoreKeys,
                stateDir: client.stateDir,
            });
            if (cmd.json) {
                json({
                    saved: r.kind === 'saved',
                    outcome: r.kind,
                    key,
                    ...('files' in r ? statsOf(r) : {}),
                    seconds: seconds(),
                });
            }
            else if (r.kind === 'saved') {
                if (!cmd.quiet)
                    say(`saved ${(0,keys/* printable */.g$)(key)}: ${r.files} files, ${(0,format/* formatBytes */.z3)(r.bytes)}; uploaded ${(0,format/* formatBytes */.z3)(r.uploadedBytes)} in ${r.uploads} objects${r.base ? ` (reusing ${(0,keys/* printable */.g$)(r.base)})` : ''}`);
            }
            else if (r.kind === 'exists')
                warn(`cache key ${(0,keys/* printable */.g$)(key)} already has an entry; not saved again`);
            else if (r.kind === 'lost-race')
                warn(`cache key ${(0,keys/* printable */.g$)(key)} was already saved by another job; its entry stands`);
            else
                warn(`none of the paths exist; nothing saved`);
            return r.kind === 'empty' ? 1 : 0;
        }
        case 'restore': {
            const key = checkKey(cmd.key, '--key', cache);
            for (const k of cmd.restoreKeys)
                checkKey(k, '--restore-key', cache);
            const roots = checkRoots(cmd.paths);
            const r = await restoreCache({
                ...common,
                key,
                restoreKeys: cmd.restoreKeys,
                roots,
                cwd: ctx.io.cwd,
                lookupOnly: cmd.kind === 'restore' && cmd.lookupOnly,
                stateDir: client.stateDir,
            });
            if (cmd.json) {
                json(r.kind === 'miss'
                    ? { cacheHit: false, matchedKey: null, seconds: seconds() }
                    : {
                        cacheHit: r.exact,
                        matchedKey: r.matchedKey,
                        files: r.files,
                        bytes: r.bytes,
                        downloadedBytes: r.downloadedBytes,
                        downloads: r.downloads,
                        seconds: seconds(),
                    });
            }
            else if (!cmd.quiet) {
                if (r.kind === 'miss')
                    say(`cache miss: ${(0,keys/* printable */.g$)(key)}`);
                else
                    say(`${r.exact ? 'cache hit' : 'partial cache hit'}: ${(0,keys/* printable */.g$)(r.matchedKey)}: ${r.files} files, ${(0,format/* formatBytes */.z3)(r.bytes)}${cmd.lookupOnly ? ' (lookup only)' : ''}`);
            }
            return r.kind === 'miss' ? 1 : 0;
        }
        case 'list': {
            const entries = await listEntries(client.store, cache, signal);
            if (cmd.json)
                json(entries.map((e) => ({ key: e.key, saved: new Date(e.lastModified).toISOString() })));
            else
                for (const e of entries)
                    say(`${new Date(e.lastModified).toISOString()}  ${(0,keys/* printable */.g$)(e.key)}`);
            return 0;
        }
        case 'prune': {
            const r = await pruneCache({
                ...common,
                olderThanMs: cmd.olderThanMs,
                keepLast: cmd.keepLast,
                graceMs: cmd.graceMs,
                dryrun: cmd.dryrun,
            });
            if (cmd.json)
                json({ ...r, dryrun: cmd.dryrun });
            else if (!cmd.quiet) {
                const verb = cmd.dryrun ? 'would delete' : 'deleted';
                for (const k of r.deletedKeys)
                    say(`${verb} ${(0,keys/* printable */.g$)(k)}`);
                say(`${verb} ${r.deletedKeys.length} entries and ${r.deletedData} unused objects (${(0,format/* formatBytes */.z3)(r.deletedDataBytes)}); kept ${r.keptKeys.length} entries${r.youngData ? `, and ${r.youngData} unused objects younger than the grace period` : ''}`);
            }
            return 0;
        }
    }
}
function statsOf(r) {
    return {
        files: r.files,
        bytes: r.bytes,
        uploads: r.uploads,
        uploadedBytes: r.uploadedBytes,
        reusedFiles: r.reusedFiles,
        hashedFiles: r.hashedFiles,
        base: r.base ?? null,
    };
}


/***/ })

};
