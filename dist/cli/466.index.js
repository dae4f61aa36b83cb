export const id = 466;
export const ids = [466];
export const modules = {

/***/ 7466:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/config/options.ts + 3 modules
var options = __webpack_require__(9238);
// EXTERNAL MODULE: ./src/config/sources.ts + 3 modules
var sources = __webpack_require__(3753);
// EXTERNAL MODULE: ./src/core/store/factory.ts + 4 modules
var factory = __webpack_require__(1208);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
;// CONCATENATED MODULE: ./src/core/metadata.ts
/** The metadata an upload of `entry` stores. */
function metadataFor(entry, md5Hex, opts) {
    const meta = {};
    if (opts.posix) {
        // Microseconds: finer than any S3 time, and what a double of seconds carries back through utimes.
        if (entry.mtimeMs !== undefined)
            meta.mtime = String(micros(entry.mtimeMs) / 1e6);
        if (entry.mode !== undefined)
            meta.permissions = String(entry.mode);
        if (entry.uid !== undefined)
            meta.owner = String(entry.uid);
        if (entry.gid !== undefined)
            meta.group = String(entry.gid);
    }
    // Not POSIX: a restore needs it to make the link, whatever the settings.
    if (entry.kind === 'symlink')
        meta.symlink = 'true';
    if (md5Hex)
        meta.md5chksum = Buffer.from(md5Hex, 'hex').toString('base64');
    return meta;
}
/** Reads what another tool may or may not have written; anything malformed is simply absent. */
function parseMetadata(meta) {
    const m = meta ?? {};
    const int = (v) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
    const mtime = m.mtime !== undefined && /^-?\d+(\.\d+)?$/.test(m.mtime) ? Number(m.mtime) * 1000 : undefined;
    const perms = int(m.permissions);
    const md5b64 = m.md5chksum;
    const md5 = md5b64 && /^[A-Za-z0-9+/]{22}==$/.test(md5b64)
        ? Buffer.from(md5b64, 'base64').toString('hex')
        : undefined;
    return {
        mode: perms === undefined ? undefined : perms & 0o7777,
        mtimeMs: mtime,
        uid: int(m.owner),
        gid: int(m.group),
        symlink: m.symlink === 'true',
        md5,
    };
}
function micros(ms) {
    return Math.round(ms * 1000);
}
/**
 * What differs between a local entry's POSIX metadata and what its object stores, in words
 * (`mode 644 → 600`), or null when nothing that this direction writes differs.
 * - upload: every field the upload would store, and a field the object lacks counts as different (the
 *   backup would restore it wrong).
 * - download: only fields the object has (a restore writes nothing for the others); owner and group only
 *   when they are restored (`owner`, as root).
 * Times compare in microseconds (what is stored); a local file system that keeps whole seconds only
 * (FAT, HFS+) matches when the stored time truncates to its value.
 */
function metadataDiff(local, remote, opts) {
    const up = opts.direction === 'upload';
    const diffs = [];
    const field = (name, l, r, show) => {
        if (l === undefined)
            return;
        if (r === undefined) {
            if (up)
                diffs.push(`${name} not stored`);
            return;
        }
        if (l !== r)
            diffs.push(up ? `${name} ${show(r)} → ${show(l)}` : `${name} ${show(l)} → ${show(r)}`);
    };
    const octal = (n) => n.toString(8);
    field('mode', local.mode === undefined ? undefined : local.mode & 0o7777, remote.mode, octal);
    if (opts.owner) {
        field('owner', local.uid, remote.uid, String);
        field('group', local.gid, remote.gid, String);
    }
    if (local.mtimeMs !== undefined && local.kind !== 'symlink') {
        const l = micros(local.mtimeMs);
        const r = remote.mtimeMs === undefined ? undefined : micros(remote.mtimeMs);
        const coarse = l % 1_000_000 === 0 && r !== undefined && Math.floor(r / 1_000_000) * 1_000_000 === l;
        if (r === undefined) {
            if (up)
                diffs.push('mtime not stored');
        }
        else if (Math.abs(l - r) > 1 && !coarse) {
            const iso = (us) => new Date(Math.floor(us / 1000)).toISOString();
            diffs.push(up ? `mtime ${iso(r)} → ${iso(l)}` : `mtime ${iso(l)} → ${iso(r)}`);
        }
    }
    return diffs.length > 0 ? diffs.join(', ') : null;
}

;// CONCATENATED MODULE: ./src/core/compare.ts
// Decides whether one source entry must be transferred over its destination counterpart.


/**
 * Why `src` must be transferred onto `dst`, or null when they are the same.
 *
 * - No destination entry: 'missing'.
 * - A symlink over a file or a file over a symlink: 'kind'. For an S3 object symlink-ness is metadata,
 *   known once the examine stage has read it; unknown means it was not read because the local side is
 *   vouched unchanged since it last agreed with this object (examine.ts).
 * - Sizes differ: 'size'. Size is checked first because it is free and settles most changes.
 * - Size mode: equal sizes are the same.
 * - MD5 mode: both MD5s known and different: 'md5'; equal: null. An S3 entry's MD5 is its ETag when that
 *   can be one (single part, not SSE-KMS/SSE-C), or the MD5 proven by the hash stage (md5chksum metadata,
 *   or a multipart ETag recomputed from the local bytes). S3 to S3: two identical ETags are the same
 *   bytes, multipart or not. If it is still unknown the object cannot be proven equal: 'etag-unknown',
 *   so it is transferred rather than silently trusted.
 * - Time mode (whole seconds, S3 has no finer precision):
 *   upload and copy: the source is newer than the destination's LastModified → 'time'. A write stamps
 *   LastModified after the source's time, so an unchanged tree stays unchanged.
 *   download: LastModified is newer than the local file's last change → 'time'. The local "last change"
 *   is max(mtime, ctime): a restore sets mtime back to the original, but the ctime of that restore is
 *   after the upload, so a second `--no-md5` download transfers nothing. Before the times: both MD5s
 *   known where the MD5 cache vouched for the file or saw it change since it agreed with the object
 *   (Entry.md5Decides), which then decide.
 *
 * The caller must have hashed the local side whenever sizes are equal in MD5 mode (asserted).
 */
function needsTransfer(src, dst, opts) {
    if (!dst)
        return 'missing';
    const [s, d] = [linkness(src), linkness(dst)];
    if (s !== undefined && d !== undefined && s !== d)
        return 'kind';
    if (src.size !== dst.size)
        return 'size';
    if (opts.by === 'size')
        return null;
    if (opts.by === 'md5') {
        if (opts.direction === 'copy') {
            if (src.etag && src.etag === dst.etag)
                return null;
            if (src.md5 === undefined || dst.md5 === undefined)
                return 'etag-unknown';
            return src.md5 === dst.md5 ? null : 'md5';
        }
        const local = opts.direction === 'upload' ? src : dst;
        const remote = opts.direction === 'upload' ? dst : src;
        if (local.md5 === undefined)
            throw new Error(`compare: local MD5 of ${local.path} was not computed`);
        if (remote.md5 === undefined)
            return 'etag-unknown';
        return local.md5 === remote.md5 ? null : 'md5';
    }
    // The MD5 cache vouched that the file has not changed since it agreed with this object, or saw it
    // change since then and it was hashed (examine.ts): the MD5s decide, the times no longer matter.
    const local = opts.direction === 'upload' ? src : opts.direction === 'download' ? dst : undefined;
    if (local?.md5Decides && src.md5 !== undefined && dst.md5 !== undefined)
        return src.md5 === dst.md5 ? null : 'md5';
    if (opts.direction !== 'download')
        return src.mtime > dst.mtime ? 'time' : null;
    const localChanged = Math.max(dst.mtime, Math.floor((dst.ctimeMs ?? 0) / 1000));
    return src.mtime > localChanged ? 'time' : null;
}
/** Whether an entry is a symlink: a local symlink, or an object whose metadata says so; undefined = not read. */
function linkness(e) {
    if (e.kind === 'symlink')
        return true;
    if (e.mtimeMs !== undefined)
        return false; // a local file (only local entries carry mtimeMs)
    return e.meta ? e.meta.symlink : undefined;
}
/** Whether the examine stage must hash the local side of this pair: MD5 mode, equal sizes, not directories. */
function needsLocalHash(src, dst, opts) {
    return (opts.by === 'md5' &&
        opts.direction !== 'copy' &&
        src.size === dst.size &&
        src.kind !== 'dir' &&
        dst.kind !== 'dir');
}
/** Whether the remote side's ETag alone cannot prove its MD5 (a multipart object). */
function remoteMd5Unknown(remote) {
    return remote.md5 === undefined && etagParts(remote.etag) > 0;
}
/**
 * Content equal: what differs in the POSIX metadata this direction writes (`mode 644 → 600`), or null.
 * Only what was read is compared: an object whose metadata the examine stage did not read (because the
 * local side is vouched unchanged since they last agreed) has nothing to compare.
 */
function metadataChange(source, dest, opts) {
    if (!opts.posixMetadata || opts.direction === 'copy')
        return null;
    if (opts.direction === 'upload') {
        return dest.meta ? metadataDiff(source, dest.meta, { direction: 'upload', owner: true }) : null;
    }
    return source.meta
        ? metadataDiff(dest, source.meta, { direction: 'download', owner: opts.restoreOwner })
        : null;
}

// EXTERNAL MODULE: ./src/core/etag.ts
var core_etag = __webpack_require__(3422);
// EXTERNAL MODULE: ./src/core/hash.ts
var hash = __webpack_require__(299);
// EXTERNAL MODULE: ./src/core/limits.ts
var limits = __webpack_require__(6419);
// EXTERNAL MODULE: ./src/core/md5cache.ts
var md5cache = __webpack_require__(4885);
;// CONCATENATED MODULE: ./src/core/pool.ts
// Runs async work over many items with at most `n` in flight. Mapping every item to a p-limit call up
// front costs a closure, a promise and a queue entry per item, all alive until the last item ends: on a
// tree of a million files that is memory for a million waiting calls. Here `n` runners take the next
// item as they finish one, so what is held does not grow with the number of items. (p-limit still
// bounds work whose items arrive one by one, such as the directory walk.)
/**
 * Calls `fn` on each item in order of start, at most `n` at once. Items may come from a generator, so
 * that a filtered million need not be an array first. The first error stops the runners from starting
 * more items; it is thrown once the calls in flight have settled, so nothing the caller started is
 * still running when it sees the error.
 */
async function forEachLimited(items, n, fn) {
    const it = items[Symbol.iterator]();
    let next = 0;
    let failure;
    const runner = async () => {
        while (!failure) {
            const step = it.next();
            if (step.done)
                return;
            const i = next++;
            try {
                await fn(step.value, i);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    const known = Array.isArray(items) ? items.length : Number.POSITIVE_INFINITY;
    const runners = Math.max(1, Math.min(Math.floor(n) || 1, known));
    await Promise.all(Array.from({ length: runners }, runner));
    if (failure)
        throw failure.error;
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/names.ts
var core_names = __webpack_require__(2483);
// EXTERNAL MODULE: ./src/core/keys.ts
var keys = __webpack_require__(1483);
// EXTERNAL MODULE: ./src/core/types.ts
var types = __webpack_require__(3054);
;// CONCATENATED MODULE: ./src/core/tree/s3.ts
// Lists an S3 prefix into Entries (paginated ListObjectsV2 through the ObjectStore). Recognises the
// directory-node conventions of other tools. Keys are taken as they are: whether a key can become a
// local path, and whether two keys name the same thing, is the pair stage's business (pair.ts).



/** s3sync.rb stores a directory as a key without slash whose body is this GUID line. */
const S3SYNC_DIR_ETAG = 'd66759af42f282e1ba19144df2d405d0';
const S3SYNC_DIR_SIZE = 38;
/** The same GUID with a trailing newline (39 bytes), as some ports of s3sync.rb write it. */
const S3SYNC_DIR_NL_ETAG = '0123cb7c232ca171c93c1e53746efe93';
const FOLDER_SUFFIX = '_$folder$';
/** Classifies one key relative to the prefix: a directory node, a file, or the root node. */
function entryFromObject(obj, prefix) {
    const key = obj.key;
    let rel = key.slice(prefix.length);
    if (rel === '')
        return 'root';
    const etag = obj.etag;
    const size = obj.size;
    let kind = 'file';
    let dirWithContent = false;
    if (rel.endsWith('/')) {
        kind = 'dir';
        rel = rel.slice(0, -1);
        // A folder key that holds bytes: another tool put content there. Never taken as an empty directory.
        dirWithContent = size > 0;
    }
    else if (rel.endsWith(FOLDER_SUFFIX) &&
        size === 0 &&
        rel.length > FOLDER_SUFFIX.length &&
        !rel.endsWith(`/${FOLDER_SUFFIX}`)) {
        // `dir_$folder$` marks `dir`; a file named `_$folder$` itself (no base name left) is a file, and so
        // is one with bytes: markers are empty, and a user's file `x_$folder$` must stay a file.
        kind = 'dir';
        rel = rel.slice(0, -FOLDER_SUFFIX.length);
    }
    else if ((size === S3SYNC_DIR_SIZE && etag === S3SYNC_DIR_ETAG) ||
        (size === S3SYNC_DIR_SIZE + 1 && etag === S3SYNC_DIR_NL_ETAG)) {
        kind = 'dir';
    }
    // The key itself is dropped after the listing: keep none of it alive through the path.
    const path = prefix ? (0,types/* ownString */.Ao)((0,keys/* toKeyPath */.Gk)(rel)) : (0,keys/* toKeyPath */.Gk)(rel);
    const own = key.slice(prefix.length);
    const entry = {
        path,
        kind,
        size: kind === 'dir' ? 0 : (0,types/* small */.EX)(size),
        mtime: (0,types/* small */.EX)(Math.floor(obj.lastModified / 1000)),
        etag,
        md5: kind !== 'dir' && (0,core_etag/* isMd5Hex */.aU)(etag) ? etag : undefined,
    };
    // The key itself, when it is not prefix + path (+ '/' for a folder node): an NFD key, `_$folder$`, s3sync.
    const expected = kind === 'dir' ? `${path}/` : path;
    if (own !== expected)
        entry.name = own;
    if (dirWithContent)
        entry.dirWithContent = true;
    return entry;
}
/** The full key of an S3 entry under `prefix`: its own key when it has one, else the canonical one. */
function keyOf(prefix, e) {
    if (e.name !== undefined)
        return prefix + e.name;
    return e.kind === 'dir' ? `${prefix}${e.path}/` : prefix + e.path;
}
async function listS3(store, bucket, prefix, opts) {
    const listing = { exists: false, rootNode: false, entries: [], problems: [], incomplete: false };
    let page = 0;
    try {
        for await (const p of store.list(bucket, prefix, {
            delimiter: opts.recursive ? undefined : '/',
            signal: opts.signal,
        })) {
            page++;
            if (p.objects.length > 0 || p.prefixes.length > 0)
                listing.exists = true;
            // Without recursion the subdirectories come back as common prefixes: counted, not descended.
            const deeper = p.prefixes
                .map((d) => (0,keys/* toKeyPath */.Gk)(d.slice(prefix.length).replace(/\/$/, '')))
                .filter((path) => !opts.exclude(path, true));
            if (deeper.length > 0) {
                listing.notDescendedPaths ??= new Set();
                for (const path of deeper)
                    listing.notDescendedPaths.add(path);
            }
            for (const obj of p.objects) {
                const e = entryFromObject(obj, prefix);
                if (e === 'root') {
                    listing.rootNode = true;
                    continue;
                }
                if (opts.exclude(e.path, e.kind === 'dir')) {
                    (0,types/* noteExcluded */.X6)(listing, e.path);
                    continue;
                }
                listing.entries.push(e);
            }
        }
    }
    catch (err) {
        // Which listing and which page, so a failure deep in a large bucket is not a mystery (s3errors.ts).
        if (err && typeof err === 'object')
            Object.assign(err, {
                listing: `listing ${opts.role} s3://${bucket}/${(0,keys/* printable */.g$)(prefix)} failed at page ${page + 1}`,
            });
        throw err;
    }
    return listing;
}

;// CONCATENATED MODULE: ./src/core/sides.ts
// Where an entry lives on its side: the path on disk of a local entry, the key of an S3 entry.
// Entries store only their relative name (types.ts), so these are derived here, once, for every stage.





/** The path on disk of a local entry (bytes when a native charset other than UTF-8 is set). */
function fsPathOf(loc, e, codec) {
    return (0,core_names/* localFsPath */.Qp)(loc.root, (0,types/* nameOf */.Vb)(e), codec, (external_node_path_default()).sep);
}
/** The local path of a relative path, as text (for targets and messages). */
function localTextPath(loc, rel) {
    return rel === '' ? loc.root : external_node_path_default().join(loc.root, ...rel.split('/'));
}
/** The key of an S3 entry under its location. */
function s3KeyOf(loc, e) {
    return keyOf(loc.prefix, e);
}

;// CONCATENATED MODULE: ./src/core/examine.ts
// The I/O half of comparing, between pairing and planning: learn what compare.ts needs to decide a pair
// and the listings could not tell.
// - Local MD5s, only where a comparison needs them (MD5 mode, equal sizes), from the MD5 cache when the
//   file is unchanged since it was hashed.
// - The MD5 of objects whose ETag cannot be one: multipart objects (md5chksum, or the multipart ETag
//   recomputed with the object's own part size, learned from HeadObject partNumber=1) and SSE-KMS/SSE-C
//   objects (md5chksum).
// - The stored metadata (mode, owner, mtime, symlink-ness) of objects whose content is equal, where it
//   could differ from the local side's: not when the MD5 cache vouches that the file is unchanged since
//   it last agreed with this very object, and (uploads) not when the object was written after the file's
//   last change. Everything else is one HeadObject per pair, bounded by `threads`.
// Pure compare.ts then decides. What is learned is written into the pair's own entries: they belong to
// this run's listings and nothing reads them before this stage ends. Copying them instead (an entry and
// a pair per file, each copy's fields spilled out of line) was a quarter of a 100,000-file no-op's heap.









async function examinePairs(pairs, opts) {
    const out = { pairs: [], unreadable: [], hashed: 0, reused: 0, heads: 0 };
    const cmp = { by: opts.by, direction: opts.direction };
    const dropped = new Set();
    await forEachLimited(examinable(pairs, opts.owns), opts.threads, async (pair) => {
        if (!(await examineOne(pair, opts, cmp, out)))
            dropped.add(pair);
    });
    out.pairs = dropped.size === 0 ? pairs : pairs.filter((p) => !dropped.has(p));
    return out;
}
/** The pairs of a file on both sides (this shard's): the only ones with anything to learn. */
function* examinable(pairs, owns) {
    for (const pair of pairs) {
        if (pair.kind !== 'both' || pair.source.kind === 'dir' || pair.dest.kind === 'dir')
            continue;
        if (owns && !owns(pair.path))
            continue;
        yield pair;
    }
}
async function examineOne(pair, opts, cmp, out) {
    opts.signal?.throwIfAborted();
    const { source: from, destination: to } = opts;
    if (from.kind === 's3' && to.kind === 's3')
        return examineCopy(pair, from, to, opts, cmp, out);
    const upload = from.kind === 'local';
    const localLoc = from.kind === 'local' ? from : to.kind === 'local' ? to : undefined;
    const remoteLoc = from.kind === 's3' ? from : to.kind === 's3' ? to : undefined;
    if (!localLoc || !remoteLoc)
        throw new Error('examine: one side must be local and the other S3');
    const local = upload ? pair.source : pair.dest;
    const remote = upload ? pair.dest : pair.source;
    const key = s3KeyOf(remoteLoc, remote);
    let head;
    const readHead = async (partNumber) => {
        out.heads++;
        head = await opts.store.head(remoteLoc.bucket, key, { partNumber, signal: opts.signal });
        remote.meta = parseMetadata(head.metadata);
        return head;
    };
    // Time mode too: a file the cache vouches unchanged since it agreed with this very object is equal,
    // whatever the clocks say. Without it a file dated in the future (or a local clock ahead of S3's) was
    // uploaded again on every --no-md5 run, and a download just after an upload fetched every file again
    // (the object is newer than the file it was written from).
    const timeVouched = cmp.by === 'time' && local.kind === 'file' && remote.kind === 'file' && local.size === remote.size;
    const known = needsLocalHash(pair.source, pair.dest, cmp) || timeVouched
        ? knownEqual(local, remote, key, opts)
        : undefined;
    // Time mode, upload: a file changed since it last agreed with this object (a same-size edit in the
    // second of the upload, or with its mtime put back) is hashed, and its MD5 decides, where the times
    // alone would pass it over.
    const changed = !known &&
        timeVouched &&
        upload &&
        remote.etag !== undefined &&
        opts.cache.changedSince(local, key, remote.etag, remote.mtime);
    if (known) {
        // Unchanged since it was written from (or to) this very object: equal without reading either.
        out.reused++;
        local.md5 = known;
        remote.md5 = known;
    }
    else if (needsLocalHash(pair.source, pair.dest, cmp) || changed) {
        const parts = (0,core_etag/* etagParts */.cw)(remote.etag);
        let h;
        try {
            h = await hashWithCache(local, localLoc, opts, parts > 1 ? (0,limits/* choosePartSize */.mm)(local.size, opts.partSize) : undefined, out);
        }
        catch (err) {
            if ((0,errors/* isS3Error */.j8)(err))
                throw err;
            out.unreadable.push({ path: local.path, message: `cannot read: ${(0,errors/* errorCode */.CA)(err) ?? (0,errors/* oneLine */.TN)(err)}` });
            return false;
        }
        local.md5 = h.md5;
        if (parts > 1 && h.multipartEtag === remote.etag) {
            remote.md5 = h.md5;
        }
        else if (parts > 1 || remote.md5 !== h.md5) {
            // Not proven equal by the ETag: a multipart object with other part sizes, or an ETag that may not
            // be an MD5 at all (SSE-KMS). The object's headers decide.
            const info = await readHead(parts > 1 ? 1 : undefined);
            remote.md5 = await remoteMd5(remote, info, local, localLoc, opts, h.md5);
        }
    }
    if (cmp.by === 'time' && (known || changed))
        local.md5Decides = true;
    const content = needsTransfer(upload ? local : remote, upload ? remote : local, cmp);
    if (content === null && (opts.posixMetadata || local.kind === 'symlink') && !remote.meta) {
        const vouched = opts.cache.agreesWith(local, key, remote.etag ?? '', remote.mtime);
        // Uploads: an object written after the file's last change (ctime covers chmod, chown, touch and
        // content) was written from the file as it is now.
        const newer = upload && local.ctimeMs !== undefined && Math.floor(local.ctimeMs / 1000) < remote.mtime;
        if (!vouched && !(newer && local.kind !== 'symlink')) {
            const meta = parseMetadata((await readHead()).metadata);
            // Found in agreement: the next run need not read this object's metadata again.
            const [s, d] = upload ? [local, remote] : [remote, local];
            const stamp = (0,md5cache/* stampOf */.Zs)(local);
            // Only an object that carries mode and mtime agrees whichever way the next sync goes: one without
            // them (another tool's) needs nothing for a restore, but a backup must add them.
            const complete = meta.mode !== undefined && meta.mtimeMs !== undefined;
            if (stamp && complete && needsTransfer(s, d, cmp) === null && metadataChange(s, d, opts) === null)
                opts.cache.rememberRemote(local.path, stamp, {
                    key,
                    etag: remote.etag ?? '',
                    modified: remote.mtime,
                });
        }
    }
    return true;
}
/**
 * The MD5 both sides share when the MD5 cache vouches that the file has not changed since it agreed
 * with this very object (same key, ETag and time: a download made the file from it, an upload made it
 * from the file, or an earlier compare found them equal). A multipart object then needs neither the
 * file's part hashes nor a HEAD: a download need not hash its parts for a later upload's sake.
 */
function knownEqual(local, remote, key, opts) {
    if (!remote.etag || !opts.cache.agreesWith(local, key, remote.etag, remote.mtime))
        return undefined;
    return opts.cache.lookup(local)?.md5;
}
/** The object's MD5 as far as its headers prove it; undefined when nothing can. */
async function remoteMd5(remote, info, local, localLoc, opts, localMd5) {
    const meta = parseMetadata(info.metadata);
    const hidden = (0,core_etag/* encryptionHidesMd5 */.vc)(info.sse, info.sseCustomer);
    const parts = (0,core_etag/* etagParts */.cw)(remote.etag);
    if (parts === 0 && !hidden)
        return remote.etag; // a plain MD5 after all: the contents differ
    if (meta.md5)
        return meta.md5;
    if (parts > 1 && !hidden && info.partsCount === parts && info.size > 0) {
        // The part size the object was written with: recompute its multipart ETag from the local bytes.
        const partSize = info.size;
        if (Math.ceil(local.size / partSize) === parts) {
            const etag = await (0,hash/* multipartEtagOfFile */.$N)(fsPathOf(localLoc, local, opts.codec), partSize, opts.signal);
            if (etag === remote.etag)
                return localMd5;
        }
    }
    return undefined;
}
async function hashWithCache(local, loc, opts, partSize, out) {
    const cached = opts.cache.lookup(local);
    if (cached && (!partSize || cached.multipartEtag)) {
        out.reused++;
        return cached;
    }
    const h = await (0,hash/* hashLocalEntry */.EF)(local, fsPathOf(loc, local, opts.codec), partSize, opts.signal);
    out.hashed++;
    const stamp = (0,md5cache/* stampOf */.Zs)(local);
    if (stamp)
        opts.cache.remember(local.path, stamp, h.md5, h.multipartEtag);
    return h;
}
/** S3 to S3: two ETags that differ for equal sizes may still be the same bytes (multipart, SSE-KMS). */
async function examineCopy(pair, srcLoc, dstLoc, opts, cmp, out) {
    const { source, dest } = pair;
    if (cmp.by !== 'md5' || source.size !== dest.size || source.etag === dest.etag)
        return true;
    const learn = async (loc, e) => {
        out.heads++;
        const info = await opts.store.head(loc.bucket, s3KeyOf(loc, e), { signal: opts.signal });
        const meta = parseMetadata(info.metadata);
        const hidden = (0,core_etag/* encryptionHidesMd5 */.vc)(info.sse, info.sseCustomer);
        e.md5 = meta.md5 ?? (hidden || (0,core_etag/* etagParts */.cw)(e.etag) > 0 ? undefined : e.etag);
        e.meta = meta;
    };
    await Promise.all([learn(srcLoc, source), learn(dstLoc, dest)]);
    return true;
}

;// CONCATENATED MODULE: ./src/core/pair.ts
// Pairs two listings path by path, as rclone's march does: each path is in the source only, in the
// destination only, or in both; or it is a conflict that cannot be synced as it stands, reported with
// every name involved and never resolved by whichever entry came last. Pure: no I/O.
//
// The pairing key is the NFC relative path (Entry.path), so a name written NFD by macOS or another tool
// is the same name, never a second object. Directories pair with directories and files (and symlinks)
// with files: S3 can hold both `x` and `x/`, a local directory cannot.



/** The key of a held path: a directory and a file of one path are held apart (S3 can hold both). */
function heldKey(kind, path) {
    return `${kind === 'dir' ? 'd' : 'f'}:${path}`;
}
const kindOf = (e) => (e.kind === 'dir' ? 'dir' : 'file');
function pairListings(src, dst, opts) {
    const p = opts.path ?? (external_node_path_default());
    const conflicts = [];
    const held = new Set();
    const conflict = (c, ...hold) => {
        conflicts.push(c);
        for (const h of hold)
            held.add(h);
    };
    const src_ = byPath(src.entries, 'source', conflict);
    const dst_ = byPath(dst.entries, 'destination', conflict);
    const [srcFiles, srcDirs, dstFiles, dstDirs] = [src_.files, src_.dirs, dst_.files, dst_.dirs];
    // A twin taken out on one side is taken out on both: neither name may be written or deleted.
    const twinDirs = new Set([...src_.twinDirs, ...dst_.twinDirs]);
    for (const path of [...src_.twinFiles, ...dst_.twinFiles]) {
        srcFiles.delete(path);
        dstFiles.delete(path);
    }
    for (const path of twinDirs) {
        srcDirs.delete(path);
        dstDirs.delete(path);
    }
    // Under a twin directory every path is ambiguous too (which of the two directories holds it?).
    if (twinDirs.size > 0) {
        for (const [side, map] of [
            ['source', srcFiles],
            ['source', srcDirs],
            ['destination', dstFiles],
            ['destination', dstDirs],
        ]) {
            for (const [path, e] of map) {
                const twin = (0,keys/* ancestors */.T1)(path).find((a) => twinDirs.has(a));
                if (twin === undefined)
                    continue;
                map.delete(path);
                conflict({
                    path,
                    reason: 'twins',
                    side,
                    names: [(0,types/* nameOf */.Vb)(e)],
                    message: `inside "${(0,keys/* printable */.g$)(twin)}", a directory whose name has a twin; not synced`,
                }, heldKey(kindOf(e), path));
            }
        }
    }
    if (opts.direction !== 'upload') {
        for (const [path, e] of srcDirs) {
            if (e.dirWithContent) {
                conflicts.push({
                    path,
                    reason: 'dir-with-content',
                    side: 'source',
                    names: [(0,types/* nameOf */.Vb)(e)],
                    message: 'is a folder key (ending in "/") that holds bytes; they are not synced, the directory is',
                });
            }
        }
    }
    if (opts.direction === 'download') {
        // Keys that cannot become a local path here: refused, reported, never written.
        for (const map of [srcFiles, srcDirs]) {
            for (const [path, e] of map) {
                const why = (0,keys/* unsafeRelativePath */.q4)(path, p);
                if (!why)
                    continue;
                map.delete(path);
                conflict({
                    path: (opts.sourcePrefix ?? '') + (0,types/* nameOf */.Vb)(e),
                    reason: 'unsafe-name',
                    side: 'source',
                    names: [(0,types/* nameOf */.Vb)(e)],
                    message: `unsafe key (${why}), skipped`,
                }, heldKey(kindOf(e), path));
            }
        }
        localFileVsDir(srcFiles, srcDirs, dstFiles, dstDirs, conflict);
    }
    const pairs = [];
    for (const [path, source] of srcDirs) {
        const dest = dstDirs.get(path);
        pairs.push(dest ? { kind: 'both', path, source, dest } : { kind: 'source-only', path, source });
    }
    for (const [path, dest] of dstDirs)
        if (!srcDirs.has(path))
            pairs.push({ kind: 'dest-only', path, dest });
    pairFiles(srcFiles, dstFiles, pairs);
    // Stable, so a directory's pair stays before the file pair of the same path; the file pairs are one
    // sorted run already, which the sort only merges.
    pairs.sort((a, b) => (0,keys/* compareKeys */.YD)(a.path, b.path));
    conflicts.sort((a, b) => (0,keys/* compareKeys */.YD)(a.path, b.path));
    const pairing = { pairs, conflicts, held, ambiguous: conflicts.some((c) => c.reason === 'twins') };
    if (dst_.otherNodes.size > 0)
        pairing.destNodes = dst_.otherNodes;
    return pairing;
}
/**
 * One side's entries by path, files apart from directories. Two entries of one kind with the same path
 * are twins (names equal after NFC) and a conflict; two directory nodes of different styles for one
 * directory (`x/` and `x_$folder$`) are one directory. Files are indexed by sorting them, not by a map:
 * a tree has few directories but may have millions of files (see FileIndex).
 */
function byPath(entries, side, conflict) {
    const dirs = new Map();
    const otherNodes = new Map();
    const twins = new Map();
    const twinFiles = new Set();
    const twinDirs = new Set();
    let fileCount = 0;
    for (const e of entries)
        if (e.kind !== 'dir')
            fileCount++;
    const files = new Array(fileCount);
    let f = 0;
    for (const e of entries) {
        if (e.kind !== 'dir') {
            files[f++] = e;
            continue;
        }
        const seen = dirs.get(e.path);
        if (!seen) {
            dirs.set(e.path, e);
            continue;
        }
        if (sameDirectory(seen, e)) {
            // Keep the S3 console's `x/` node over other styles: it is the one paras3 writes. The other is
            // still an object of its own, which a delete of the directory must remove too.
            const [kept, other] = e.name === undefined ? [e, seen] : [seen, e];
            dirs.set(e.path, kept);
            otherNodes.set(e.path, [...(otherNodes.get(e.path) ?? []), other]);
            continue;
        }
        const id = `d:${e.path}`;
        const list = twins.get(id) ?? [seen];
        list.push(e);
        twins.set(id, list);
    }
    // Stable: twins keep the order they were listed in.
    files.sort((a, b) => (0,keys/* compareKeys */.YD)(a.path, b.path));
    let kept = 0;
    for (let i = 0; i < files.length;) {
        const first = files[i];
        let j = i + 1;
        while (j < files.length && files[j].path === first.path)
            j++;
        if (j - i === 1)
            files[kept++] = first;
        else
            twins.set(`f:${first.path}`, files.slice(i, j));
        i = j;
    }
    files.length = kept;
    for (const [id, list] of twins) {
        const first = list[0];
        if (!first)
            continue;
        const path = first.path;
        if (id.startsWith('d:')) {
            twinDirs.add(path);
            dirs.delete(path);
            otherNodes.delete(path);
        }
        else
            twinFiles.add(path);
        const names = list.map((e) => (0,types/* nameOf */.Vb)(e) + (e.kind === 'dir' && !(0,types/* nameOf */.Vb)(e).endsWith('/') ? '/' : ''));
        conflict({
            path,
            reason: 'twins',
            side,
            names,
            message: `${names.map((n) => `"${(0,keys/* printable */.g$)(n)}"`).join(' and ')} are the same name after Unicode normalisation (NFC) on the ${side}; neither is synced, and nothing is deleted`,
        }, heldKey(kindOf(first), path));
    }
    return { files: new FileIndex(files), dirs, otherNodes, twinFiles, twinDirs };
}
/**
 * One side's files by path, as a Map would hold them but in a sorted array: a Map of a million paths
 * is about 30 MB, and 60 MB of large objects while it grows by doubling (measured: the peak of a
 * 1,000,000-file no-op). Lookups are binary searches; the pairs come out of a merge of two indexes.
 */
class FileIndex {
    sorted;
    /** Paths taken out (conflicts), rare: checked only when there are any. */
    gone = new Set();
    /** `sorted` by compareKeys of the path, one entry per path. */
    constructor(sorted) {
        this.sorted = sorted;
    }
    get(path) {
        let lo = 0;
        let hi = this.sorted.length - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            const e = this.sorted[mid];
            const c = (0,keys/* compareKeys */.YD)(e.path, path);
            if (c === 0)
                return this.gone.size > 0 && this.gone.has(path) ? undefined : e;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return undefined;
    }
    has(path) {
        return this.get(path) !== undefined;
    }
    delete(path) {
        if (!this.has(path))
            return false;
        this.gone.add(path);
        return true;
    }
    *entries() {
        for (const e of this.sorted)
            if (this.gone.size === 0 || !this.gone.has(e.path))
                yield e;
    }
    *keys() {
        for (const e of this.entries())
            yield e.path;
    }
    *[Symbol.iterator]() {
        for (const e of this.entries())
            yield [e.path, e];
    }
}
/** The file pairs of two indexes, in path order: a merge of the two sorted arrays. */
function pairFiles(src, dst, pairs) {
    const s = src.entries();
    const d = dst.entries();
    let a = s.next();
    let b = d.next();
    while (!a.done || !b.done) {
        const c = a.done ? 1 : b.done ? -1 : (0,keys/* compareKeys */.YD)(a.value.path, b.value.path);
        if (c === 0 && !a.done && !b.done) {
            pairs.push({ kind: 'both', path: a.value.path, source: a.value, dest: b.value });
            a = s.next();
            b = d.next();
        }
        else if (c < 0 && !a.done) {
            pairs.push({ kind: 'source-only', path: a.value.path, source: a.value });
            a = s.next();
        }
        else if (!b.done) {
            pairs.push({ kind: 'dest-only', path: b.value.path, dest: b.value });
            b = d.next();
        }
    }
}
/** The same directory written in two node styles, rather than two names that normalise alike. */
function sameDirectory(a, b) {
    const base = (e) => (0,types/* nameOf */.Vb)(e).replace(/(\/|_\$folder\$)$/, '');
    return base(a) === base(b);
}
/**
 * Downloads: a local directory cannot also be a file. A source file whose path is also a source
 * directory (S3 `x` beside `x/…`), or a local directory, is skipped; a source directory whose path is a
 * local file is skipped with everything under it.
 */
function localFileVsDir(srcFiles, srcDirs, dstFiles, dstDirs, conflict) {
    const srcDirPaths = new Set(srcDirs.keys());
    for (const path of srcDirs.keys())
        for (const a of (0,keys/* ancestors */.T1)(path))
            srcDirPaths.add(a);
    // Every directory in the set has its ancestors in it too: a file whose parent is there adds nothing
    // (and a million files need not make a million arrays of ancestors).
    for (const path of srcFiles.keys()) {
        const parent = (0,keys/* parentPath */.yl)(path);
        if (parent === '' || srcDirPaths.has(parent))
            continue;
        for (const a of (0,keys/* ancestors */.T1)(path))
            srcDirPaths.add(a);
    }
    for (const [path, e] of srcFiles) {
        if (srcDirPaths.has(path)) {
            srcFiles.delete(path);
            conflict({
                path,
                reason: 'file-vs-dir',
                side: 'source',
                names: [(0,types/* nameOf */.Vb)(e), `${path}/`],
                message: 'is both a file and a directory prefix on S3; the file is skipped',
            }, heldKey('file', path));
        }
        else if (dstDirs.has(path)) {
            const local = dstDirs.get(path);
            srcFiles.delete(path);
            conflict({
                path,
                reason: 'file-vs-dir',
                side: 'both',
                names: [(0,types/* nameOf */.Vb)(e), local ? (0,types/* nameOf */.Vb)(local) : path],
                message: 'is a directory locally but a file on S3; skipped',
            }, heldKey('file', path), heldKey('dir', path));
        }
    }
    const blocked = [];
    for (const dir of [...srcDirPaths].sort(keys/* compareKeys */.YD)) {
        const local = dstFiles.get(dir);
        if (!local || blocked.some((b) => dir.startsWith(`${b}/`)))
            continue;
        blocked.push(dir);
        conflict({
            path: dir,
            reason: 'file-vs-dir',
            side: 'both',
            names: [(0,types/* nameOf */.Vb)(local), `${dir}/`],
            message: `is a ${local.kind} locally but a directory on S3; skipped with its contents`,
        }, heldKey('file', dir), heldKey('dir', dir));
    }
    if (blocked.length === 0)
        return;
    for (const map of [srcFiles, srcDirs]) {
        for (const [path, e] of map) {
            const b = blocked.find((d) => path === d || path.startsWith(`${d}/`));
            if (b === undefined)
                continue;
            map.delete(path);
            if (path !== b)
                conflict({
                    path,
                    reason: 'file-vs-dir',
                    side: 'source',
                    names: [(0,types/* nameOf */.Vb)(e)],
                    message: `parent "${(0,keys/* printable */.g$)(b)}" is not a directory locally`,
                }, heldKey(kindOf(e), path));
        }
    }
}

;// CONCATENATED MODULE: ./src/core/plan.ts
// Turns pairs into an ordered Plan. Pure: every rule of what happens to which path lives here (and in
// compare.ts and pair.ts), so it is all testable without a server or a disk.






const PAGE = /\.html?$/i;
/** Pages go after every other file, so a visitor never gets a page whose assets are not there yet. */
function isPage(path) {
    return PAGE.test(path);
}
function planSync(pairing, opts) {
    const p = opts.path ?? (external_node_path_default());
    const owns = opts.owns ?? (() => true);
    const skipped = pairing.conflicts
        .filter((c) => owns(c.path))
        .map((c) => ({ path: (0,keys/* printable */.g$)(c.path), message: c.message }));
    const held = new Set(pairing.held);
    // Source entries this sync cannot carry over, in the whole tree (every shard judges alike).
    let sourceSkips = pairing.conflicts.filter((c) => c.reason !== 'dir-with-content').length;
    const skip = (kind, path, message) => {
        if (owns(path))
            skipped.push({ path, message });
        held.add(heldKey(kind, path));
        sourceSkips++;
    };
    const download = opts.direction === 'download';
    const cmp = { by: opts.by, direction: opts.direction };
    const srcDirs = new Map();
    const dstDirs = new Map();
    for (const pair of pairing.pairs) {
        if (pair.kind !== 'dest-only' && pair.source.kind === 'dir')
            srcDirs.set(pair.path, pair.source);
        if (pair.kind !== 'source-only' && pair.dest.kind === 'dir')
            dstDirs.set(pair.path, pair.dest);
    }
    // Every directory the source has, explicit (a node or a local dir) or implied by a descendant.
    const srcDirSet = new Set(srcDirs.keys());
    for (const pair of pairing.pairs)
        if (pair.kind !== 'dest-only')
            for (const a of (0,keys/* ancestors */.T1)(pair.path))
                srcDirSet.add(a);
    // Downloads without --make-dirs: a directory with no node on S3 and none locally is not created.
    const blocked = new Map();
    if (download && !opts.makeDirs) {
        for (const dir of srcDirSet) {
            if (!srcDirs.has(dir) && !dstDirs.has(dir))
                blocked.set(dir, `parent directory "${dir}" has no directory node on S3; use --make-dirs to create it`);
        }
    }
    const blockedBy = (path) => {
        if (blocked.size === 0)
            return undefined;
        for (const a of (0,keys/* ancestors */.T1)(path)) {
            const why = blocked.get(a);
            if (why)
                return why;
        }
        return undefined;
    };
    // Where a new entry goes: under its parent's own name on the destination (an NFD directory stays the
    // directory it is, whether it has a node or only keys under it), as the canonical NFC name below that.
    const destDirNames = new Map();
    for (const pair of pairing.pairs) {
        if (pair.kind === 'source-only' || pair.dest.name === undefined)
            continue;
        const e = pair.dest;
        const own = e.name ?? '';
        // A node's name without its marker: `é/` (NFD) → `é`, `x_$folder$` → `x`; a local name as it is.
        if (e.kind === 'dir')
            destDirNames.set(e.path, own.endsWith('/')
                ? own.slice(0, -1)
                : own.endsWith('_$folder$') && opts.destination.kind === 's3'
                    ? own.slice(0, -'_$folder$'.length)
                    : own);
        // The directories above a named entry are named as they appear in its name (same depth: NFC keeps '/').
        const rawParents = (0,keys/* ancestors */.T1)(own.replace(/\/$/, ''));
        (0,keys/* ancestors */.T1)(e.path).forEach((dir, i) => {
            const raw = rawParents[i];
            if (raw !== undefined && !destDirNames.has(dir))
                destDirNames.set(dir, raw);
        });
    }
    const dirName = (dir) => destDirNames.get(dir) ?? destName(dir);
    const destName = (path) => {
        const parent = (0,keys/* parentPath */.yl)(path);
        return parent ? `${dirName(parent)}/${(0,keys/* baseName */.Fl)(path)}` : path;
    };
    // Flat: every action keeps its target for the whole run (see flat()).
    const target = (path, kind, existing) => (0,types/* flat */.Ct)(targetOf(path, kind, existing));
    const targetOf = (path, kind, existing) => {
        const d = opts.destination;
        if (d.kind === 's3') {
            if (existing)
                return keyOf(d.prefix, existing);
            return kind === 'dir'
                ? path === ''
                    ? d.prefix
                    : `${d.prefix}${destName(path)}/`
                : d.prefix + destName(path);
        }
        const rel = existing ? (0,types/* nameOf */.Vb)(existing) : destName(path);
        return rel === '' ? d.root : p.join(d.root, ...rel.split('/'));
    };
    const mkdirs = [];
    const wantsNodes = opts.destination.kind === 'local' || opts.dirNodes;
    if (!opts.destRootPresent &&
        wantsNodes &&
        !(opts.destination.kind === 's3' && opts.destination.prefix === '') &&
        owns('')) {
        mkdirs.push({ op: 'mkdir', path: '', target: target('', 'dir') });
    }
    let unchangedDirs = 0;
    // With --make-dirs a download creates implied directories too; otherwise one per source directory.
    const wantedDirs = download && opts.makeDirs ? srcDirSet : new Set(srcDirs.keys());
    for (const dir of [...wantedDirs].sort(keys/* compareKeys */.YD)) {
        if (dstDirs.has(dir)) {
            if (srcDirs.has(dir) && owns(dir))
                unchangedDirs++;
            continue;
        }
        if (held.has(heldKey('dir', dir)) || !wantsNodes)
            continue;
        const why = blockedBy(dir);
        if (why) {
            skip('dir', dir, why);
            continue;
        }
        // Another shard's: a download creates the parents it needs itself (transfer/download.ts).
        if (!owns(dir))
            continue;
        const action = { op: 'mkdir', path: dir, target: target(dir, 'dir') };
        const source = srcDirs.get(dir);
        if (source)
            action.source = source;
        mkdirs.push(action);
    }
    const assets = [];
    const pages = [];
    let unchanged = 0;
    for (const pair of pairing.pairs) {
        if (pair.kind === 'dest-only' || pair.source.kind === 'dir')
            continue;
        const { path, source } = pair;
        const dest = pair.kind === 'both' ? pair.dest : undefined;
        if (dest?.kind === 'dir')
            continue; // a file beside a directory of the same name (S3 allows both)
        const why = blockedBy(path) ??
            unstorable(source, opts) ??
            (opts.listings.destNotDescended?.has(path)
                ? 'is a directory at the destination (not descended into without -r); skipped'
                : undefined);
        if (why) {
            skip('file', path, why);
            continue;
        }
        if (!owns(path))
            continue;
        let reason = needsTransfer(source, dest, cmp);
        if (reason === null &&
            dest &&
            opts.direction === 'copy' &&
            opts.by !== 'size' &&
            source.mtime > dest.mtime) {
            // S3 to S3, same bytes, source rewritten since: its metadata may have changed; a copy carries it.
            reason = 'metadata';
        }
        if (reason === null && dest) {
            const detail = metadataChange(source, dest, opts);
            if (detail) {
                assets.push({
                    op: 'metadata',
                    path,
                    target: target(path, 'file', dest),
                    size: source.size,
                    source,
                    dest,
                    detail,
                });
                continue;
            }
            unchanged++;
            continue;
        }
        if (reason === null)
            continue;
        const action = {
            op: opts.direction,
            path,
            target: target(path, 'file', dest),
            size: source.size,
            reason,
            source,
            dest,
        };
        (opts.direction !== 'download' && isPage(path) ? pages : assets).push(action);
    }
    const plan = { actions: [...mkdirs, ...assets, ...pages], unchanged, unchangedDirs, skipped };
    if (!opts.delete)
        return plan;
    const deletes = [];
    const dirDeletes = [];
    const replaced = replacedNodes(pairing, opts.destination);
    for (const pair of pairing.pairs) {
        if (pair.kind !== 'dest-only' || held.has(heldKey(pair.dest.kind === 'dir' ? 'dir' : 'file', pair.path)))
            continue;
        const dest = pair.dest;
        if (opts.listings.sourceNotDescended?.has(pair.path)) {
            // A directory in the source that this run did not look into: not a reason to delete anything.
            if (dest.kind !== 'dir')
                skip('file', pair.path, 'is a directory in the source (not descended into without -r); not deleted');
            continue;
        }
        if (dest.kind === 'dir') {
            if (srcDirSet.has(pair.path))
                continue;
            if (opts.listings.destHoldsExcluded?.has(pair.path))
                continue;
            // Every node of the directory (`x/` and `x_$folder$` may both exist), but one a file replaces.
            for (const node of [dest, ...(pairing.destNodes?.get(pair.path) ?? [])]) {
                if (node.name !== undefined && replaced.has(node.name))
                    continue;
                dirDeletes.push({
                    op: 'delete',
                    path: pair.path,
                    target: target(pair.path, 'dir', node),
                    size: 0,
                    dest: node,
                });
            }
        }
        else {
            deletes.push({
                op: 'delete',
                path: pair.path,
                target: target(pair.path, 'file', dest),
                size: dest.size,
                dest,
            });
        }
    }
    // Deepest first, so a directory is removed only after its contents.
    dirDeletes.sort((a, b) => depth(b.path) - depth(a.path) || (0,keys/* compareKeys */.YD)(a.path, b.path));
    deletes.push(...dirDeletes);
    // Judged on the whole tree's deletes, so every shard of a sync decides alike (see deleteGuard).
    const refused = deleteGuard(pairing, opts, deletes, sourceSkips);
    if (refused && deletes.length > 0)
        plan.deleteRefused = refused;
    else {
        plan.actions.push(...(opts.owns ? deletes.filter((d) => owns(d.path)) : deletes));
        // A local directory goes only once it is empty, and other shards may still be emptying it: each
        // shard retries all of them after its own deletes, so the last shard to finish removes them.
        if (opts.owns && opts.destination.kind === 'local')
            plan.sweepDirs = dirDeletes;
    }
    return plan;
}
/**
 * Names of directory nodes without a slash whose key a source file is written to: an s3sync.rb node `x`
 * (a file `x`) or a marker `x_$folder$` (a file of that name). The write replaces the node, and deleting
 * the node afterwards would delete the new file. Found among the few such nodes, not by a map of every
 * source file (a million-file map is 60 MB while it grows).
 */
function replacedNodes(pairing, destination) {
    const nodes = new Set(); // the node's own name
    if (destination.kind !== 's3')
        return nodes;
    const add = (node) => {
        if (node.name !== undefined && !node.name.endsWith('/'))
            nodes.add(node.name);
    };
    for (const pair of pairing.pairs) {
        if (pair.kind !== 'dest-only' || pair.dest.kind !== 'dir')
            continue;
        add(pair.dest);
        for (const other of pairing.destNodes?.get(pair.path) ?? [])
            add(other);
    }
    const replaced = new Set();
    if (nodes.size === 0)
        return replaced;
    for (const pair of pairing.pairs) {
        if (pair.kind === 'dest-only' || pair.source.kind === 'dir')
            continue;
        if (nodes.has(pair.path))
            replaced.add(pair.path);
    }
    return replaced;
}
/**
 * Why a source file cannot be stored so that it reads back as itself, if it cannot: an empty file named
 * `x_$folder$` is exactly a directory marker of other tools, and would come back as a directory `x`.
 */
function unstorable(source, opts) {
    if (opts.destination.kind !== 's3' || source.size !== 0 || source.kind !== 'file')
        return undefined;
    const base = (0,keys/* baseName */.Fl)((0,types/* nameOf */.Vb)(source));
    if (base.length > FOLDER_SUFFIX.length && base.endsWith(FOLDER_SUFFIX))
        return `an empty file named "…${FOLDER_SUFFIX}" reads back from S3 as a directory marker; not uploaded`;
    return undefined;
}
/**
 * The delete phase is judged whole, before anything is deleted (rclone checks per delete and can stop
 * half-way). A refusal deletes nothing; the run still transfers and exits 1.
 * - a listing was incomplete: what is "missing" may only be unlisted;
 * - names equal after normalisation make the pairing ambiguous;
 * - more deletes than --max-delete;
 * - without --max-delete, a source with no files (directories or markers alone, as a failed build
 *   leaves them) would delete files at the destination.
 */
function deleteGuard(pairing, opts, deletes, sourceSkips = 0) {
    const l = opts.listings;
    if (l.sourceIncomplete || l.destIncomplete)
        return 'a listing was incomplete, so nothing is deleted';
    if (pairing.ambiguous)
        return 'some names are equal after Unicode normalisation, so nothing is deleted';
    if (sourceSkips > 0) {
        return `${sourceSkips} source ${sourceSkips === 1 ? 'entry was' : 'entries were'} skipped, so nothing is deleted`;
    }
    if (opts.maxDelete !== undefined && deletes.length > opts.maxDelete) {
        return `${deletes.length} deletes planned, more than --max-delete ${opts.maxDelete}; nothing is deleted`;
    }
    const files = deletes.filter((d) => d.dest.kind !== 'dir').length;
    if (opts.maxDelete === undefined && l.sourceFiles === 0 && files > 0) {
        return `the source has no files; refusing to delete ${files} file${files === 1 ? '' : 's'} at the destination (give --max-delete to allow)`;
    }
    return undefined;
}
function depth(path) {
    let n = 0;
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1))
        n++;
    return n;
}

// EXTERNAL MODULE: ./src/core/transfer/transport.ts
var transfer_transport = __webpack_require__(5826);
;// CONCATENATED MODULE: ./src/core/execute.ts
// Runs a Plan with bounded parallelism, phase by phase: mkdirs, then assets (and metadata updates),
// then pages, then deletes. One failed entry is recorded and the others go on; later phases that
// depend on the earlier ones (pages on their assets, deletes on everything) are skipped when something
// failed. A fatal error (one every entry would hit) or an interrupt stops new work and cancels what is
// in flight, which then cleans up after itself (multipart uploads aborted, temp files removed).





async function executePlan(plan, transport, opts) {
    const { events, signal, stop } = opts;
    const describe = opts.describe ?? errors/* oneLine */.TN;
    const results = [];
    let fatal;
    const transfers = plan.actions.filter((a) => (0,types/* isTransfer */.GR)(a) || a.op === 'metadata');
    const progress = {
        bytesDone: 0,
        bytesTotal: transfers.reduce((n, a) => n + ((0,types/* isTransfer */.GR)(a) ? a.size : 0), 0),
        filesDone: 0,
        filesTotal: transfers.length,
    };
    const interrupted = () => signal?.aborted === true;
    const record = (r) => {
        results.push(r);
        events.onAction?.(r);
    };
    const notRun = (actions, why) => {
        for (const action of actions)
            record(interrupted() ? stopped(action) : { action, status: 'skipped', bytes: 0, error: why });
    };
    const stopReason = () => (fatal ? `not run: ${(0,errors/* oneLine */.TN)(fatal)}` : undefined);
    const runEach = async (actions, work) => {
        // Every outcome is recorded here, so no call rejects and every action gets its result.
        await forEachLimited(actions, opts.threads, async (action) => {
            if (interrupted())
                return record(stopped(action));
            const stop_ = stopReason();
            if (stop_)
                return record({ action, status: 'skipped', bytes: 0, error: stop_ });
            try {
                const bytes = await work(action);
                record({ action, status: 'done', bytes });
            }
            catch (err) {
                if (err instanceof errors/* FatalSyncError */.sD && !fatal) {
                    fatal = err;
                    stop.abort(err);
                }
                if (interrupted())
                    record(stopped(action));
                else if (stop.signal.aborted && err !== fatal)
                    record({ action, status: 'skipped', bytes: 0, error: stopReason() ?? describe(err) });
                else
                    record({ action, status: 'failed', bytes: 0, error: describe(err) });
            }
        });
    };
    const failedSoFar = () => results.some((r) => r.status !== 'done');
    const mkdirs = plan.actions.filter((a) => a.op === 'mkdir');
    // The root first, alone: everything else lives inside it.
    const [roots, dirs] = partition(mkdirs, (a) => a.path === '');
    await runEach(roots, (a) => transport.mkdir(a).then(() => 0));
    await runEach(dirs, (a) => transport.mkdir(a).then(() => 0));
    if (transfers.length > 0)
        events.onPhase?.('transferring', { files: progress.filesTotal, bytes: progress.bytesTotal });
    const onBytes = (n) => {
        progress.bytesDone += n;
        events.onProgress?.({ ...progress });
    };
    const move = async (a) => {
        let bytes = 0;
        if ((0,types/* isTransfer */.GR)(a))
            bytes = await transport.transfer(a, onBytes);
        else if (a.op === 'metadata')
            await transport.metadata(a);
        progress.filesDone++;
        events.onProgress?.({ ...progress });
        return bytes;
    };
    // Publishing a site: pages go only after all their assets are in place.
    const [pages, assets] = partition(transfers, (a) => (0,types/* isTransfer */.GR)(a) && a.op !== 'download' && isPage(a.path));
    await runEach(assets, move);
    if (pages.length > 0 && failedSoFar())
        notRun(pages, 'not uploaded: an earlier transfer failed, so pages wait');
    else
        await runEach(pages, move);
    const deletes = plan.actions.filter((a) => a.op === 'delete');
    if (deletes.length > 0) {
        const why = stopReason() ?? (failedSoFar() ? 'not deleted: an earlier action failed' : undefined);
        if (why || interrupted())
            notRun(deletes, why ?? 'interrupted');
        else {
            events.onPhase?.('deleting', { files: deletes.length, bytes: 0 });
            try {
                const outcomes = await transport.deleteBatch(deletes);
                deletes.forEach((action, i) => {
                    const o = outcomes[i];
                    if (o?.ok)
                        record({ action, status: 'done', bytes: 0 });
                    else {
                        const error = o === undefined ? 'no result' : o.cause === undefined ? o.error : describe(o.cause);
                        record({ action, status: 'failed', bytes: 0, error });
                    }
                });
            }
            catch (err) {
                // Batches that went through before the phase stopped are reported as they ended; the rest were
                // never tried if it was interrupted, and were tried and refused otherwise (a failure, not a skip).
                const done = err instanceof transfer_transport/* DeletesStopped */.A ? err.outcomes : [];
                done.forEach((o, i) => {
                    const action = deletes[i];
                    record(o.ok
                        ? { action, status: 'done', bytes: 0 }
                        : {
                            action,
                            status: 'failed',
                            bytes: 0,
                            error: o.cause === undefined ? o.error : describe(o.cause),
                        });
                });
                const rest = deletes.slice(done.length);
                const cause = err instanceof transfer_transport/* DeletesStopped */.A ? err.cause : err;
                if (interrupted())
                    notRun(rest, 'interrupted');
                else
                    for (const action of rest)
                        record({ action, status: 'failed', bytes: 0, error: describe(cause) });
            }
        }
    }
    return { results, fatal };
}
function stopped(action) {
    return { action, status: 'interrupted', bytes: 0 };
}
function partition(items, pred) {
    const yes = [];
    const no = [];
    for (const t of items)
        (pred(t) ? yes : no).push(t);
    return [yes, no];
}

// EXTERNAL MODULE: ./src/core/fastfs.ts
var fastfs = __webpack_require__(6518);
// EXTERNAL MODULE: ./src/core/headers.ts
var core_headers = __webpack_require__(8341);
// EXTERNAL MODULE: ./src/core/glob.ts
var glob = __webpack_require__(6085);
// EXTERNAL MODULE: ./src/core/s3errors.ts
var s3errors = __webpack_require__(18);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./src/core/temps.ts
var core_temps = __webpack_require__(3284);
;// CONCATENATED MODULE: ./src/core/tree/local.ts
// Walks a local directory into Entries. Never follows symlinks (they are entries of their own),
// prunes excluded directories instead of walking them, and reports what it cannot read
// instead of aborting, marking the listing incomplete so no delete trusts it.










async function listLocal(root, opts) {
    const rootStat = await (0,promises_.stat)(root).catch((err) => {
        if (err.code === 'ENOENT')
            return null;
        throw new errors/* UsageError */.eb(`cannot read ${root}: ${err.code ?? err.message}`);
    });
    if (!rootStat)
        return { exists: false, entries: [], problems: [], incomplete: false };
    if (!rootStat.isDirectory())
        throw new errors/* UsageError */.eb(`${root} is not a directory`);
    const listing = { exists: true, entries: [], problems: [], incomplete: false };
    const limit = (0,p_limit/* default */.A)(limits/* WALK_CONCURRENCY */.c1);
    const pending = [];
    const staleTemps = [];
    const problem = (path, err, what) => {
        listing.problems.push({ path, message: `cannot ${what}: ${(0,errors/* errorCode */.CA)(err) ?? (0,errors/* oneLine */.TN)(err)}` });
        listing.incomplete = true;
    };
    const codec = opts.names;
    const walk = async (dir, rel) => {
        let dirents;
        try {
            dirents = codec
                ? await (0,promises_.readdir)(dir, { withFileTypes: true, encoding: 'buffer' })
                : await (0,promises_.readdir)(dir, { withFileTypes: true });
        }
        catch (err) {
            problem(rel || '.', err, 'read directory');
            return;
        }
        await Promise.all(dirents.map(async (d) => {
            const raw = typeof d.name === 'string' ? d.name : codec ? codec.decode(d.name) : d.name.toString('utf8');
            const name = rel ? `${rel}/${raw}` : raw;
            const path = (0,keys/* toKeyPath */.Gk)(name);
            const fsPath = (0,core_names/* joinFsPath */.NE)(dir, d.name, (external_node_path_default()).sep);
            const isDir = d.isDirectory();
            if (!isDir && (0,core_temps/* isTempName */.Gs)(raw)) {
                // Never synced: a download's temp file, ours in flight or left by a killed run.
                const st = await (0,fastfs/* lstat */.$1)(fsPath).catch(() => undefined);
                if (st && (0,core_temps/* isStaleTemp */.Ce)(raw, st.mtimeMs))
                    staleTemps.push(name);
                return;
            }
            if (opts.exclude(path, isDir)) {
                (0,types/* noteExcluded */.X6)(listing, path);
                return;
            }
            if (isDir && !opts.recursive) {
                listing.notDescendedPaths ??= new Set();
                listing.notDescendedPaths.add(path);
                return;
            }
            if (!isDir && !d.isFile() && !d.isSymbolicLink()) {
                opts.onWarning?.(`skipping ${path}: not a regular file, directory or symlink`);
                return;
            }
            let st;
            try {
                st = await (0,fastfs/* lstat */.$1)(fsPath);
            }
            catch (err) {
                problem(path, err, 'stat');
                return;
            }
            const entry = {
                path,
                kind: isDir ? 'dir' : d.isSymbolicLink() ? 'symlink' : 'file',
                size: isDir ? 0 : (0,types/* small */.EX)(st.size),
                mtime: (0,types/* small */.EX)(Math.floor(st.mtimeMs / 1000)),
                mtimeMs: st.mtimeMs,
                ctimeMs: st.ctimeMs,
                ino: (0,types/* small */.EX)(st.ino),
                dev: (0,types/* small */.EX)(st.dev),
                mode: (0,types/* small */.EX)(st.mode),
                uid: (0,types/* small */.EX)(st.uid),
                gid: (0,types/* small */.EX)(st.gid),
                // Present from the start, so the compare stage's MD5 lands inside the object, not in a
                // separately allocated overflow of its fields.
                md5: undefined,
            };
            if (name !== path)
                entry.name = name;
            if (entry.kind === 'symlink') {
                try {
                    entry.linkTarget = codec
                        ? codec.decode(await (0,promises_.readlink)(fsPath, { encoding: 'buffer' }))
                        : await (0,promises_.readlink)(fsPath);
                    entry.size = Buffer.byteLength(entry.linkTarget);
                }
                catch (err) {
                    problem(path, err, 'read link');
                    return;
                }
            }
            listing.entries.push(entry);
            if (isDir)
                pending.push(limit(() => walk(fsPath, name)));
        }));
    };
    await limit(() => walk(root, ''));
    // Walks enqueue further walks; drain until no new work appears.
    for (let i = 0; i < pending.length; i++)
        await pending[i];
    if (staleTemps.length > 0)
        listing.staleTemps = staleTemps;
    return listing;
}

;// CONCATENATED MODULE: ./src/core/listing.ts
// The listing stage of a sync, shared by sync() and `paras3 plan`: both sides listed at once with the
// filters applied, walk-only directories pruned, and the source checked to exist. Either listing failing
// fails the whole stage: nothing downstream ever sees a partial listing.







async function listSides(options, store, signal, events) {
    events.onPhase?.('listing');
    // Both listings run at once; either failing fails the run before anything is planned or deleted.
    const [src, dst] = await Promise.all([
        listSide(options, 'source', store, signal, events),
        listSide(options, 'destination', store, signal, events),
    ]);
    assertSourceExists(options, src);
    events.onDebug?.(`listed ${src.entries.length} source and ${dst.entries.length} destination entries`);
    return { src, dst };
}
/**
 * One side, filtered as a sync filters it. Excluded destination entries are not even listed (so never
 * deleted) unless --delete-excluded.
 */
async function listSide(options, side, store, signal, events) {
    const loc = side === 'source' ? options.source : options.destination;
    // --include/--exclude in the order given (rclone's), or the excludes alone (the action's input).
    const excluded = side === 'destination' && options.deleteExcluded
        ? () => false
        : options.filters
            ? (0,glob/* compileFilter */.gB)(options.filters)
            : (0,glob/* compileGlobs */.tI)(options.exclude);
    const listing = await (loc.kind === 'local'
        ? listLocal(loc.root, {
            recursive: options.recursive,
            exclude: excluded,
            onWarning: events.onWarning,
            names: (0,core_names/* nameCodec */.G8)(options.nativeCharset),
        })
        : listS3(store, loc.bucket, loc.prefix, {
            recursive: options.recursive,
            exclude: (0,glob/* excludeWithAncestors */.J4)(excluded),
            signal,
            role: side,
        }).catch((err) => {
            throw (0,s3errors/* describeS3Error */.y)(err, { bucket: loc.bucket, endpoint: store.endpointLabel });
        }));
    if (options.filters?.some((f) => f.include)) {
        // Directories walked only because they could hold an included path, but holding none, are left
        // out: `--include '*.html'` creates (and deletes) no directory of images.
        pruneWalkOnly(listing, (0,glob/* classifyPaths */.jN)(options.filters));
    }
    return listing;
}
function assertSourceExists(options, src) {
    if (src.exists)
        return;
    // As the user typed it, without the display's trailing slash: `source /x/y does not exist`.
    const where = options.source.kind === 'local' ? options.source.root : options.sourceDisplay;
    throw new errors/* UsageError */.eb(`source ${where} does not exist`);
}
/** Drops directories a filter walks but does not include, unless something included lies below them. */
function pruneWalkOnly(listing, classify) {
    const holding = new Set();
    for (const e of listing.entries)
        if (e.kind !== 'dir')
            for (const a of (0,keys/* ancestors */.T1)(e.path))
                holding.add(a);
    listing.entries = listing.entries.filter((e) => e.kind !== 'dir' || holding.has(e.path) || classify(e.path, true) !== 'walk');
}

// EXTERNAL MODULE: ./src/core/shard.ts
var core_shard = __webpack_require__(9499);
;// CONCATENATED MODULE: ./src/core/shard-run.ts
// What a shard run (--shard K/N) needs beyond the plan: which paths it owns, and the directory sweep that
// lets shards delete local directories they share.



/** Whether this shard owns a path; each path is hashed once, however often the stages ask. */
function shardOwner(shard) {
    const known = new Map();
    return (path) => {
        let owned = known.get(path);
        if (owned === undefined) {
            owned = (0,core_shard/* inShard */.Iw)(shard, path);
            known.set(path, owned);
        }
        return owned;
    };
}
/**
 * Removes each directory the whole sync deletes, deepest first, when it is empty. A directory still
 * holding files of shards that have not finished is left to them: every shard sweeps after its own
 * deletes, so once the last one has deleted its files, its sweep finds every directory empty. Errors
 * are expected (gone already, not empty yet) and say nothing.
 */
async function sweepDirs(dest, dirs, names) {
    for (const d of dirs)
        await (0,promises_.rmdir)((0,core_names/* fsPathUnder */.d_)(dest.root, d.target, names)).catch(() => { });
}

// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __webpack_require__(7253);
// EXTERNAL MODULE: ./src/core/transfer/multipart.ts
var multipart = __webpack_require__(9971);
;// CONCATENATED MODULE: ./src/core/transfer/upload.ts













/** The headers of an uploaded object, from the settings that apply to every one. */
function objectHeaders(lookup, s) {
    return (path, entry, md5) => {
        const file = entry?.kind !== 'dir';
        const h = lookup(path);
        return {
            contentType: file ? h.contentType : undefined,
            cacheControl: file ? h.cacheControl : undefined,
            expires: s.expires && file ? new Date(s.expires) : undefined,
            acl: s.publicRead ? 'public-read' : undefined,
            metadata: entry ? metadataFor(entry, md5, { posix: s.posixMetadata }) : undefined,
            storageClass: s.storageClass,
            sse: s.sse,
            sseKmsKeyId: s.sseKmsKeyId,
        };
    };
}
const EMPTY = Buffer.alloc(0);
const EMPTY_MD5 = (0,hash/* md5Hex */.CC)(EMPTY);
function uploadTransport(s) {
    const bucket = s.destination.bucket;
    const fsPath = (e) => fsPathOf(s.source, e, s.names);
    return {
        async mkdir(action) {
            // The S3 console's folder convention: a zero-byte `dir/` object.
            await put(action.target, EMPTY, EMPTY_MD5, s.headers(action.path, action.source ?? { path: action.path, kind: 'dir', size: 0, mtime: 0 }));
        },
        async transfer(action, onBytes) {
            return (0,retry/* withVerifyRetries */.IU)(s.verifyRetries, () => uploadOne(action.source, action.target, onBytes), s.signal);
        },
        async metadata(action) {
            // Same bytes, new metadata: the object is copied onto itself with the headers an upload would send.
            const local = action.source;
            const before = await (0,fastfs/* lstat */.$1)(fsPath(local));
            const md5 = local.md5 ?? action.dest.meta?.md5 ?? ((0,core_etag/* isMd5Hex */.aU)(action.dest.etag) ? action.dest.etag : undefined);
            const fresh = freshEntry(local, before);
            const res = await copyOnto(s.store, {
                source: { bucket, key: action.target },
                bucket,
                key: action.target,
                size: action.size,
                headers: s.headers(local.path, fresh, md5),
                expectEtag: action.dest.etag,
                label: local.path,
                partSize: s.partSize,
                signal: s.signal,
                onWarning: s.onWarning,
            });
            const stamp = (0,md5cache/* stampOf */.Zs)(before);
            if (md5 && stamp) {
                s.onStored?.(local.path, stamp, md5, undefined, {
                    key: action.target,
                    etag: res.etag,
                    modified: res.lastModified === undefined ? undefined : Math.floor(res.lastModified / 1000),
                    writtenBy: res.serverTime,
                });
            }
        },
        deleteBatch(actions) {
            return (0,transfer_transport/* deleteKeys */.I)(s.store, bucket, actions.map((a) => a.target), s.signal);
        },
    };
    async function uploadOne(entry, key, onBytes) {
        const path = fsPath(entry);
        if (entry.kind === 'file' && entry.size <= limits/* SMALL_OBJECT */.K9) {
            // The common case, in four fs calls: still the file that was listed, so one consistent version.
            const snap = (0,fastfs/* readIfUnchanged */.F7)(path, entry);
            if (snap) {
                const current = freshEntry(entry, snap.stat);
                const md5 = (0,hash/* md5Hex */.CC)(snap.body);
                const res = await putVerified(key, snap.body, md5, current);
                stored(entry, snap.stat, md5, key, res);
                onBytes(snap.body.length);
                return snap.body.length;
            }
        }
        // Changed since it was listed, a symlink or a large file: stat before and after every read.
        const before = await (0,fastfs/* lstat */.$1)(path);
        const fresh = freshEntry(entry, before);
        // Replaced since it was listed: never read a FIFO or device that took a file's place (it would block).
        if (entry.kind === 'file' ? !before.isFile() : !before.isSymbolicLink()) {
            throw new Error(`${entry.path} is no longer a ${entry.kind === 'file' ? 'regular file' : 'symlink'}`);
        }
        if (entry.kind === 'symlink') {
            // The link target is a name too: in a native charset other than UTF-8 it is decoded like one.
            const body = s.names
                ? Buffer.from(s.names.decode(await (0,fastfs/* readlink */.h_)(path, { encoding: 'buffer' })))
                : Buffer.from(await (0,fastfs/* readlink */.h_)(path));
            const md5 = (0,hash/* md5Hex */.CC)(body);
            const res = await putVerified(key, body, md5, { ...fresh, linkTarget: body.toString('utf8') });
            stored(entry, before, md5, key, res);
            onBytes(body.length);
            return body.length;
        }
        if (before.size <= s.multipartThreshold || before.size <= s.partSize) {
            const body = await (0,fastfs/* readFile */.TA)(path);
            await assertUnchanged(entry, path, before, body.length);
            const md5 = (0,hash/* md5Hex */.CC)(body);
            const res = await putVerified(key, body, md5, fresh);
            stored(entry, before, md5, key, res);
            onBytes(body.length);
            return body.length;
        }
        return uploadMultipart(key, path, fresh, before, onBytes);
    }
    function stored(entry, st, md5, key, res, multipartEtag) {
        const stamp = (0,md5cache/* stampOf */.Zs)(st);
        if (stamp) {
            s.onStored?.(entry.path, stamp, md5, multipartEtag, { key, etag: res.etag, writtenBy: res.serverTime });
        }
    }
    /** Sends one whole object; resolves once the server stored exactly those bytes. */
    async function putVerified(key, body, md5, entry) {
        const res = await put(key, body, md5, s.headers(entry.path, entry, md5));
        // Content-MD5 already made the server check; a differing MD5 ETag means a server that ignored it.
        // SSE-KMS and SSE-C ETags are no MD5: S3's Content-MD5 check is the proof then.
        if ((0,core_etag/* isMd5Hex */.aU)(res.etag) && res.etag !== md5 && !(0,core_etag/* encryptionHidesMd5 */.vc)(res.sse, res.sseCustomer)) {
            throw new retry/* VerifyError */.Gz(`${entry.path}: server stored different bytes (ETag ${res.etag}, local MD5 ${md5})`);
        }
        return res;
    }
    async function put(key, body, md5, headers) {
        try {
            return await s.store.put({ bucket, key, body, md5, headers }, { signal: s.signal });
        }
        catch (err) {
            throw fatalIfBucketWide(err, bucket);
        }
    }
    async function uploadMultipart(key, path, entry, before, onBytes) {
        const partSize = (0,limits/* choosePartSize */.mm)(before.size, s.partSize);
        const { md5, multipartEtag, partMd5s } = await (0,hash/* hashFile */.DC)(path, partSize, undefined, s.signal);
        if (!partMd5s)
            throw new retry/* VerifyError */.Gz(`${entry.path} changed while it was being uploaded (it shrank)`);
        const done = await (0,multipart/* uploadInParts */.x)({
            store: s.store,
            bucket,
            key,
            headers: s.headers(entry.path, entry, md5),
            fsPath: path,
            label: entry.path,
            size: before.size,
            partSize,
            partMd5s,
            queueSize: limits/* PART_QUEUE */.sB,
            signal: s.signal,
            onBytes,
            onWarning: s.onWarning,
            // Checked before the upload completes: a file changed since its stat fails this attempt (and
            // is retried) while the object stored before is still in place.
            beforeComplete: () => assertUnchanged(entry, path, before, before.size),
        }).catch((err) => {
            throw fatalIfBucketWide(err, bucket);
        });
        // S3 answers with the multipart ETag of what it assembled; some servers with the whole-file MD5.
        // SSE-KMS ETags are neither: then the parts' Content-MD5, which S3 checked, is the proof.
        const { etag } = done;
        const expected = etag.includes('-') ? multipartEtag : md5;
        if (etag !== expected && !(0,core_etag/* encryptionHidesMd5 */.vc)(done.sse, done.sseCustomer)) {
            throw new retry/* VerifyError */.Gz(`${entry.path}: server stored different bytes (ETag ${etag}, expected ${expected})`);
        }
        stored(entry, before, md5, key, done, multipartEtag);
        return before.size;
    }
}
/** The entry as it is now on disk (the listing may be older), for the metadata it is stored with. */
function freshEntry(entry, st) {
    return (0,types/* withFields */.qO)(entry, { size: st.size, mtimeMs: st.mtimeMs, mode: st.mode, uid: st.uid, gid: st.gid });
}
/** Fails the attempt (and so retries it) when the file changed while it was read. */
async function assertUnchanged(entry, path, before, bytesRead) {
    const after = await (0,fastfs/* lstat */.$1)(path);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || bytesRead !== before.size) {
        throw new retry/* VerifyError */.Gz(`${entry.path} changed while it was being uploaded`);
    }
}
/** Errors that every file would hit the same way: stop the run instead of failing file by file. */
function fatalIfBucketWide(err, bucket) {
    const code = (0,errors/* errorName */.Is)(err);
    if (code === 'AccessControlListNotSupported') {
        return new errors/* FatalSyncError */.sD(`bucket "${bucket}" has ACLs disabled (Object Ownership: bucket owner enforced), so --public-read cannot be applied; drop it and grant public read with a bucket policy instead`);
    }
    if (code === 'NoSuchBucket')
        return new errors/* FatalSyncError */.sD(`bucket "${bucket}" does not exist`);
    return err;
}

;// CONCATENATED MODULE: ./src/core/transfer/copy.ts
// S3 to S3, server-side: bytes never cross the runner. CopyObject up to 5 GiB, UploadPartCopy parts
// above; headers and metadata (md5chksum, mode, owner, mtime, content type, cache control) travel with
// the object; the result is checked against the source's ETag where that is an MD5. The same routine
// rewrites one object's metadata in place (an object copied onto itself), for metadata-only changes.








async function copyOnto(store, c) {
    let head;
    const sourceHead = async () => {
        head ??= await store.head(c.source.bucket, c.source.key, { signal: c.signal });
        if (c.expectEtag && head.etag !== c.expectEtag) {
            throw Object.assign(new Error(`${c.label}: the source changed since it was listed`), {
                name: 'PreconditionFailed',
            });
        }
        return head;
    };
    const replace = c.headers ? merged(await sourceHead(), c.headers) : undefined;
    let res;
    if (c.size <= limits/* MAX_SINGLE_COPY */.q3) {
        res = await store.copy({ source: c.source, bucket: c.bucket, key: c.key, replace, ...c.extra, ifSourceMatch: c.expectEtag }, { signal: c.signal });
    }
    else {
        const h = await sourceHead();
        res = await (0,multipart/* copyInParts */.j)({
            store,
            bucket: c.bucket,
            key: c.key,
            headers: { ...(replace ?? merged(h, {})), ...c.extra },
            source: c.source,
            label: c.label,
            size: c.size,
            partSize: (0,limits/* choosePartSize */.mm)(c.size, c.partSize),
            queueSize: limits/* PART_QUEUE */.sB,
            signal: c.signal,
            onBytes: () => { },
            onWarning: c.onWarning,
        });
        // The source must not have changed while its parts were copied.
        const after = await store.head(c.source.bucket, c.source.key, { signal: c.signal });
        if (after.etag !== h.etag)
            throw new retry/* VerifyError */.Gz(`${c.label}: the source changed while it was copied`);
    }
    // A single-part, unencrypted source has an MD5 ETag, and so must its copy.
    const src = c.expectEtag ?? head?.etag;
    if (src &&
        (0,core_etag/* isMd5Hex */.aU)(src) &&
        (0,core_etag/* etagParts */.cw)(res.etag) === 0 &&
        (0,core_etag/* isMd5Hex */.aU)(res.etag) &&
        res.etag !== src &&
        !(0,core_etag/* encryptionHidesMd5 */.vc)(res.sse, res.sseCustomer) &&
        !(head && (0,core_etag/* encryptionHidesMd5 */.vc)(head.sse, head.sseCustomer))) {
        throw new retry/* VerifyError */.Gz(`${c.label}: the copy has ETag ${res.etag}, the source ${src}`);
    }
    c.onBytes?.(c.size);
    return res;
}
/** The source's headers with ours over them; user metadata merged key by key. */
function merged(h, ours) {
    const base = {
        contentType: h.contentType,
        cacheControl: h.cacheControl,
        contentDisposition: h.contentDisposition,
        contentEncoding: h.contentEncoding,
        contentLanguage: h.contentLanguage,
        expires: h.expires,
        storageClass: h.storageClass,
        metadata: h.metadata,
    };
    const out = { ...base };
    for (const [k, v] of Object.entries(ours))
        if (v !== undefined)
            out[k] = v;
    out.metadata = { ...h.metadata, ...(ours.metadata ?? {}) };
    return out;
}
const copy_EMPTY_MD5 = (0,hash/* md5Hex */.CC)(Buffer.alloc(0));
function copyTransport(s) {
    const bucket = s.destination.bucket;
    return {
        async mkdir(action) {
            const node = action.source;
            // A node in the S3 console's style is copied with its metadata; other styles become one.
            if (node && node.name === undefined && action.path !== '') {
                await copyOnto(s.store, {
                    source: { bucket: s.source.bucket, key: keyOf(s.source.prefix, node) },
                    bucket,
                    key: action.target,
                    size: 0,
                    extra: s.extra,
                    label: action.path,
                    partSize: s.partSize,
                    signal: s.signal,
                }).catch((err) => {
                    throw fatalIfBucketWide(err, bucket);
                });
                return;
            }
            await s.store
                .put({ bucket, key: action.target, body: Buffer.alloc(0), md5: copy_EMPTY_MD5, headers: { ...s.extra } }, { signal: s.signal })
                .catch((err) => {
                throw fatalIfBucketWide(err, bucket);
            });
        },
        async transfer(action, onBytes) {
            const copy = () => copyOnto(s.store, {
                source: { bucket: s.source.bucket, key: keyOf(s.source.prefix, action.source) },
                bucket,
                key: action.target,
                size: action.size,
                headers: s.headers?.(action.path),
                extra: s.extra,
                expectEtag: action.source.etag,
                label: action.path,
                partSize: s.partSize,
                signal: s.signal,
                onWarning: s.onWarning,
                onBytes,
            }).catch((err) => {
                throw fatalIfBucketWide(err, bucket);
            });
            await (0,retry/* withVerifyRetries */.IU)(s.verifyRetries, copy, s.signal);
            return action.size;
        },
        async metadata() {
            throw new Error('copy: metadata changes travel with a copy');
        },
        deleteBatch(actions) {
            return (0,transfer_transport/* deleteKeys */.I)(s.store, bucket, actions.map((a) => a.target), s.signal);
        },
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/core/hash-thread.ts
var hash_thread = __webpack_require__(5360);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/core/transfer/sink.ts
// The file end of a download's pipeline.


/**
 * Writes a body into a descriptor it never closes, at explicit positions, and says when its last
 * write has returned. Not fs.WriteStream: pipeline destroys every stream on an error and a destroyed
 * WriteStream closes its descriptor, autoClose or not, asynchronously. Under load that close landed
 * after our own, on a descriptor number the next attempt (or another file) had been given: EBADF, or
 * another file closed under its writer. Here the caller alone closes, after `settled()`.
 */
class DescriptorSink extends external_node_stream_.Writable {
    fd;
    onChunk;
    onWritten;
    position = 0;
    pending = Promise.resolve();
    constructor(fd, onChunk, 
    /** Told, after each write returns, how many bytes from the start are in the file. */
    onWritten) {
        // Chunks gathered while a write is in flight go out together in one writev.
        super({ highWaterMark: 4 * 1024 * 1024 });
        this.fd = fd;
        this.onChunk = onChunk;
        this.onWritten = onWritten;
    }
    _write(chunk, _enc, cb) {
        this.put([chunk], cb);
    }
    _writev(chunks, cb) {
        this.put(chunks.map((c) => c.chunk), cb);
    }
    /** Resolves once no write of this sink is in flight. */
    settled() {
        return this.pending;
    }
    put(buffers, cb) {
        let length = 0;
        for (const b of buffers) {
            this.onChunk(b);
            length += b.length;
        }
        const at = this.position;
        this.position += length;
        this.pending = (0,fastfs/* writevAt */.Jv)(this.fd, buffers, at).then(() => {
            this.onWritten?.(at + length);
            cb();
        }, (err) => cb(err));
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
;// CONCATENATED MODULE: ./src/core/transfer/verify.ts
// What proves that the bytes received are the object's. In order of strength:
// - a plain ETag of an object not encrypted with SSE-KMS or SSE-C: its MD5;
// - `md5chksum` metadata (written by paras3 and rclone for multipart uploads);
// - a stored whole-object checksum (`x-amz-checksum-sha256`, `-sha1`, `-crc32`);
// - a multipart ETag recomputed with the object's own part size (HeadObject partNumber=1 tells it).
// Anything that fails one of these is a VerifyError: the transfer is retried, and never kept.







/** The MD5 the received bytes must have, when the response itself says so; undefined when it cannot. */
function expectedMd5(head) {
    const meta = parseMetadata(head.metadata);
    if (!(0,core_etag/* encryptionHidesMd5 */.vc)(head.sse, head.sseCustomer)) {
        const plain = (0,core_etag/* md5FromEtag */.mn)(head.etag);
        if (plain)
            return plain;
    }
    return meta.md5;
}
/**
 * Proves a received file whose MD5 the response could not state (a multipart or encrypted object
 * without md5chksum), by re-reading it: a stored whole-object checksum, else the multipart ETag with
 * the object's own part size. Throws VerifyError on a mismatch; returns 'size' when nothing was left
 * to check (an encrypted single-part object without md5chksum or checksum).
 */
async function proveWithoutMd5(store, bucket, key, head, file, opts) {
    const withSums = await store.head(bucket, key, { checksums: true, signal: opts.signal });
    if (withSums.etag !== head.etag)
        throw new retry/* VerifyError */.Gz(`${opts.label}: the object changed while it was downloaded`);
    const sums = withSums.checksumType === 'COMPOSITE' ? undefined : withSums.checksums;
    // zlib.crc32 is Node 20.15+; older Nodes leave CRC32 unverified here.
    const crc = typeof (external_node_zlib_default()).crc32 === 'function';
    const algo = sums?.sha256 ? 'sha256' : sums?.sha1 ? 'sha1' : sums?.crc32 && crc ? 'crc32' : undefined;
    if (sums && algo) {
        const got = await fileChecksum(file, algo);
        if (got !== sums[algo])
            throw new retry/* VerifyError */.Gz(`${opts.label}: ${algo} checksum mismatch (got ${got}, stored ${sums[algo]})`);
        return { by: 'checksum' };
    }
    const parts = (0,core_etag/* etagParts */.cw)(head.etag);
    if (parts > 1 && !(0,core_etag/* encryptionHidesMd5 */.vc)(head.sse, head.sseCustomer)) {
        if (opts.multipartEtag === head.etag)
            return { by: 'multipart-etag' };
        const first = await store.head(bucket, key, { partNumber: 1, signal: opts.signal });
        const partSize = first.size;
        if (!(partSize > 0) || Math.ceil(head.size / partSize) !== parts) {
            throw new retry/* VerifyError */.Gz(`${opts.label}: cannot learn the part layout of ${head.etag} (part 1 has ${partSize} bytes)`);
        }
        const h = partSize === opts.partSize && opts.multipartEtag
            ? opts.multipartEtag
            : await (0,hash/* multipartEtagOfFile */.$N)(file, partSize);
        if (h !== head.etag)
            throw new retry/* VerifyError */.Gz(`${opts.label}: multipart ETag mismatch (got ${h}, expected ${head.etag})`);
        return { by: 'multipart-etag' };
    }
    return { by: 'size' };
}
async function fileChecksum(file, algo) {
    if (algo === 'crc32') {
        let crc = 0;
        for await (const chunk of (0,external_node_fs_.createReadStream)(file, { highWaterMark: 1 << 20 }))
            crc = external_node_zlib_default().crc32(chunk, crc);
        const out = Buffer.alloc(4);
        out.writeUInt32BE(crc >>> 0);
        return out.toString('base64');
    }
    const h = (0,external_node_crypto_.createHash)(algo);
    for await (const chunk of (0,external_node_fs_.createReadStream)(file, { highWaterMark: 1 << 20 }))
        h.update(chunk);
    return h.digest('base64');
}

;// CONCATENATED MODULE: ./src/core/transfer/download.ts
// Moves S3 objects to local files. Bytes go to a temp file beside the target, are verified (verify.ts),
// get their owner, mode and mtime, and only then are renamed over the target: the final name never
// holds a partial or unverified file.



















function downloadTransport(s) {
    const root = s.destination.root;
    const temps = new Set();
    const safeDirs = new Map();
    const madeDirs = new Map();
    /** Directories created from a node with stored metadata: applied once their contents are in place. */
    const dirMeta = new Map();
    let rootReal;
    /** The path on disk for a text path under the root (itself unless a native charset is set). */
    const fp = (p) => (0,core_names/* fsPathUnder */.d_)(root, p, s.names);
    /** Refuses to write through a directory that resolves outside the root (a symlinked parent). */
    const assertInsideRoot = (dir) => {
        let p = safeDirs.get(dir);
        if (!p) {
            p = (async () => {
                rootReal ??= (0,promises_.realpath)(root);
                const [real, r] = await Promise.all([(0,promises_.realpath)(fp(dir)), rootReal]);
                if (real !== r && !real.startsWith(r + (external_node_path_default()).sep)) {
                    throw new Error(`refusing to write into ${dir}: it resolves outside ${root}`);
                }
            })();
            safeDirs.set(dir, p);
        }
        return p;
    };
    const warnOwner = (label) => (e) => s.onWarning?.(`${label}: cannot restore owner: ${(0,errors/* errorCode */.CA)(e) ?? (0,errors/* oneLine */.TN)(e)}`);
    return {
        async mkdir(action) {
            await (0,fastfs/* mkdir */.Ck)(fp(action.target), { recursive: true });
            // The directory node's mode, owner and mtime (a 0700 directory must not come back 0755). Read now,
            // applied in finish(): a mode without write permission set now would keep the contents out.
            if (!s.posixMetadata || !action.source || action.source.kind !== 'dir')
                return;
            try {
                const head = await s.store.head(s.source.bucket, keyOf(s.source.prefix, action.source), {
                    signal: s.signal,
                });
                const info = parseMetadata(head.metadata);
                if (info.mode !== undefined || info.mtimeMs !== undefined)
                    dirMeta.set(action.target, info);
            }
            catch (err) {
                if (s.signal?.aborted)
                    throw err;
                s.onWarning?.(`${action.path}: cannot read the directory's metadata: ${(0,errors/* oneLine */.TN)(err)}`);
            }
        },
        async finish() {
            // Deepest first: a directory's time is set after everything inside it changed.
            const dirs = [...dirMeta.entries()].sort(([a], [b]) => b.length - a.length);
            for (const [target, info] of dirs) {
                const path = fp(target);
                try {
                    if (s.restoreOwner && (info.uid !== undefined || info.gid !== undefined))
                        await (0,promises_.chown)(path, info.uid ?? -1, info.gid ?? -1).catch(warnOwner(target));
                    if (info.mode !== undefined)
                        await (0,fastfs/* chmod */.k6)(path, info.mode & 0o7777);
                    if (info.mtimeMs !== undefined)
                        await (0,fastfs/* utimes */.Ek)(path, new Date(), info.mtimeMs / 1000);
                }
                catch (err) {
                    s.onWarning?.(`cannot restore the mode or time of directory ${path}: ${(0,errors/* errorCode */.CA)(err) ?? (0,errors/* oneLine */.TN)(err)}`);
                }
            }
            dirMeta.clear();
        },
        async transfer(action, onBytes) {
            const target = action.target;
            const dir = external_node_path_default().dirname(target);
            // Parents exist: the plan created them (mkdir phase) or skipped this entry; --make-dirs made them too.
            // One mkdir per directory, shared by the transfers that start before it returns (with 16 threads,
            // a directory's first files all used to call it: 2,186 calls for 200 directories). A failure is not
            // kept, so each later file tries again and reports its own error.
            let made = madeDirs.get(dir);
            if (!made) {
                made = (0,fastfs/* mkdir */.Ck)(fp(dir), { recursive: true }).then(() => undefined);
                madeDirs.set(dir, made);
                made.catch(() => madeDirs.delete(dir));
            }
            await made;
            await assertInsideRoot(dir);
            return (0,retry/* withVerifyRetries */.IU)(s.verifyRetries, () => downloadOne(action.source, target, onBytes), s.signal);
        },
        async metadata(action) {
            const info = action.source.meta;
            if (!info)
                throw new Error(`${action.path}: no stored metadata to apply`);
            const path = fp(action.target);
            const st = await (0,fastfs/* lstat */.$1)(path);
            if (st.isSymbolicLink()) {
                if (s.restoreOwner && (info.uid !== undefined || info.gid !== undefined))
                    await (0,promises_.lchown)(path, info.uid ?? -1, info.gid ?? -1).catch(warnOwner(action.path));
                if (info.mtimeMs !== undefined)
                    await (0,promises_.lutimes)(path, new Date(), info.mtimeMs / 1000).catch(() => { });
            }
            else {
                // Owner before mode: chown clears the setuid and setgid bits that chmod sets.
                if (s.restoreOwner && (info.uid !== undefined || info.gid !== undefined))
                    await (0,promises_.chown)(path, info.uid ?? -1, info.gid ?? -1).catch(warnOwner(action.path));
                if (info.mode !== undefined)
                    await (0,fastfs/* chmod */.k6)(path, info.mode);
                if (info.mtimeMs !== undefined)
                    await (0,fastfs/* utimes */.Ek)(path, new Date(), info.mtimeMs / 1000);
            }
            const md5 = action.dest.md5;
            const stamp = (0,md5cache/* stampOf */.Zs)(await (0,fastfs/* lstat */.$1)(path));
            if (md5 && stamp) {
                s.onStored?.(action.path, stamp, md5, undefined, {
                    key: keyOf(s.source.prefix, action.source),
                    etag: action.source.etag ?? '',
                    modified: action.source.mtime,
                });
            }
        },
        async deleteBatch(actions) {
            const out = [];
            // Paths whose delete failed: a directory holding one of them is not empty because of it.
            const failed = [];
            for (const a of actions) {
                // Interrupted: nothing new starts; what was deleted so far is reported as deleted.
                if (s.signal?.aborted)
                    throw new transfer_transport/* DeletesStopped */.A(out, s.signal.reason);
                try {
                    if (a.dest.kind === 'dir')
                        await (0,promises_.rmdir)(fp(a.target));
                    else
                        await (0,fastfs/* unlink */.y1)(fp(a.target));
                    out.push({ ok: true });
                }
                catch (err) {
                    const code = (0,errors/* errorCode */.CA)(err);
                    const stuck = failed.find((f) => f.startsWith(`${a.path}/`));
                    if (code === 'ENOENT')
                        out.push({ ok: true });
                    else if ((code === 'ENOTEMPTY' || code === 'EEXIST') && stuck !== undefined) {
                        // Still holds what could not be deleted: the directory is there, and says why.
                        out.push({ ok: false, error: `not empty: ${stuck} could not be deleted` });
                    }
                    else if (code === 'ENOTEMPTY' || code === 'EEXIST') {
                        // Excluded entries (kept unless --delete-excluded) still live in it, or another shard's files
                        // that it has yet to delete (the last shard to finish removes the directory, see plan.ts).
                        if (!s.sharded)
                            s.onWarning?.(`kept directory ${a.path}: it still holds excluded entries`);
                        out.push({ ok: true });
                    }
                    else
                        out.push({ ok: false, error: code ?? String(err) });
                }
                if (out.at(-1)?.ok === false)
                    failed.push(a.path);
            }
            return out;
        },
        async cleanup() {
            // Each on its own: one that cannot be removed (or named) must not keep the others.
            await Promise.all([...temps].map(async (t) => {
                try {
                    await (0,fastfs/* unlink */.y1)(fp(t));
                }
                catch { }
            }));
            temps.clear();
        },
    };
    async function downloadOne(source, target, onBytes) {
        const tmp = external_node_path_default().join(external_node_path_default().dirname(target), (0,core_temps/* tempNameFor */.DU)(external_node_path_default().basename(target)));
        fp(target); // a name the native charset cannot hold fails here, before anything is created
        temps.add(tmp);
        const key = keyOf(s.source.prefix, source);
        let moved = 0;
        try {
            const res = await s.store.get(s.source.bucket, key, { signal: s.signal });
            // The object listed is the object received: a rewrite in between is another version.
            if (source.etag && res.etag && res.etag !== source.etag) {
                res.body.destroy();
                throw new Error(`${source.path}: the object changed since it was listed (ETag ${res.etag}, listed ${source.etag}); run again to take the new version`);
            }
            // A response without an ETag (some servers and proxies send none) is checked against the
            // listing's: otherwise an unencrypted object would be proven by its size alone.
            if (!res.etag && source.etag)
                res.etag = source.etag;
            const info = parseMetadata(res.metadata);
            const expected = expectedMd5(res);
            const size = res.size;
            if (info.symlink) {
                const chunks = [];
                for await (const c of res.body)
                    chunks.push(c);
                const raw = Buffer.concat(chunks);
                if (raw.length !== size)
                    throw new retry/* VerifyError */.Gz(`${source.path}: received ${raw.length} of ${size} bytes`);
                if (expected && (0,hash/* md5Hex */.CC)(raw) !== expected)
                    throw new retry/* VerifyError */.Gz(`${source.path}: MD5 mismatch`);
                const linkTarget = raw.toString('utf8');
                moved = raw.length;
                await (0,promises_.symlink)(s.names ? s.names.encode(linkTarget) : linkTarget, fp(tmp));
                if (s.restoreOwner && (info.uid !== undefined || info.gid !== undefined))
                    await (0,promises_.lchown)(fp(tmp), info.uid ?? -1, info.gid ?? -1).catch(warnOwner(source.path));
                if (info.mtimeMs !== undefined)
                    await (0,promises_.lutimes)(fp(tmp), new Date(), info.mtimeMs / 1000).catch(() => { });
                await (0,fastfs/* rename */.$w)(fp(tmp), fp(target));
                temps.delete(tmp);
                onBytes(moved);
                return moved;
            }
            const multipart = (0,core_etag/* etagParts */.cw)(res.etag) > 1;
            // Part hashes only where they are the proof (no md5chksum): with one, the whole MD5 verifies the
            // bytes, and the MD5 cache records the object the file came from, which a later compare trusts
            // (examine.ts, knownEqual) without the file's multipart ETag. One MD5 pass instead of two.
            const partHashes = multipart && !expected;
            const cutShort = (err) => {
                // A local write error (it has a syscall) or an interrupt is final; a body that broke off is retried.
                if (s.signal?.aborted || (err && typeof err === 'object' && 'syscall' in err))
                    throw err;
                throw new retry/* VerifyError */.Gz(`${source.path}: body cut short after ${moved} of ${size} bytes (${(0,errors/* oneLine */.TN)(err)})`);
            };
            // Creating a file is the one slow call (a directory update in the kernel): it goes to the thread pool.
            // Readable too: the hashing thread reads the body back from it.
            const fd = await (0,fastfs/* openNew */.nR)(fp(tmp), 'wx+', 0o600);
            let open = true;
            let sink;
            // A body of a MiB or more is hashed on the hashing thread, read back from the file as it is
            // written, so the main thread only receives and writes; smaller ones cost less to hash here than
            // to hand over. Part hashes (a multipart object without md5chksum) are still taken here.
            const tail = !partHashes && size >= TAIL_HASH_MIN ? new hash_thread/* TailHasher */.g(fd) : undefined;
            const hasher = tail ? undefined : (0,hash/* createPartHasher */.tn)(partHashes ? s.partSize : undefined);
            try {
                if (size <= limits/* SMALL_OBJECT */.K9) {
                    // Small objects are gathered in memory and written with one call: a write stream per file
                    // costs more than the whole request.
                    const chunks = [];
                    try {
                        for await (const chunk of res.body) {
                            chunks.push(chunk);
                            hasher?.update(chunk);
                            moved += chunk.length;
                        }
                    }
                    catch (err) {
                        cutShort(err);
                    }
                    if (moved === size) {
                        // One chunk (most small files): one synchronous write. More: one writev on the thread pool,
                        // without first copying them into one buffer (measured on 100 files of 1 MiB: the copy and
                        // the synchronous write were 210 ms of the main thread's 1.5 s).
                        if (chunks.length === 1)
                            external_node_fs_default().writeSync(fd, chunks[0]);
                        else if (chunks.length > 1)
                            await (0,fastfs/* writevAt */.Jv)(fd, chunks, 0);
                    }
                    onBytes(moved);
                }
                else {
                    sink = new DescriptorSink(fd, (chunk) => {
                        hasher?.update(chunk);
                        moved += chunk.length;
                        onBytes(chunk.length);
                    }, tail && ((end) => tail.written(end)));
                    await (0,external_node_stream_promises_.pipeline)(res.body, sink, { signal: s.signal }).catch(cutShort);
                }
                if (moved !== size)
                    throw new retry/* VerifyError */.Gz(`${source.path}: received ${moved} of ${size} bytes`);
                const { md5, multipartEtag } = tail ? { md5: (await tail.digest(size)).md5 } : hasher.digest();
                if (expected && md5 !== expected)
                    throw new retry/* VerifyError */.Gz(`${source.path}: MD5 mismatch (got ${md5}, expected ${expected})`);
                if (!expected) {
                    const proof = await proveWithoutMd5(s.store, s.source.bucket, key, res, fp(tmp), {
                        signal: s.signal,
                        label: source.path,
                        partSize: s.partSize,
                        multipartEtag,
                    });
                    if (proof.by === 'size')
                        s.onWarning?.(`${source.path}: ${(0,core_etag/* encryptionHidesMd5 */.vc)(res.sse, res.sseCustomer) ? 'encrypted object' : 'object'} without ${res.etag ? '' : 'ETag, '}md5chksum or checksum; verified by size only`);
                }
                const owner = s.restoreOwner && (info.uid !== undefined || info.gid !== undefined) ? info : undefined;
                // Seconds as a number, not a Date: a Date would cut the stored microseconds to milliseconds.
                const mtimeSec = (info.mtimeMs ?? res.lastModified ?? Date.now()) / 1000;
                open = false;
                const stored = commitFile(fd, fp(tmp), fp(target), info.mode ?? defaultFileMode(), mtimeSec, owner, warnOwner(source.path));
                temps.delete(tmp);
                // The rename set the ctime the next run will see: the cache stamps the file as it is now.
                const stamp = (0,md5cache/* stampOf */.Zs)(stored);
                if (stamp) {
                    s.onStored?.(source.path, stamp, md5, multipart && multipartEtag === res.etag ? multipartEtag : undefined, 
                    // The file agrees with the object, metadata included, only when the object carried the
                    // mode and mtime the file got: one written by another tool lacks them, and a later backup
                    // must add them (so it must not be told the two agree).
                    info.mode !== undefined && info.mtimeMs !== undefined
                        ? {
                            key,
                            etag: res.etag,
                            modified: res.lastModified === undefined ? source.mtime : Math.floor(res.lastModified / 1000),
                        }
                        : undefined);
                }
                return moved;
            }
            finally {
                if (open) {
                    // A write still in flight after a failed body must return before its descriptor is closed.
                    await sink?.settled();
                    await tail?.drop();
                    external_node_fs_default().closeSync(fd);
                }
            }
        }
        catch (err) {
            await (0,fastfs/* unlink */.y1)(fp(tmp)).catch(() => { });
            temps.delete(tmp);
            throw err;
        }
    }
}
/**
 * Gives a verified temp file its owner, mode and mtime and renames it into place, with synchronous
 * calls on its descriptor (which it closes). Deliberately synchronous: each call takes microseconds,
 * while each async fs call is a hand-off to libuv's thread pool that, with client and server sharing two
 * cores, cost more CPU than a small file's whole request (measured: 2,000 files of 1-8 KiB, 8.5 s of
 * client CPU all async, 6.7 s this way). Returns the file's stat after the rename (its ctime is the
 * rename's), for the MD5 cache.
 */
function commitFile(fd, tmp, target, mode, mtimeSec, owner, onOwnerError) {
    try {
        if (owner) {
            try {
                // Owner before mode: chown clears the setuid and setgid bits that chmod sets.
                external_node_fs_default().fchownSync(fd, owner.uid ?? -1, owner.gid ?? -1);
            }
            catch (err) {
                onOwnerError(err);
            }
        }
        external_node_fs_default().fchmodSync(fd, mode);
        external_node_fs_default().futimesSync(fd, Date.now() / 1000, mtimeSec);
    }
    finally {
        external_node_fs_default().closeSync(fd);
    }
    external_node_fs_default().renameSync(tmp, target);
    return external_node_fs_default().lstatSync(target);
}
/** Bodies at least this large are hashed on the hashing thread (TailHasher). */
const TAIL_HASH_MIN = limits/* MIB */.D6;
/** 0666 less the umask, as a freshly created file would get. */
function defaultFileMode() {
    const mask = process.umask();
    return 0o666 & ~mask;
}

;// CONCATENATED MODULE: ./src/core/sync.ts
// One sync, as data flowing through stages: list both sides → pair → examine (hash, read metadata where
// needed) → plan → execute → report. It never prints and never exits; front ends render what it
// reports and returns (through run.ts).


















function directionOf(source, destination) {
    if (source.kind === 'local') {
        if (destination.kind === 'local')
            throw new errors/* UsageError */.eb('both SOURCE and DESTINATION are local paths; one must be bucket:prefix');
        return 'upload';
    }
    return destination.kind === 'local' ? 'download' : 'copy';
}
async function sync(options, deps, events = {}) {
    const started = Date.now();
    const { source, destination } = options;
    const direction = directionOf(source, destination);
    const { store, signal } = deps;
    // Stops in-flight work on an interrupt, or on a fatal error (execute.ts aborts it then).
    const stop = new AbortController();
    if (signal) {
        if (signal.aborted)
            stop.abort(signal.reason);
        else
            signal.addEventListener('abort', () => stop.abort(signal.reason), { once: true });
    }
    // Every in-flight request listens on this one signal (threads × multipart parts); past 10 listeners
    // Node prints a MaxListenersExceededWarning on stderr, which is noise, not a leak.
    (0,external_node_events_.setMaxListeners)(0, stop.signal);
    const names = (0,core_names/* nameCodec */.G8)(options.nativeCharset);
    const { src, dst } = await listSides(options, store, stop.signal, events);
    const localRoot = source.kind === 'local' ? source : destination.kind === 'local' ? destination : undefined;
    const cache = localRoot && options.md5CacheDir
        ? await md5cache/* Md5Cache */.$W.open(options.md5CacheDir, localRoot.root, options.partSize)
        : md5cache/* Md5Cache */.$W.disabled();
    const { plan, unreadable } = await examineAndPlan(options, direction, src, dst, {
        store,
        cache,
        signal: stop.signal,
        events,
        names,
    });
    // Problems of the side we read from are entries we could not sync; those of an S3 destination are
    // only worth a warning (we never write them).
    const problems = [...src.problems, ...unreadable, ...plan.skipped];
    if (destination.kind === 'local')
        problems.push(...dst.problems);
    else
        for (const p of dst.problems)
            events.onWarning?.(`destination key ${p.path}: ${p.message}`);
    events.onPlan?.(plan);
    const report = (results) => {
        const interrupted = signal?.aborted ?? false;
        const totals = totalsOf(plan, results, problems.length, options.dryrun);
        return {
            source: options.sourceDisplay,
            destination: options.destinationDisplay,
            locations: { source, destination },
            direction,
            dryrun: options.dryrun,
            plan,
            results,
            problems,
            totals,
            durationMs: Date.now() - started,
            ok: totals.failed === 0 &&
                totals.skipped === 0 &&
                totals.interrupted === 0 &&
                !plan.deleteRefused &&
                !interrupted,
            interrupted: interrupted || undefined,
            notDescended: src.notDescendedPaths?.size,
            shard: options.shard ? (0,core_shard/* formatShard */._D)(options.shard) : undefined,
        };
    };
    // The one dry-run gate: nothing below this line runs in a dry run.
    if (options.dryrun)
        return report([]);
    if (destination.kind === 'local')
        await removeStaleTemps(destination, dst.staleTemps ?? [], names, events);
    const onStored = cache.enabled
        ? (path, stamp, md5, mp, remote) => cache.remember(path, stamp, md5, mp, remote)
        : undefined;
    if (plan.actions.length > 0)
        await (0,core_headers/* loadContentTypes */.xn)();
    const transport = transportFor(direction, options, store, stop.signal, events, onStored);
    try {
        const { results, fatal } = await executePlan(plan, transport, {
            threads: options.threads,
            direction,
            signal,
            stop,
            events,
            describe: (err) => (0,errors/* oneLine */.TN)((0,s3errors/* describeS3Error */.y)(err, {
                bucket: destination.kind === 's3' ? destination.bucket : source.kind === 's3' ? source.bucket : '',
                endpoint: store.endpointLabel,
            })),
        });
        if (fatal)
            throw fatal;
        if (!signal?.aborted)
            await transport.finish?.();
        if (plan.sweepDirs && destination.kind === 'local' && results.every((r) => r.status === 'done'))
            await sweepDirs(destination, plan.sweepDirs, names);
        if (localRoot)
            await saveCache(cache, direction === 'upload' ? src : dst, results, events);
        return report(results);
    }
    finally {
        await transport.cleanup?.();
    }
}
/**
 * Pairs, examines and plans. A function of its own so that the pairs (one object per path) are garbage
 * once the plan is made: kept in sync()'s frame they lived through the whole transfer phase.
 */
async function examineAndPlan(options, direction, src, dst, ctx) {
    const { source, destination } = options;
    const owns = options.shard ? shardOwner(options.shard) : undefined;
    const pairing = pairSides(options, direction, src, dst);
    const by = comparedBy(options);
    ctx.events.onPhase?.('comparing');
    const examined = await examinePairs(pairing.pairs, {
        direction,
        by,
        posixMetadata: options.posixMetadata,
        restoreOwner: options.restoreOwner,
        threads: options.threads,
        partSize: options.partSize,
        source,
        destination,
        store: ctx.store,
        cache: ctx.cache,
        codec: ctx.names,
        signal: ctx.signal,
        owns,
    });
    ctx.events.onDebug?.(`compare: ${examined.hashed} local files hashed, ${examined.reused} MD5s from the cache, ${examined.heads} objects' headers read`);
    const plan = planSync({ ...pairing, pairs: examined.pairs }, planOptionsFor(options, direction, pairing, src, dst, { owns, unreadable: examined.unreadable.length }));
    return { plan, unreadable: examined.unreadable };
}
/** Pairs the two listings as a sync does (shared with `paras3 plan --shards`). */
function pairSides(options, direction, src, dst) {
    const { source } = options;
    return pairListings(src, dst, {
        direction,
        sourcePrefix: source.kind === 's3' ? source.prefix : undefined,
    });
}
function comparedBy(options) {
    return options.sizeOnly ? 'size' : options.md5 ? 'md5' : 'time';
}
/**
 * What the planner (and so its delete guards) is told about a sync of these listings: shared by sync()
 * and `paras3 plan --shards`, so the plan's delete counts are the ones a run would make. `unreadable`:
 * source files the examine stage could not read (they make that side's listing incomplete).
 */
function planOptionsFor(options, direction, pairing, src, dst, extra = {}) {
    const { source, destination } = options;
    const sourceIsLocal = source.kind === 'local';
    const unreadable = (extra.unreadable ?? 0) > 0;
    return {
        direction,
        by: comparedBy(options),
        source,
        destination,
        delete: options.delete,
        maxDelete: options.maxDelete,
        makeDirs: options.makeDirs,
        posixMetadata: options.posixMetadata,
        restoreOwner: options.restoreOwner,
        dirNodes: options.dirNodes,
        destRootPresent: destination.kind === 'local' ? dst.exists : (dst.rootNode ?? false),
        owns: extra.owns,
        listings: {
            sourceIncomplete: src.incomplete || (sourceIsLocal && unreadable),
            destIncomplete: dst.incomplete || (!sourceIsLocal && unreadable),
            // Files that can actually be synced: a source whose only files are refused (unsafe names,
            // conflicts) is as empty as one without files.
            sourceFiles: count(pairing.pairs, (p) => p.kind !== 'dest-only' && p.source.kind !== 'dir'),
            destFiles: count(dst.entries, (e) => e.kind !== 'dir'),
            destHoldsExcluded: dst.holdsExcluded,
            sourceNotDescended: src.notDescendedPaths,
            destNotDescended: dst.notDescendedPaths,
        },
    };
}
function count(items, pred) {
    let n = 0;
    for (const t of items)
        if (pred(t))
            n++;
    return n;
}
function transportFor(direction, o, store, signal, events, onStored) {
    const headers = objectHeaders((0,core_headers/* headerLookup */.uD)(o.cacheControl, o.mimeTypes), o);
    const common = {
        store,
        partSize: o.partSize,
        verifyRetries: o.verifyRetries,
        signal,
        onWarning: events.onWarning,
    };
    const { source, destination } = o;
    if (source.kind === 'local' && destination.kind === 's3') {
        return uploadTransport({
            ...common,
            source,
            destination,
            headers,
            multipartThreshold: o.multipartThreshold,
            names: (0,core_names/* nameCodec */.G8)(o.nativeCharset),
            onStored,
        });
    }
    if (source.kind === 's3' && destination.kind === 'local') {
        return downloadTransport({
            ...common,
            source,
            destination,
            restoreOwner: o.restoreOwner,
            posixMetadata: o.posixMetadata,
            names: (0,core_names/* nameCodec */.G8)(o.nativeCharset),
            onStored,
            sharded: o.shard !== undefined,
        });
    }
    if (source.kind === 's3' && destination.kind === 's3') {
        const rules = o.cacheControl.length > 0 || o.expires !== undefined;
        const lookup = (0,core_headers/* headerLookup */.uD)(o.cacheControl, o.mimeTypes);
        return copyTransport({
            ...common,
            source,
            destination,
            headers: rules
                ? (path) => ({
                    cacheControl: lookup(path).cacheControl,
                    expires: o.expires ? new Date(o.expires) : undefined,
                })
                : undefined,
            extra: {
                acl: o.publicRead ? 'public-read' : undefined,
                storageClass: o.storageClass,
                sse: o.sse,
                sseKmsKeyId: o.sseKmsKeyId,
            },
        });
    }
    throw new errors/* UsageError */.eb(`cannot sync ${direction}`);
}
/** Temp files of killed runs in the destination: removed, and said so at debug level. */
async function removeStaleTemps(dest, temps, names, events) {
    for (const rel of temps) {
        const path = localTextPath(dest, rel);
        await (0,fastfs/* unlink */.y1)((0,core_names/* fsPathUnder */.d_)(dest.root, path, names)).then(() => events.onDebug?.(`removed ${rel}, a temp file left by an interrupted run`), () => { });
    }
}
/** Keeps what is known of the local files that exist after this run; a cache that cannot be written is a warning. */
async function saveCache(cache, local, results, events) {
    if (!cache.enabled)
        return;
    await cache
        .save(filesAfter(local, results), filesDeleted(results))
        .catch((err) => events.onWarning?.(`cannot write the MD5 cache: ${(0,errors/* oneLine */.TN)(err)}`));
}
/** The local files listed or downloaded (those deleted are given apart, see filesDeleted). */
function* filesAfter(local, results) {
    for (const e of local.entries)
        if (e.kind !== 'dir')
            yield e.path;
    for (const r of results)
        if (r.status === 'done' && r.action.op === 'download')
            yield r.action.path;
}
function* filesDeleted(results) {
    for (const r of results)
        if (r.status === 'done' && r.action.op === 'delete' && r.action.dest.kind !== 'dir')
            yield r.action.path;
}
function totalsOf(plan, results, problems, dryrun) {
    const t = {
        created: 0,
        updated: 0,
        deleted: 0,
        unchanged: plan.unchanged,
        metadata: 0,
        dirsCreated: 0,
        dirsDeleted: 0,
        dirsUnchanged: plan.unchangedDirs,
        failed: 0,
        skipped: problems,
        interrupted: 0,
        bytes: 0,
    };
    // A dry run counts what would happen; a real run counts what did (without an array of a million
    // finished actions made for the count).
    const counted = (a) => {
        if (a.op === 'mkdir')
            t.dirsCreated++;
        else if (a.op === 'delete')
            a.dest.kind === 'dir' ? t.dirsDeleted++ : t.deleted++;
        else if (a.op === 'metadata')
            t.metadata++;
        else if (a.dest)
            t.updated++;
        else
            t.created++;
        if (dryrun && (a.op === 'upload' || a.op === 'download' || a.op === 'copy'))
            t.bytes += a.size;
    };
    if (dryrun)
        for (const a of plan.actions)
            counted(a);
    else
        for (const r of results)
            if (r.status === 'done')
                counted(r.action);
    for (const r of results) {
        if (r.status === 'failed')
            t.failed++;
        if (r.status === 'skipped')
            t.skipped++;
        if (r.status === 'interrupted')
            t.interrupted++;
        t.bytes += r.bytes;
    }
    return t;
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
var external_node_v8_default = /*#__PURE__*/__webpack_require__.n(external_node_v8_);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/run/heap-governor.ts
// Keeps a large run's heap near what it holds alive. V8 sizes the old generation by how cheap a
// collection looks, not by memory: with a sync's mutator utilisation (0.99 and more) it lets the heap
// grow to four times what the last full collection left before it collects again. Measured on a
// 100,000-file download: after the listing, 85 MB were alive, and the old generation grew to 210 MB of
// mostly garbage with no full collection at all (peak RSS 345 MB). A sync knows better when garbage
// has piled up: once the plan is made, what listing and planning allocated is dead, and every finished
// transfer leaves its requests behind. So, in a run with many transfers, one full collection when they
// start, and another whenever the heap has grown by a quarter (at most 64 MiB, plus 16 MiB) of what the
// last one kept.
// A forced collection is atomic (about 1 ms per MB alive, measured: 80 ms at 100,000 files), which is why
// small runs never pay for one. Not in src/core: the engine knows nothing of the process it runs in.


/** Transfers from which a run is governed: below this the heap is mostly Node's and the code's own. */
const GOVERNED_FROM = 10_000;
/** Finished actions between two looks at the heap (a look costs about a microsecond). */
const LOOK_EVERY = 256;
const SLACK_BYTES = 16 * 1024 * 1024;
const GROWTH = 1.25;
/**
 * The most a quarter may be: in a million-file run, whose heap keeps 600 MB alive, a quarter let the
 * peak pass 960 MiB. A collection there costs about 0.6 s, a few more of them about 1 % of the run.
 */
const MAX_GROWTH_BYTES = 64 * 1024 * 1024;
/** `collect` for tests; by default V8's own, made only when a run turns out to need it. */
function heapGovernor(collector) {
    let collect;
    let governed = false;
    let done = 0;
    let limit = 0;
    let collections = 0;
    const collectNow = () => {
        if (!collect)
            return;
        collect();
        collections++;
        const kept = external_node_v8_default().getHeapStatistics().used_heap_size;
        limit = kept + Math.min(kept * (GROWTH - 1), MAX_GROWTH_BYTES) + SLACK_BYTES;
    };
    return {
        transfersStart(files) {
            if (governed || files < GOVERNED_FROM)
                return;
            governed = true;
            collect = collector ?? fullCollector();
            collectNow();
        },
        actionDone() {
            if (!governed || ++done % LOOK_EVERY !== 0)
                return;
            if (external_node_v8_default().getHeapStatistics().used_heap_size > limit)
                collectNow();
        },
        get collections() {
            return collections;
        },
    };
}
/**
 * V8's full collection as a function, or undefined where it cannot be had. `--expose-gc` set at run
 * time installs `gc` in contexts made afterwards (not in this one, so no global changes), and is
 * switched off again at once unless the process was started with it.
 */
function fullCollector() {
    const own = globalThis.gc;
    if (typeof own === 'function')
        return own;
    try {
        external_node_v8_default().setFlagsFromString('--expose-gc');
        const gc = (0,external_node_vm_.runInNewContext)('gc');
        return typeof gc === 'function' ? gc : undefined;
    }
    catch {
        return undefined;
    }
    finally {
        external_node_v8_default().setFlagsFromString('--no-expose-gc');
    }
}

;// CONCATENATED MODULE: ./src/run/run-sync.ts






/** After the first signal the run must end within this long, cleaned up or not (issue: no run that never ends). */
const INTERRUPT_GRACE_MS = 4500;
async function runSync(req, reporter) {
    const controller = new AbortController();
    let watchdog;
    // First SIGINT/SIGTERM: stop starting work, cancel what is in flight, abort multipart uploads and
    // remove temp files, then report and exit 130. A second one, or a clean-up that overruns, quits at once.
    const onSignal = () => {
        if (!controller.signal.aborted) {
            reporter.interrupting?.();
            controller.abort();
            watchdog = setTimeout(() => reporter.exitNow?.(130, 'cleanup-timeout'), INTERRUPT_GRACE_MS);
            watchdog.unref();
            return;
        }
        reporter.exitNow?.(130, 'second-signal');
    };
    req.signals.on('SIGINT', onSignal);
    req.signals.on('SIGTERM', onSignal);
    let store;
    try {
        const config = resolveRun(req, reporter.settings);
        store = await (0,factory/* createObjectStore */.hB)(config.client);
        reporter.start?.(config.options);
        const heap = heapGovernor();
        const report = await sync(config.options, { store, signal: controller.signal }, governed(reporter, heap));
        if (store.describeUse)
            reporter.onDebug?.(store.describeUse());
        if (heap.collections > 0)
            reporter.onDebug?.(`heap: ${heap.collections} full collections asked for`);
        await reporter.finish(report);
        return { exitCode: report.interrupted ? 130 : report.ok ? 0 : 1, report, client: config.client };
    }
    catch (err) {
        const interrupted = controller.signal.aborted;
        await reporter.fail(err, interrupted);
        return { exitCode: interrupted ? 130 : (0,errors/* exitCodeFor */.Rr)(err) };
    }
    finally {
        clearTimeout(watchdog);
        req.signals.off('SIGINT', onSignal);
        req.signals.off('SIGTERM', onSignal);
        // Keep-alive sockets would otherwise hold the process open.
        store?.destroy();
    }
}
/** The reporter, with the heap governor told when transfers start and as each action finishes. */
function governed(reporter, heap) {
    return {
        ...reporter,
        onPhase(phase, totals) {
            if (phase === 'transferring' && totals)
                heap.transfersStart(totals.files);
            reporter.onPhase?.(phase, totals);
        },
        onAction(result) {
            heap.actionDone();
            reporter.onAction?.(result);
        },
    };
}
/** Settings (flags, env, files) → the validated config of a run, shown to `onSettings` as resolved. */
function resolveRun(req, onSettings) {
    const debugLines = [];
    const settings = (0,sources/* loadSettings */.M)({
        flags: req.settingFlags,
        flagNames: req.flagNames,
        env: req.env,
        onDebug: (m) => debugLines.push(m),
    });
    onSettings?.(settings, debugLines);
    return (0,options/* resolveConfig */.pE)(req.request, settings, { cwd: req.cwd });
}

// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
// EXTERNAL MODULE: ./src/cli/args.ts + 1 modules
var cli_args = __webpack_require__(2696);
// EXTERNAL MODULE: ./src/render/format.ts
var format = __webpack_require__(1509);
;// CONCATENATED MODULE: ./src/core/shard-plan.ts
// `paras3 plan --shards N`: list once and cut the hash space into N ranges of about equal
// work, printed as a GitHub Actions matrix. Pure except for planShards, which lists.




/**
 * What one entry costs beside its bytes: a request, a listing line, a file opened. 64 KiB is about what
 * one request's round trip would move at the rates we measure, so a million empty files and a few large
 * ones both spread evenly.
 */
const ENTRY_WEIGHT = 64 * 1024;
function allocate(size) {
    return {
        hashes: new Uint32Array(size),
        weights: new Float64Array(size),
        sizes: new Float64Array(size),
        kinds: new Uint8Array(size),
        n: 0,
    };
}
/**
 * Every source entry the sync could act on weighs its bytes plus ENTRY_WEIGHT. What actually needs a
 * transfer is not known without hashing, which is the shards' work, so a source file counts whole. The
 * listing can be dropped afterwards: only numbers are kept.
 */
function weighSource(src) {
    const w = allocate(src.length);
    for (const e of src) {
        const file = e.kind !== 'dir';
        w.hashes[w.n] = (0,core_shard/* shardHash */.Xy)(e.path);
        w.sizes[w.n] = file ? e.size : 0;
        w.weights[w.n] = w.sizes[w.n] + ENTRY_WEIGHT;
        w.kinds[w.n++] = file ? 1 : 0;
    }
    return w;
}
/** Each path the sync would delete (planned as the sync plans it, see planShards) weighs ENTRY_WEIGHT. */
function weighDeletes(w, deletes) {
    if (deletes.length === 0)
        return w;
    const out = allocate(w.n + deletes.length);
    out.hashes.set(w.hashes.subarray(0, w.n));
    out.weights.set(w.weights.subarray(0, w.n));
    out.sizes.set(w.sizes.subarray(0, w.n));
    out.kinds.set(w.kinds.subarray(0, w.n));
    out.n = w.n;
    for (const path of deletes) {
        out.hashes[out.n] = (0,core_shard/* shardHash */.Xy)(path);
        out.weights[out.n] = ENTRY_WEIGHT;
        out.kinds[out.n++] = 2;
    }
    return out;
}
/** Cuts the hash space where the weight balances, and counts what each shard holds. */
function cutMatrix(w, count) {
    const ranges = (0,core_shard/* balancedRanges */.Np)(w.hashes.subarray(0, w.n), w.weights.subarray(0, w.n), count);
    const include = ranges.map((r, k) => ({
        shard: `${k + 1}/${count}`,
        range: (0,core_shard/* formatRange */.Lu)(r),
        files: 0,
        bytes: 0,
        deletes: 0,
    }));
    for (let i = 0; i < w.n; i++) {
        const e = include[rangeOf(ranges, w.hashes[i])];
        if (w.kinds[i] === 1) {
            e.files++;
            e.bytes += w.sizes[i];
        }
        else if (w.kinds[i] === 2)
            e.deletes++;
    }
    return { include };
}
/** The matrix of a source listing and the paths the sync would delete. */
function shardMatrix(src, deletes, count) {
    return cutMatrix(weighDeletes(weighSource(src), deletes), count);
}
/** The index of the range holding h (ranges are sorted and cover the space). */
function rangeOf(ranges, h) {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (h > ranges[mid].hi)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
/**
 * Lists as the sync would (same filters) and plans the matrix. Without --delete only the source is
 * listed: its entries are all the matrix weighs. With --delete the deletes are the ones a run would make:
 * both sides are listed, paired and planned as the sync does (without comparing, which deletes do not
 * depend on), so the delete guards (an incomplete listing, skipped source entries, --max-delete, an
 * empty source) refuse here as they would there; a refusal is a warning and no shard counts a delete.
 * That holds both listings and the pairs at once, as a run does.
 */
async function planShards(options, deps, count, events = {}) {
    const direction = directionOf(options.source, options.destination); // both local: the one usage error
    const signal = deps.signal ?? new AbortController().signal;
    if (!options.delete) {
        events.onPhase?.('listing');
        const src = await listSide(options, 'source', deps.store, signal, events);
        assertSourceExists(options, src);
        return cutMatrix(weighSource(src.entries), count);
    }
    const { src, dst } = await listSides(options, deps.store, signal, events);
    const pairing = pairSides(options, direction, src, dst);
    // By size: a comparison by MD5 needs the hashes a shard computes, and no delete depends on it.
    const plan = planSync(pairing, { ...planOptionsFor(options, direction, pairing, src, dst), by: 'size' });
    if (plan.deleteRefused)
        events.onWarning?.(`deletes refused: ${plan.deleteRefused}`);
    const deletes = plan.actions.flatMap((a) => (a.op === 'delete' ? [a.path] : []));
    return shardMatrix(src.entries, deletes, count);
}

;// CONCATENATED MODULE: ./src/run/run-plan.ts
// `paras3 plan --shards N` and the action's `shards` input: settings → object store → list both sides →
// the matrix. Read-only: nothing is written, so an interrupt may simply end the process.



async function runPlan(req, shards, events = {}) {
    const config = resolveRun(req, events.settings);
    const store = await (0,factory/* createObjectStore */.hB)(config.client);
    try {
        return await planShards(config.options, { store }, shards, events);
    }
    finally {
        // Keep-alive sockets would otherwise hold the process open.
        store.destroy();
    }
}

;// CONCATENATED MODULE: ./src/cli/plan.ts
// `paras3 plan --shards N [--json] SOURCE DEST`: the matrix of a sharded sync, as one line of JSON (for
// `$GITHUB_OUTPUT`) or as a table for people.



async function planCommand(args, shards, io) {
    try {
        const matrix = await runPlan({
            request: args.request,
            settingFlags: args.settingFlags,
            flagNames: args.settingFlagNames,
            env: io.env,
            cwd: io.cwd,
        }, shards, { onWarning: (m) => io.stderr.write(`paras3: warning: ${m}\n`) });
        if (args.json)
            io.stdout.write(`${JSON.stringify(matrix)}\n`);
        else {
            for (const e of matrix.include) {
                const deletes = e.deletes > 0 ? `, ${e.deletes} to delete` : '';
                io.stdout.write(`--shard ${e.shard}@${e.range}  ${e.files} file${e.files === 1 ? '' : 's'}, ${(0,format/* formatBytes */.z3)(e.bytes)}${deletes}\n`);
            }
        }
        return 0;
    }
    catch (err) {
        io.stderr.write(`paras3: ${(0,errors/* oneLine */.TN)(err)}\n`);
        if (args.debug && err instanceof Error && err.stack)
            io.stderr.write(`${err.stack}\n`);
        return (0,errors/* exitCodeFor */.Rr)(err);
    }
}

;// CONCATENATED MODULE: ./src/cli/json.ts
// The --json document, schema 1 (docs: README "JSON output"; JSON Schema: schema/report.schema.json).
// One object on stdout, also when the run fails before it has a report (then `error` is set), so a
// script never reads an empty stdout.





const JSON_SCHEMA_VERSION = 1;
function jsonReport(r) {
    const results = new Map(r.results.map((x) => [x.action, x]));
    const t = r.totals;
    return {
        schema: JSON_SCHEMA_VERSION,
        version: version/* VERSION */.x,
        source: r.source,
        destination: r.destination,
        direction: r.direction,
        dryrun: r.dryrun,
        ok: r.ok,
        interrupted: r.interrupted ?? false,
        durationMs: r.durationMs,
        totals: {
            files: {
                created: t.created,
                updated: t.updated,
                metadata: t.metadata,
                deleted: t.deleted,
                unchanged: t.unchanged,
            },
            directories: { created: t.dirsCreated, deleted: t.dirsDeleted, unchanged: t.dirsUnchanged },
            failed: t.failed,
            skipped: t.skipped,
            notRun: t.interrupted,
            bytes: t.bytes,
        },
        deleteRefused: r.plan.deleteRefused ?? null,
        notDescended: r.notDescended ?? 0,
        ...(r.shard ? { shard: r.shard } : {}),
        actions: r.plan.actions.map((a) => {
            const res = results.get(a);
            return {
                op: a.op,
                change: (0,format/* changeKind */.P0)(a),
                path: a.path,
                kind: a.op === 'mkdir' ? 'dir' : a.op === 'delete' ? a.dest.kind : a.source.kind,
                size: a.op === 'mkdir' ? 0 : a.size,
                reason: (0,format/* reasonCode */.g3)(a) ?? null,
                reasonText: (0,format/* reasonText */.uV)(a) ?? null,
                status: res?.status ?? (r.dryrun ? 'planned' : 'not-run'),
                error: res?.error ?? null,
                ...where(a, r.locations.source, r.locations.destination),
            };
        }),
        problems: r.problems,
        error: null,
    };
}
/** The JSON document of a run that ended without a report. */
function jsonError(err, interrupted) {
    return {
        schema: JSON_SCHEMA_VERSION,
        version: version/* VERSION */.x,
        ok: false,
        interrupted,
        error: {
            message: interrupted ? 'interrupted' : (0,errors/* oneLine */.TN)(err),
            exitCode: interrupted ? 130 : (0,errors/* exitCodeFor */.Rr)(err),
        },
    };
}
/** The S3 key and the local path an action concerns (the source's for a transfer's other side). */
function where(a, source, destination) {
    // The source side of the action: its entry, or for an implied directory (a mkdir without one) its path.
    const src = a.op === 'delete' ? undefined : a.source;
    const srcPlace = (loc) => {
        if (a.op === 'delete')
            return null;
        if (loc.kind === 's3')
            return src ? keyOf(loc.prefix, src) : a.path === '' ? loc.prefix : `${loc.prefix}${a.path}/`;
        return localTextPath(loc, src ? (0,types/* nameOf */.Vb)(src) : a.path);
    };
    if (destination.kind === 's3') {
        if (source.kind === 's3')
            return { key: a.target, sourceKey: srcPlace(source) ?? undefined, localPath: null };
        return { key: a.target, localPath: srcPlace(source) };
    }
    return { key: srcPlace(source), localPath: a.target };
}

;// CONCATENATED MODULE: ./src/cli/reporter.ts
// The terminal's view of a run: per-action lines on stdout (or one JSON document), warnings and errors
// on stderr, a progress bar on a terminal. Every line goes through render/format.ts, which escapes
// control characters.



function terminalReporter(args, io, out, err, status) {
    const text = !args.json;
    const quiet = args.quiet;
    // Lines go above the status line (when there is one): status-line.ts clears and redraws it.
    const warn = (line) => err.line((0,format/* printable */.g$)(line));
    let dryrun = false;
    return {
        settings(_settings, debugLines) {
            if (args.debug)
                for (const l of debugLines)
                    err.line(`debug: ${(0,format/* printable */.g$)(l)}`);
        },
        start(options) {
            dryrun = options.dryrun;
            if (text && !quiet)
                out.line(`${dryrun ? 'dry run: ' : ''}${(0,format/* shardLabel */.$_)(options)}${(0,format/* printable */.g$)(options.sourceDisplay)} → ${(0,format/* printable */.g$)(options.destinationDisplay)}`);
        },
        onPlan(plan) {
            if (text && dryrun && !quiet)
                for (const a of plan.actions)
                    out.line((0,format/* actionLine */.Rs)(a, { reason: true }));
        },
        onAction(r) {
            const what = `${r.action.op} ${(0,format/* displayPath */.Gt)(r.action)}`;
            if (r.status === 'done') {
                if (text && !quiet)
                    out.line((0,format/* actionLine */.Rs)(r.action, { bytes: r.bytes, reason: args.verbose }));
            }
            else if (r.status === 'failed')
                warn(`paras3: failed to ${what}: ${r.error}`);
            else if (r.status === 'skipped')
                warn(`paras3: skipped ${what}: ${r.error}`);
            else if (args.verbose)
                warn(`paras3: not run (interrupted): ${what}`);
        },
        onWarning: (m) => warn(`paras3: warning: ${m}`),
        onPhase: (phase, totals) => status.setPhase(phase, totals && { filesTotal: totals.files, bytesTotal: totals.bytes }),
        onProgress: (p) => status.progress(p),
        onDebug: args.debug ? (m) => err.line(`debug: ${(0,format/* printable */.g$)(m)}`) : undefined,
        interrupting() {
            err.line('paras3: interrupting: finishing cleanup (press Ctrl-C again to quit at once)');
            err.flush();
        },
        finish(report) {
            status.stop();
            for (const p of report.problems)
                warn(`paras3: skipped ${p.path}: ${p.message}`);
            if (report.plan.deleteRefused)
                warn(`paras3: deletes refused: ${report.plan.deleteRefused}`);
            if (text && report.notDescended) {
                const n = report.notDescended;
                out.line(`${n} subdirector${n === 1 ? 'y' : 'ies'} not descended into: without -r only the top level is synced`);
            }
            if (text)
                out.line((0,format/* summaryLine */.dC)(report));
            else
                out.line(JSON.stringify(jsonReport(report), null, 2));
        },
        fail(e, interrupted) {
            status.stop();
            if (interrupted)
                warn('paras3: interrupted');
            else {
                warn(`paras3: ${(0,errors/* oneLine */.TN)(e)}`);
                if (args.debug && e instanceof Error && e.stack)
                    err.line(e.stack);
            }
            if (!text)
                out.line(JSON.stringify(jsonError(e, interrupted), null, 2));
        },
        exitNow(code, why) {
            err.line(why === 'second-signal'
                ? 'paras3: interrupted again: quitting without cleanup'
                : 'paras3: cleanup did not finish in time: quitting (an open multipart upload may remain until a lifecycle rule removes it)');
            status.stop();
            io.exitNow?.(code);
        },
    };
}

;// CONCATENATED MODULE: ./src/cli/progress.ts
// What the status line says: the phase, files and bytes done of their totals, the rate over the last
// few seconds and the time left, fitted to the terminal's width. Pure: status-line.ts decides when and
// where it is drawn.

const BAR_MIN = 10;
const BAR_MAX = 30;
/**
 * One line, at most `width` columns of text (escape codes for colour do not count). Parts are shown
 * by importance: the phase always, then the fraction, the time left, the files, the bytes and the
 * rate; the bar takes what room is left, and goes first when there is too little.
 */
function renderStatus(s, width, color) {
    const fraction = fractionDone(s);
    const eta = etaMs(s);
    // [text, importance]: a lower number is dropped later.
    const parts = [];
    const files = s.filesTotal !== undefined ? `${s.filesDone}/${s.filesTotal} files` : `${s.filesDone} files`;
    if (s.filesTotal !== undefined || s.filesDone > 0)
        parts.push([files, 3]);
    if (s.bytesTotal)
        parts.push([`${(0,format/* formatBytes */.z3)(s.bytesDone)}/${(0,format/* formatBytes */.z3)(s.bytesTotal)}`, 4]);
    if (fraction !== undefined)
        parts.push([`${Math.floor(fraction * 100)}%`, 1]);
    if (s.rate && s.bytesTotal)
        parts.push([`${(0,format/* formatBytes */.z3)(Math.round(s.rate.bytesPerSec))}/s`, 5]);
    else if (s.rate && s.filesTotal)
        parts.push([`${s.rate.filesPerSec.toFixed(0)} files/s`, 5]);
    parts.push([eta !== undefined ? `ETA ${formatClock(eta)}` : formatClock(s.elapsedMs), 2]);
    const label = s.phase;
    const fits = (ps, extra) => label.length + ps.reduce((n, [t]) => n + 1 + t.length, 0) + extra <= width;
    // Drop the least important parts until the rest fits without a bar.
    while (parts.length > 0 && !fits(parts, 0)) {
        const worst = parts.reduce((w, p, i) => (p[1] > parts[w][1] ? i : w), 0);
        parts.splice(worst, 1);
    }
    let bar = '';
    if (fraction !== undefined) {
        const room = width - label.length - parts.reduce((n, [t]) => n + 1 + t.length, 0) - 3;
        const barWidth = Math.min(BAR_MAX, room);
        if (barWidth >= BAR_MIN) {
            const filled = Math.round(fraction * barWidth);
            const done = '#'.repeat(filled);
            const todo = '-'.repeat(barWidth - filled);
            bar = ` [${color && filled > 0 ? `\x1b[32m${done}\x1b[0m` : done}${todo}]`;
        }
    }
    const head = color ? `\x1b[1m${label}\x1b[0m` : label;
    const text = `${head}${bar}${parts.map(([t]) => ` ${t}`).join('')}`;
    // Only the label itself is left and still too long: cut it (a terminal a few columns wide).
    return fits([], 0) ? text : label.slice(0, Math.max(0, width));
}
function fractionDone(s) {
    if (s.bytesTotal)
        return Math.min(1, s.bytesDone / s.bytesTotal);
    if (s.filesTotal)
        return Math.min(1, s.filesDone / s.filesTotal);
    if (s.filesTotal === 0 && s.bytesTotal !== undefined)
        return 1;
    return undefined;
}
/** Time left at the recent rate: by bytes when there are bytes to move, else by files. */
function etaMs(s) {
    if (!s.rate)
        return undefined;
    if (s.bytesTotal && s.rate.bytesPerSec > 0)
        return (Math.max(0, s.bytesTotal - s.bytesDone) / s.rate.bytesPerSec) * 1000;
    if (s.filesTotal && s.rate.filesPerSec > 0)
        return (Math.max(0, s.filesTotal - s.filesDone) / s.rate.filesPerSec) * 1000;
    return undefined;
}
/** `0:07`, `12:34`, `1:02:03`. */
function formatClock(ms) {
    const total = Math.ceil(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const sec = String(total % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
/**
 * The current rate: bytes and files moved over the last `windowMs` (5 s), from samples taken at
 * each redraw. A run-long average would hide a stall and lag behind a speed-up.
 */
class RateWindow {
    windowMs;
    minSpanMs;
    samples = [];
    constructor(windowMs = 5000, 
    /** Less history than this says nothing yet. */
    minSpanMs = 1000) {
        this.windowMs = windowMs;
        this.minSpanMs = minSpanMs;
    }
    sample(t, bytes, files) {
        this.samples.push({ t, bytes, files });
        // Keep one sample at or before the window's start, so the span covers the whole window.
        while (this.samples.length > 2 && this.samples[1].t <= t - this.windowMs)
            this.samples.shift();
    }
    rate() {
        const first = this.samples[0];
        const last = this.samples[this.samples.length - 1];
        if (!first || !last)
            return undefined;
        const span = last.t - first.t;
        if (span < this.minSpanMs)
            return undefined;
        return {
            bytesPerSec: ((last.bytes - first.bytes) * 1000) / span,
            filesPerSec: ((last.files - first.files) * 1000) / span,
        };
    }
    reset() {
        this.samples = [];
    }
}

;// CONCATENATED MODULE: ./src/cli/status-line.ts
// All of the CLI's line output, and the status line at the bottom of the terminal.
//
// Lines are buffered and written once per turn of the event loop (a sync can print 100,000 of them).
// With the bar shown, each write clears the bar, writes the lines and redraws the bar in one write,
// so the lines scroll above a bar that is on screen nearly all the time; a timer redraws it at most
// ten times a second, however many files finish. Without the bar this is a plain line writer.
// A closed pipe (`paras3 … | head -1`) means "stop printing there", never a crash: the sync goes on,
// cleans up and exits as it would have.


const CLEAR = '\r\x1b[K';
const REDRAW_MS = 100;
class StatusLine {
    streams;
    soon;
    pending = [];
    scheduled = false;
    bar;
    stopTimer;
    /** The bar as last rendered, and what of it is on screen now (undefined: nothing). */
    drawn = '';
    onScreen;
    phase;
    totals = {};
    done = { filesDone: 0, bytesDone: 0 };
    phaseStarted = 0;
    rates = new RateWindow();
    /** Streams whose reader has gone: nothing more is written to them. */
    closed = new Set();
    constructor(streams, 
    /** Schedules a flush of buffered lines; tests flush by hand. */
    soon = setImmediate) {
        this.streams = streams;
        this.soon = soon;
        for (const name of ['stdout', 'stderr'])
            streams[name].on?.('error', () => this.close(name));
    }
    /** Shows the bar on stderr from now on (the front end checks that stderr is a terminal). */
    showBar(opts) {
        this.bar = { now: Date.now, every: unrefInterval, ...opts };
        this.phaseStarted = this.bar.now();
        this.stopTimer = this.bar.every(REDRAW_MS, () => this.tick());
    }
    /** A new phase starts: its totals, if known; done counts start from zero. The same phase again only updates totals. */
    setPhase(phase, totals = {}) {
        if (phase !== this.phase) {
            this.phase = phase;
            this.totals = {};
            this.done = { filesDone: 0, bytesDone: 0 };
            this.rates.reset();
            if (this.bar)
                this.phaseStarted = this.bar.now();
        }
        this.totals = { ...this.totals, ...definedOnly(totals) };
        this.tick();
    }
    /** What is done in the current phase (totals too when the caller knows them better by now). */
    progress(p) {
        this.done = { filesDone: p.filesDone, bytesDone: p.bytesDone };
        this.totals = { ...this.totals, ...definedOnly({ filesTotal: p.filesTotal, bytesTotal: p.bytesTotal }) };
    }
    /** One line of output (no newline), written with the next flush. */
    log(stream, line) {
        if (this.closed.has(stream))
            return;
        this.pending.push({ stream, line });
        if (!this.scheduled) {
            this.scheduled = true;
            this.soon(() => this.flush());
        }
    }
    /** A LineWriter-shaped view of one stream, for code that writes lines to "stdout" or "stderr". */
    writer(stream) {
        return { line: (text) => this.log(stream, text), flush: () => this.flush() };
    }
    /** Writes buffered lines now, above the bar if it is shown. */
    flush() {
        this.scheduled = false;
        if (this.pending.length === 0)
            return;
        const lines = this.pending;
        this.pending = [];
        // Consecutive lines for the same stream go out in one write.
        let i = 0;
        while (i < lines.length) {
            const target = this.targetOf(lines[i].stream);
            let j = i;
            while (j < lines.length && this.targetOf(lines[j].stream) === target)
                j++;
            const text = `${lines
                .slice(i, j)
                .map((l) => l.line)
                .join('\n')}\n`;
            if (target === 'stderr' && this.bar && this.phase) {
                // Rendered afresh (cheap): the counts move with every line.
                this.drawn = this.render();
                this.write('stderr', `${CLEAR}${text}${this.drawn}`);
                this.onScreen = this.drawn;
            }
            else if (this.onScreen !== undefined && this.streams.stdout.isTTY) {
                // stdout is a terminal not known to be stderr's: clear the bar around the line all the same.
                this.write('stderr', CLEAR);
                this.write('stdout', text);
                this.write('stderr', this.drawn);
            }
            else
                this.write(target, text);
            i = j;
        }
    }
    /** Removes the bar and stops redrawing; buffered lines are written first. Lines logged later are plain. */
    stop() {
        this.flush();
        this.stopTimer?.();
        this.stopTimer = undefined;
        if (this.onScreen !== undefined)
            this.write('stderr', CLEAR);
        this.onScreen = undefined;
        this.bar = undefined;
    }
    /** The bar's text for the current state (colour codes included). */
    render() {
        if (!this.bar || !this.phase)
            return '';
        const now = this.bar.now();
        // A pseudo-terminal nobody sized (`script` without a terminal) says 0 columns.
        const width = Math.max(1, (this.streams.stderr.columns || 80) - 1);
        return renderStatus({
            phase: this.phase,
            ...this.totals,
            ...this.done,
            elapsedMs: now - this.phaseStarted,
            rate: this.rates.rate(),
        }, width, this.bar.color);
    }
    write(stream, text) {
        if (this.closed.has(stream))
            return;
        try {
            this.streams[stream].write(text);
        }
        catch {
            this.close(stream);
        }
    }
    close(stream) {
        this.closed.add(stream);
        // Without stderr there is no bar to draw (and stdout's lines go to stdout again).
        if (stream === 'stderr') {
            this.stopTimer?.();
            this.stopTimer = undefined;
            this.bar = undefined;
            this.onScreen = undefined;
        }
        this.pending = this.pending.filter((l) => this.targetOf(l.stream) !== stream);
    }
    targetOf(stream) {
        return stream === 'stdout' && !(this.bar?.sameTerminal && this.phase) ? 'stdout' : 'stderr';
    }
    /** A timer tick (or a phase change): sample the rate and redraw if the text changed. */
    tick() {
        if (!this.bar || !this.phase)
            return;
        this.rates.sample(this.bar.now(), this.done.bytesDone, this.done.filesDone);
        this.drawn = this.render();
        // Buffered lines go first, with the new bar after them in the same write.
        this.flush();
        if (this.onScreen === this.drawn)
            return;
        this.write('stderr', `${CLEAR}${this.drawn}`);
        this.onScreen = this.drawn;
    }
}
/**
 * Whether two streams are the same terminal (the usual `paras3 …` in a shell, not `> log`): only
 * then can stdout's lines be written through stderr without changing what goes where.
 */
function sameTerminal(a, b) {
    if (!a.isTTY || !b.isTTY || a.fd === undefined || b.fd === undefined)
        return false;
    try {
        const sa = (0,external_node_fs_.fstatSync)(a.fd);
        const sb = (0,external_node_fs_.fstatSync)(b.fd);
        return sa.rdev === sb.rdev && sa.ino === sb.ino;
    }
    catch {
        return false;
    }
}
function unrefInterval(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
}
function definedOnly(t) {
    const out = {};
    if (t.filesTotal !== undefined)
        out.filesTotal = t.filesTotal;
    if (t.bytesTotal !== undefined)
        out.bytesTotal = t.bytesTotal;
    return out;
}

;// CONCATENATED MODULE: ./src/cli/main.ts
// The paras3 command: argv → runSync with the terminal reporter. Returns the exit status; only
// index.ts exits.







const defaultIO = () => ({
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signals: process,
    exitNow: (code) => process.exit(code),
});
async function main(argv, io = defaultIO()) {
    const status = new StatusLine({ stdout: io.stdout, stderr: io.stderr });
    const out = status.writer('stdout');
    const err = status.writer('stderr');
    let command;
    try {
        command = (0,cli_args/* parseCli */.wE)(argv);
    }
    catch (e) {
        err.line(`paras3: ${(0,errors/* oneLine */.TN)(e)}`);
        err.flush();
        return (0,errors/* exitCodeFor */.Rr)(e);
    }
    if (command.kind === 'help' || command.kind === 'version') {
        out.line(command.kind === 'help' ? cli_args/* USAGE */.u_ : version/* VERSION */.x);
        out.flush();
        return 0;
    }
    if (command.kind === 'plan')
        return planCommand(command.args, command.shards, io);
    const { args } = command;
    if (args.progress && io.stderr.isTTY)
        status.showBar({ color: !io.env.NO_COLOR, sameTerminal: sameTerminal(io.stdout, io.stderr) });
    const reporter = terminalReporter(args, io, out, err, status);
    const run = { ...args, flagNames: args.settingFlagNames, env: io.env, cwd: io.cwd, signals: io.signals };
    const { exitCode } = await runSync(run, reporter);
    status.stop();
    return exitCode;
}


/***/ })

};
