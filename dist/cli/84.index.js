export const id = 84;
export const ids = [84];
export const modules = {

/***/ 1084:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/core/errors.ts
// Error classes that carry who can fix the problem, so front ends can choose the exit status
// without parsing messages: usage and settings → 2, everything else → 1.
/** The command line or the inputs are wrong (bad location, missing source, unknown bucket). */
class UsageError extends Error {
    name = 'UsageError';
}
/** A setting (env var, ini key, flag value) is invalid. */
class ConfigError extends Error {
    name = 'ConfigError';
}
/** The whole run cannot go on (e.g. ACLs disabled on the bucket): stop instead of failing file by file. */
class FatalSyncError extends Error {
    name = 'FatalSyncError';
}
function exitCodeFor(err) {
    return err instanceof UsageError || err instanceof ConfigError ? 2 : 1;
}
/** One line for a person: the message, never a stack. */
function oneLine(err) {
    const text = err instanceof Error ? err.message : String(err);
    return text.split('\n')[0]?.trim() || 'unknown error';
}

// EXTERNAL MODULE: ./node_modules/mime-types/index.js
var mime_types = __webpack_require__(4096);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/core/glob.ts
// Glob matching for --exclude and per-glob headers, with .gitignore's rule for slashes:
// a pattern without '/' matches a name at any depth (`*.log`, `node_modules`), a pattern with '/'
// matches the whole path from the synced root (`assets/**`, `/index.html`), and a trailing '/'
// matches directories only.

function compileGlob(pattern) {
    let glob = pattern.trim();
    const dirOnly = glob.endsWith('/');
    if (dirOnly)
        glob = glob.replace(/\/+$/, '');
    const anchored = glob.includes('/');
    if (glob.startsWith('/'))
        glob = glob.slice(1);
    const isMatch = picomatch_default()(glob, { dot: true, basename: !anchored });
    return (path, isDir) => (!dirOnly || isDir) && isMatch(path);
}
/** True when any pattern matches. Empty list → never. */
function compileGlobs(patterns) {
    const matchers = patterns.filter((p) => p.trim() !== '').map(compileGlob);
    if (matchers.length === 0)
        return () => false;
    return (path, isDir) => matchers.some((m) => m(path, isDir));
}
/**
 * An exclude filter that also excludes everything under an excluded directory, for listings that
 * arrive flat (S3) rather than as a walk that can prune. Results per directory are memoised.
 */
function excludeWithAncestors(match) {
    const dirCache = new Map();
    const dirExcluded = (dir) => {
        let v = dirCache.get(dir);
        if (v === undefined) {
            const slash = dir.lastIndexOf('/');
            v = (slash !== -1 && dirExcluded(dir.slice(0, slash))) || match(dir, true);
            dirCache.set(dir, v);
        }
        return v;
    };
    return (path, isDir) => {
        const slash = path.lastIndexOf('/');
        return ((slash !== -1 && dirExcluded(path.slice(0, slash))) || (isDir ? dirExcluded(path) : match(path, false)));
    };
}

;// CONCATENATED MODULE: ./src/core/headers.ts
// Per-object HTTP headers for uploads: Content-Type from the extension, Cache-Control by glob.


function headerLookup(rules, extraTypes) {
    const compiled = rules.map((r) => ({ match: r.glob ? compileGlob(r.glob) : () => true, value: r.value }));
    return (path) => {
        const dot = path.lastIndexOf('.');
        const ext = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
        const contentType = (ext && extraTypes?.[ext]) ||
            mime_types.contentType(path.slice(path.lastIndexOf('/') + 1)) ||
            'application/octet-stream';
        return { contentType, cacheControl: compiled.find((r) => r.match(path, false))?.value };
    };
}
/**
 * Parses `--cache-control` values: `GLOB=VALUE` applies to matching paths, a plain VALUE to all.
 * A value may itself contain '=' (`max-age=60`), so only a left side that looks like a glob or path
 * (contains one of `*?[{/.`) and no spaces or commas makes the form `GLOB=VALUE`.
 */
function parseHeaderRules(values) {
    return (values
        .map((v) => v.trim())
        .filter((v) => v !== '')
        .map((v) => {
        const eq = v.indexOf('=');
        const left = eq > 0 ? v.slice(0, eq) : '';
        if (left && /[*?[{/.]/.test(left) && !/[\s,]/.test(left))
            return { glob: left, value: v.slice(eq + 1).trim() };
        return { value: v };
    })
        // Specific globs first: a plain value is the fallback whatever order the user gave.
        .sort((a, b) => Number(a.glob === undefined) - Number(b.glob === undefined)));
}

;// CONCATENATED MODULE: ./src/core/location.ts
// Parses SOURCE and DESTINATION and applies the rsync trailing-slash rule once, so that nothing
// downstream thinks about slashes: `dir/` means "its contents", `dir` means "the directory itself".


// Bucket names are 3–63 chars; legacy US buckets allowed capitals and underscores. A single letter
// before ':' is a Windows drive (`C:\x`), never a bucket.
const BUCKET_ARG = /^([A-Za-z0-9][A-Za-z0-9._-]{2,62}):(.*)$/s;
const S3_URL = /^s3:\/\/([^/]+)\/?(.*)$/s;
function parseLocationArg(arg) {
    if (arg === '')
        throw new UsageError('empty location argument');
    const m = S3_URL.exec(arg) ?? BUCKET_ARG.exec(arg);
    if (!m)
        return { kind: 'local', path: arg };
    const bucket = m[1];
    const prefix = m[2];
    if (prefix.startsWith('/'))
        throw new UsageError(`location "${arg}": a key prefix cannot start with "/"`);
    if (prefix.includes('//'))
        throw new UsageError(`location "${arg}": a key prefix cannot contain "//"`);
    if (prefix.includes('\0'))
        throw new UsageError(`location "${arg}": a key prefix cannot contain NUL`);
    if (prefix.split('/').some((seg) => seg === '..' || seg === '.'))
        throw new UsageError(`location "${arg}": a key prefix cannot contain "." or ".." segments`);
    return { kind: 's3', bucket, prefix };
}
/**
 * Resolves both arguments into roots whose contents are synced onto each other.
 * `path` is injectable so Windows paths can be tested with `path.win32` on any platform.
 */
function resolvePair(sourceArg, destArg, opts = {}) {
    const p = opts.path ?? (external_node_path_default());
    const cwd = opts.cwd ?? process.cwd();
    const src = parseLocationArg(sourceArg);
    const dst = parseLocationArg(destArg);
    if (src.kind === dst.kind) {
        throw new UsageError(src.kind === 's3'
            ? 'both SOURCE and DESTINATION are S3 locations; one must be a local path'
            : 'both SOURCE and DESTINATION are local paths; one must be bucket:prefix');
    }
    // "The directory itself": the destination gets the source's last path segment appended.
    let name = '';
    let source;
    if (src.kind === 'local') {
        const contents = endsWithSeparator(src.path, p) || isDotPath(src.path, p);
        const root = p.resolve(cwd, src.path);
        if (!contents)
            name = p.basename(root);
        source = { kind: 'local', root };
    }
    else {
        const contents = src.prefix === '' || src.prefix.endsWith('/');
        if (!contents)
            name = src.prefix.slice(src.prefix.lastIndexOf('/') + 1);
        source = { kind: 's3', bucket: src.bucket, prefix: dirPrefix(src.prefix) };
    }
    let destination;
    if (dst.kind === 'local') {
        const base = p.resolve(cwd, dst.path);
        destination = { kind: 'local', root: name ? p.join(base, name) : base };
    }
    else {
        destination = {
            kind: 's3',
            bucket: dst.bucket,
            prefix: dirPrefix(dst.prefix) + (name ? `${name}/` : ''),
        };
    }
    return {
        source,
        destination,
        direction: source.kind === 'local' ? 'upload' : 'download',
        sourceDisplay: displayLocation(source, p),
        destinationDisplay: displayLocation(destination, p),
    };
}
/** `pre` and `pre/` both mean the directory `pre/`; '' is the bucket root. */
function dirPrefix(prefix) {
    return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}
function displayLocation(loc, p = (external_node_path_default())) {
    if (loc.kind === 's3')
        return `s3://${loc.bucket}/${loc.prefix}`;
    return loc.root.endsWith(p.sep) ? loc.root : loc.root + p.sep;
}
function endsWithSeparator(path, p) {
    return path.endsWith('/') || path.endsWith(p.sep);
}
// `.` and `..` have no meaningful basename to append, so rsync treats them as "contents".
function isDotPath(path, p) {
    const last = path.split(/[\\/]/).pop();
    return last === '.' || last === '..' || (p.sep === '\\' && /^[A-Za-z]:$/.test(path));
}

;// CONCATENATED MODULE: ./src/core/names.ts
// Local file names in another charset than UTF-8 (S3SYNC_NATIVE_CHARSET): keys on S3 are always
// UTF-8 (NFC), local names are the bytes the file system holds. With UTF-8 (the default) nothing here
// runs: paths stay strings. With a single-byte charset (ISO-8859-x, windows-125x, KOI8…), the walker
// reads names as bytes and decodes them, and every file-system call gets the encoded bytes back.

// Node's 'latin1' is ISO-8859-1 exactly (bytes 0x80–0x9f are the C1 controls). The WHATWG decoder
// behind TextDecoder maps the label `iso-8859-1` to windows-1252 instead, so keep the two apart.
const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'iso-ir-100']);
const UTF8 = new Set(['utf-8', 'utf8']);
/**
 * The codec for a charset name, or undefined for UTF-8 (names are used as the strings Node gives).
 * Only charsets with one byte per character are supported: their names map byte for byte both ways.
 */
function nameCodec(charset) {
    const label = charset.trim().toLowerCase();
    if (UTF8.has(label))
        return undefined;
    if (LATIN1.has(label)) {
        return {
            charset: 'iso-8859-1',
            decode: (bytes) => bytes.toString('latin1'),
            encode: (text) => {
                for (const ch of text) {
                    if (ch.codePointAt(0) > 0xff)
                        throw unencodable(ch, 'iso-8859-1');
                }
                return Buffer.from(text, 'latin1');
            },
        };
    }
    let decoder;
    try {
        decoder = new TextDecoder(label, { fatal: false });
    }
    catch {
        throw new ConfigError(`unknown charset ${JSON.stringify(charset)}`);
    }
    // One decoded character per byte value, all distinct: a single-byte charset whose names round-trip.
    const table = [];
    for (let b = 0; b < 256; b++)
        table.push(decoder.decode(Uint8Array.of(b)));
    // Node 20's decoder treats windows-1252 as Latin-1 (0x80 is not €); its 32 differences are fixed.
    if (decoder.encoding === 'windows-1252') {
        CP1252_80_9F.forEach((ch, i) => {
            table[0x80 + i] = ch;
        });
    }
    const reverse = new Map(table.map((ch, b) => [ch, b]));
    if (table.some((ch) => [...ch].length !== 1) || reverse.size !== 256) {
        throw new ConfigError(`charset ${JSON.stringify(charset)} is not supported for file names (use UTF-8 or a single-byte charset such as ISO-8859-1 or windows-1252)`);
    }
    return {
        charset: decoder.encoding,
        decode: (bytes) => {
            let out = '';
            for (const b of bytes)
                out += table[b];
            return out;
        },
        encode: (text) => {
            const out = [];
            for (const ch of text) {
                const b = reverse.get(ch);
                if (b === undefined)
                    throw unencodable(ch, decoder.encoding);
                out.push(b);
            }
            return Buffer.from(out);
        },
    };
}
// windows-1252 bytes 0x80–0x9f; the five it leaves undefined map to the C1 control of the same number,
// as the WHATWG Encoding Standard says, so every byte still has its own character.
const CP1252_80_9F = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'];
function unencodable(ch, charset) {
    const cp = ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
    return new Error(`"${ch}" (U+${cp}) cannot be written as a ${charset} file name`);
}
/**
 * The path on disk for a string path under `root`: unchanged without a codec; otherwise the root's
 * own bytes (it came from the command line, as UTF-8) followed by the encoded rest.
 */
function fsPathUnder(root, full, codec) {
    if (!codec)
        return full;
    if (full === root)
        return full;
    if (!full.startsWith(root))
        return codec.encode(full);
    return Buffer.concat([Buffer.from(root, 'utf8'), codec.encode(full.slice(root.length))]);
}
/** Joins a directory path and a name on disk, either of which may be bytes. */
function joinFsPath(dir, name, sep) {
    if (typeof dir === 'string' && typeof name === 'string') {
        return dir.endsWith(sep) ? dir + name : dir + sep + name;
    }
    const d = typeof dir === 'string' ? Buffer.from(dir, 'utf8') : dir;
    const n = typeof name === 'string' ? Buffer.from(name, 'utf8') : name;
    const s = d.length > 0 && d[d.length - 1] === sep.charCodeAt(0) ? Buffer.alloc(0) : Buffer.from(sep);
    return Buffer.concat([d, s, n]);
}
/** A path for messages: bytes are shown through the codec, lossy characters as U+FFFD. */
function displayFsPath(p, codec) {
    if (typeof p === 'string')
        return p;
    return codec ? codec.decode(p) : p.toString('utf8');
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./node_modules/http-proxy-agent/dist/index.js
var dist = __webpack_require__(8947);
// EXTERNAL MODULE: ./node_modules/https-proxy-agent/dist/index.js + 1 modules
var https_proxy_agent_dist = __webpack_require__(1566);
;// CONCATENATED MODULE: ./src/core/proxy.ts
// Proxy agents for the S3 client: plain HTTP requests go to the proxy with an absolute URL, HTTPS ones
// through a CONNECT tunnel; hosts matching NO_PROXY are reached directly. The proxy URL carries the
// user and password (sent as Proxy-Authorization), so it never leaves this module in any message.





/** Splits a NO_PROXY value (commas or spaces). */
function parseNoProxy(value) {
    return (value ?? '')
        .split(/[\s,]+/)
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== '');
}
/** Whether a request to host:port goes around the proxy, by curl's NO_PROXY rules plus CIDRs. */
function bypassesProxy(host, port, noProxy) {
    const h = host
        .toLowerCase()
        .replace(/^\[|\]$/g, '')
        .replace(/\.$/, '');
    for (const raw of noProxy) {
        if (raw === '*')
            return true;
        const { host: entry, port: entryPort } = splitHostPort(raw);
        if (entryPort !== undefined && port !== undefined && entryPort !== port)
            continue;
        if (entry.includes('/')) {
            if (inCidr(h, entry))
                return true;
            continue;
        }
        const bare = entry.replace(/^\*?\./, '');
        if (h === bare || h.endsWith(`.${bare}`))
            return true;
    }
    return false;
}
/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address (several colons, no port). */
function splitHostPort(entry) {
    const bracket = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
    if (bracket)
        return { host: bracket[1], port: bracket[2] ? Number(bracket[2]) : undefined };
    const m = /^([^:]*):(\d+)$/.exec(entry);
    if (m)
        return { host: m[1], port: Number(m[2]) };
    return { host: entry };
}
function inCidr(host, cidr) {
    const [net, bits] = cidr.split('/');
    const family = (0,external_node_net_.isIP)(net ?? '');
    if (!family || (0,external_node_net_.isIP)(host) !== family)
        return false;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    const list = new external_node_net_.BlockList();
    try {
        list.addSubnet(net, Number(bits), type);
    }
    catch {
        return false;
    }
    return list.check(host, type);
}
/**
 * An agent that sends each request through `proxy`, or through `direct` when its host is in NO_PROXY.
 * It extends the core agent class so the SDK's handler treats it like any other agent.
 */
function routingAgent(base, proxy, direct, noProxy) {
    const agent = new base();
    agent.addRequest = (req, opts) => {
        const port = opts.port === undefined ? undefined : Number(opts.port);
        const via = opts.host && bypassesProxy(opts.host, port, noProxy) ? direct : proxy;
        via.addRequest(req, opts);
    };
    const destroy = agent.destroy.bind(agent);
    agent.destroy = () => {
        proxy.destroy();
        direct.destroy();
        destroy();
    };
    return agent;
}
/** Wraps the direct agents with proxies where configured. */
function proxiedAgents(config, direct, opts) {
    let { httpAgent, httpsAgent } = direct;
    if (config.http) {
        const proxy = new dist/* HttpProxyAgent */.s(config.http, { keepAlive: true, maxSockets: opts.maxSockets });
        httpAgent = routingAgent((external_node_http_default()).Agent, proxy, direct.httpAgent, config.noProxy);
    }
    if (config.https) {
        const proxy = new https_proxy_agent_dist/* HttpsProxyAgent */.b(config.https, { keepAlive: true, maxSockets: opts.maxSockets });
        // The tunnelled TLS connection takes its options from the agent's `options` (merged into each
        // request's by Node); the constructor resets them, so the extra CAs go in afterwards.
        if (opts.ca)
            Object.assign(proxy.options, { ca: opts.ca });
        httpsAgent = routingAgent((external_node_https_default()).Agent, proxy, direct.httpsAgent, config.noProxy);
    }
    return { httpAgent, httpsAgent };
}

;// CONCATENATED MODULE: ./src/config/files.ts
// Settings that name files: extra CA certificates (SSL_CERT_FILE, SSL_CERT_DIR, AWS_CA_BUNDLE) and a
// mime.types file (S3SYNC_MIME_TYPES_FILE). Each is read once, before any request; a file that cannot
// be read, or holds nothing usable, is a ConfigError naming the setting, the value and its origin.



const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
function fail(name, v, problem) {
    throw new ConfigError(`${name}=${JSON.stringify(v.value)} (from ${v.origin}) ${problem}`);
}
function readSetting(name, v, path = v.value) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (err) {
        const code = err.code;
        const what = path === v.value ? '' : ` (${path})`;
        fail(name, v, `cannot be read${what}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? err)}`);
    }
}
/** The PEM certificates in a file; none is an error (a wrong file would otherwise be trusted silently). */
function readCertFile(name, v) {
    const certs = readSetting(name, v).match(PEM_CERT) ?? [];
    if (certs.length === 0)
        fail(name, v, 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    return certs;
}
/**
 * Every PEM certificate in the files of a directory (OpenSSL's hashed `abcd1234.0` links included);
 * files without one are ignored, as OpenSSL does, but a directory without any is an error.
 */
function readCertDir(name, v) {
    let files;
    try {
        files = (0,external_node_fs_.readdirSync)(v.value).sort();
    }
    catch (err) {
        const code = err.code;
        fail(name, v, `cannot be read: ${code === 'ENOENT' ? 'no such directory' : (code ?? err)}`);
    }
    const certs = new Set();
    for (const f of files) {
        const path = external_node_path_default().join(v.value, f);
        try {
            if (!(0,external_node_fs_.statSync)(path).isFile())
                continue;
        }
        catch {
            continue; // a dangling link
        }
        for (const c of readSetting(name, v, path).match(PEM_CERT) ?? [])
            certs.add(c);
    }
    if (certs.size === 0)
        fail(name, v, 'holds no file with a PEM certificate');
    return [...certs];
}
/**
 * An Apache-style mime.types file: `type ext1 ext2 …` per line, `#` comments. Later lines win for an
 * extension listed twice; extensions are matched lower-case, without the dot.
 */
function readMimeTypes(name, v) {
    return parseMimeTypes(readSetting(name, v));
}
function parseMimeTypes(text) {
    const map = {};
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.replace(/#.*/, '').trim();
        if (!line)
            continue;
        const [type, ...exts] = line.split(/\s+/);
        if (!type?.includes('/'))
            continue;
        for (const ext of exts)
            map[ext.replace(/^\./, '').toLowerCase()] = type;
    }
    return map;
}

;// CONCATENATED MODULE: ./src/config/parse.ts
// Validation of single setting values. Each rule throws a ConfigError that names the setting, the
// value and where it came from, before any request is made.

function parseIntSetting(name, v, min, max) {
    return parseRanged(name, v, { min, max, kind: 'a whole number' });
}
function parseNumberSetting(name, v, min, max) {
    return parseRanged(name, v, { min, max, kind: 'a number' });
}
function parseRanged(name, v, r) {
    if (!v)
        return undefined;
    const text = v.value.trim();
    const whole = r.kind === 'a whole number';
    const n = text === '' || (whole && !/^\d+$/.test(text)) ? Number.NaN : Number(text);
    if (!(whole ? Number.isSafeInteger(n) : Number.isFinite(n)) || n < r.min || n > r.max) {
        throw new ConfigError(`${name}=${JSON.stringify(v.value)} (from ${v.origin}) must be ${r.kind} from ${r.min} to ${r.max}`);
    }
    return n;
}
function parseChoice(name, v, choices) {
    if (!v)
        return undefined;
    const up = v.value.trim().toUpperCase();
    if (!choices.includes(up)) {
        throw new ConfigError(`${name}=${JSON.stringify(v.value)} (from ${v.origin}) must be one of ${choices.join(', ')}`);
    }
    return up;
}
function parseUrlSetting(name, v) {
    if (!v)
        return undefined;
    try {
        const url = new URL(v.value.trim());
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
            throw new Error('not http(s)');
        return url;
    }
    catch {
        throw new ConfigError(`${name}=${JSON.stringify(v.value)} (from ${v.origin}) is not an http:// or https:// URL`);
    }
}

;// CONCATENATED MODULE: ./src/config/catalog.ts
// Every setting paras3 reads from an ini file, the environment or a flag, in one table: the ini
// parser rejects names not listed here, `--debug` walks it to show where each value came from, and
// the README table and paras3.ini.sample are checked against it by a test.
const SETTINGS = [
    { name: 'AWS_ACCESS_KEY_ID', meaning: 'access key id', secret: true },
    { name: 'AWS_SECRET_ACCESS_KEY', meaning: 'secret access key', secret: true },
    { name: 'AWS_SESSION_TOKEN', meaning: 'session token of temporary credentials', secret: true },
    { name: 'AWS_PROFILE', meaning: 'profile of ~/.aws/config to take credentials from' },
    { name: 'THREADS', meaning: 'parallel transfers', default: '16' },
    { name: 'PARAS3_MAX_DELETE', meaning: 'refuse all deletes if more than this many would happen' },
    {
        name: 'PARAS3_MD5_CACHE',
        meaning: 'directory of the MD5 cache of unchanged local files, or off',
        default: '$XDG_CACHE_HOME/paras3 (~/.cache/paras3)',
    },
    { name: 'AWS_REGION', meaning: 'region of the bucket (other regions are followed)', default: 'us-east-1' },
    { name: 'AWS_DEFAULT_REGION', meaning: 'region, when AWS_REGION is unset' },
    { name: 'AWS_ENDPOINT_URL', meaning: 'S3-compatible endpoint URL', default: 'AWS S3' },
    { name: 'AWS_S3_HOST', meaning: 'endpoint as host[:port] (http unless --ssl)' },
    {
        name: 'AWS_CALLING_FORMAT',
        meaning: 'REGULAR (path-style), SUBDOMAIN (virtual-hosted) or VANITY (bucket is the host)',
        default: 'SUBDOMAIN; REGULAR for IP/localhost endpoints',
    },
    { name: 'HTTP_PROXY_HOST', meaning: 'proxy host for http and https endpoints' },
    { name: 'HTTP_PROXY_PORT', meaning: 'proxy port', default: '80' },
    { name: 'HTTP_PROXY_USER', meaning: 'proxy user name' },
    { name: 'HTTP_PROXY_PASSWORD', meaning: 'proxy password', secret: true },
    { name: 'HTTPS_PROXY', meaning: 'proxy URL for https endpoints (also https_proxy)', url: true },
    { name: 'HTTP_PROXY', meaning: 'proxy URL for http endpoints (also http_proxy)', url: true },
    { name: 'NO_PROXY', meaning: 'hosts reached without the proxy (also no_proxy)' },
    { name: 'SSL_CERT_FILE', meaning: 'PEM bundle of extra trusted CA certificates' },
    { name: 'SSL_CERT_DIR', meaning: 'directory of PEM files of extra trusted CA certificates' },
    { name: 'AWS_CA_BUNDLE', meaning: 'PEM bundle of extra trusted CA certificates' },
    { name: 'S3SYNC_RETRIES', meaning: 'attempts per request before giving up', default: '5' },
    {
        name: 'S3SYNC_WAITONERROR',
        meaning: 'seconds between attempts',
        default: 'exponential backoff with jitter',
    },
    { name: 'S3SYNC_MIME_TYPES_FILE', meaning: 'mime.types file whose mappings override the built-in ones' },
    { name: 'S3SYNC_NATIVE_CHARSET', meaning: 'charset of local file names', default: 'UTF-8' },
];
const SETTING_NAMES = new Set(SETTINGS.map((s) => s.name));
/** How `--debug` shows a value: secrets as `****`, a URL's password as `****`. */
function displayValue(name, value) {
    const info = SETTINGS.find((s) => s.name === name);
    if (info?.secret)
        return '****';
    if (info?.url)
        return maskUrlPassword(value);
    return value;
}
function maskUrlPassword(value) {
    return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@/\s]*@/i, '$1****@');
}

;// CONCATENATED MODULE: ./src/config/transport.ts
// Settings of the connection itself: which proxy (the original's HTTP_PROXY_* or the standard
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY) and which extra CA certificates to trust.





/**
 * The proxies to use, or undefined for none. HTTP_PROXY_HOST (with _PORT, default 80) serves http and
 * https endpoints alike and wins over the standard variables; HTTP_PROXY_USER / _PASSWORD also apply to
 * a standard proxy URL that carries no credentials of its own.
 */
function proxyConfig(settings) {
    const host = settings.get('HTTP_PROXY_HOST');
    const portSetting = settings.get('HTTP_PROXY_PORT');
    const port = parseIntSetting('HTTP_PROXY_PORT', portSetting, 1, 65535);
    const user = settings.get('HTTP_PROXY_USER');
    const password = settings.get('HTTP_PROXY_PASSWORD');
    const withAuth = (url) => {
        if (user && !url.username) {
            url.username = user.value;
            if (password)
                url.password = password.value;
        }
        return url.href.replace(/\/$/, '');
    };
    let http;
    let https;
    if (host) {
        const url = proxyUrl('HTTP_PROXY_HOST', host, false);
        if (port !== undefined)
            url.port = String(port);
        else if (!url.port)
            url.port = '80';
        http = https = withAuth(url);
    }
    else {
        if (portSetting) {
            throw new ConfigError(`HTTP_PROXY_PORT is set (from ${portSetting.origin}) but HTTP_PROXY_HOST is not`);
        }
        const h = settings.get('HTTP_PROXY');
        const hs = settings.get('HTTPS_PROXY');
        if (h)
            http = withAuth(proxyUrl('HTTP_PROXY', h, true));
        if (hs)
            https = withAuth(proxyUrl('HTTPS_PROXY', hs, true));
    }
    if (!http && !https) {
        const auth = user ?? password;
        if (auth) {
            const name = user ? 'HTTP_PROXY_USER' : 'HTTP_PROXY_PASSWORD';
            throw new ConfigError(`${name} is set (from ${auth.origin}) but no proxy is: set HTTP_PROXY_HOST, HTTPS_PROXY or HTTP_PROXY`);
        }
        return undefined;
    }
    return { http, https, noProxy: parseNoProxy(settings.get('NO_PROXY')?.value) };
}
/** A proxy as a URL; `host[:port]` means http://. Messages show the value with its password masked. */
function proxyUrl(name, v, urlAllowed) {
    const text = v.value.trim();
    const shown = JSON.stringify(maskUrlPassword(text));
    const bad = (why) => {
        throw new ConfigError(`${name}=${shown} (from ${v.origin}) ${why}`);
    };
    if (!urlAllowed && text.includes('@'))
        bad('must be a host name; give the user in HTTP_PROXY_USER');
    let url;
    try {
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    }
    catch {
        return bad('is not a host[:port] or http://host:port URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        bad(`uses ${url.protocol.slice(0, -1)}; only http:// and https:// proxies are supported`);
    }
    if (!url.hostname)
        bad('has no host');
    if (url.pathname !== '/' || url.search)
        bad('must be a proxy address, without a path');
    return url;
}
/** Extra CA certificates (PEM) from SSL_CERT_FILE, SSL_CERT_DIR and AWS_CA_BUNDLE; undefined when none. */
function trustedCas(settings) {
    const certs = [];
    const file = settings.get('SSL_CERT_FILE');
    const dir = settings.get('SSL_CERT_DIR');
    const bundle = settings.get('AWS_CA_BUNDLE');
    if (file)
        certs.push(...readCertFile('SSL_CERT_FILE', file));
    if (dir)
        certs.push(...readCertDir('SSL_CERT_DIR', dir));
    if (bundle)
        certs.push(...readCertFile('AWS_CA_BUNDLE', bundle));
    return certs.length > 0 ? [...new Set(certs)] : undefined;
}

;// CONCATENATED MODULE: ./src/config/options.ts
// Turns what a front end parsed (flags or action inputs) plus the layered settings into the engine's
// SyncOptions and the S3 client's ClientSettings, validating everything before any I/O on S3.











const MIB = 1024 * 1024;
const DEFAULT_THREADS = 16;
const DEFAULT_ATTEMPTS = 5;
function resolveConfig(req, settings, env = {}) {
    const pair = resolvePair(req.source, req.destination, env);
    const threads = parseIntSetting('THREADS', settings.get('THREADS'), 1, 1024) ?? DEFAULT_THREADS;
    const maxDelete = parseIntSetting('--max-delete', settings.get('PARAS3_MAX_DELETE'), 0, Number.MAX_SAFE_INTEGER);
    if (req.expires !== undefined && Number.isNaN(new Date(req.expires).getTime())) {
        throw new UsageError(`--expires ${JSON.stringify(req.expires)} is not a date (use e.g. 2030-01-01T00:00:00Z)`);
    }
    const options = {
        source: pair.source,
        destination: pair.destination,
        sourceDisplay: pair.sourceDisplay,
        destinationDisplay: pair.destinationDisplay,
        recursive: req.recursive,
        dryrun: req.dryrun,
        delete: req.delete || req.deleteExcluded,
        deleteExcluded: req.deleteExcluded,
        maxDelete,
        publicRead: req.publicRead,
        md5: req.md5,
        makeDirs: req.makeDirs,
        exclude: [...req.exclude, ...req.excludeFrom.flatMap(readPatternFile)],
        cacheControl: parseHeaderRules(req.cacheControl),
        expires: req.expires,
        threads,
        multipartThreshold: 8 * MIB,
        partSize: 8 * MIB,
        nativeCharset: nativeCharset(settings),
        mimeTypes: options_mimeTypes(settings),
        md5CacheDir: md5CacheDir(settings),
        restoreOwner: process.getuid?.() === 0,
        verifyRetries: 3,
    };
    const { client, endpointLabel } = clientSettings(settings, { ssl: req.ssl, threads });
    return { options, client, endpointLabel };
}
/** S3SYNC_NATIVE_CHARSET, checked now so a bad name is reported with its origin before any I/O. */
function nativeCharset(settings) {
    const v = settings.get('S3SYNC_NATIVE_CHARSET');
    if (!v)
        return 'utf-8';
    try {
        return nameCodec(v.value)?.charset ?? 'utf-8';
    }
    catch (err) {
        throw new ConfigError(`S3SYNC_NATIVE_CHARSET=${JSON.stringify(v.value)} (from ${v.origin}): ${err.message}`);
    }
}
function options_mimeTypes(settings) {
    const v = settings.get('S3SYNC_MIME_TYPES_FILE');
    return v ? readMimeTypes('S3SYNC_MIME_TYPES_FILE', v) : undefined;
}
function clientSettings(settings, opts) {
    let endpoint = parseUrlSetting('AWS_ENDPOINT_URL', settings.get('AWS_ENDPOINT_URL'));
    const host = settings.get('AWS_S3_HOST');
    if (!endpoint && host) {
        // The original's host[:port]: plain HTTP unless --ssl, as it documented.
        endpoint = parseUrlSetting('AWS_S3_HOST', {
            ...host,
            value: `${opts.ssl ? 'https' : 'http'}://${host.value.trim()}`,
        });
    }
    const format = parseChoice('AWS_CALLING_FORMAT', settings.get('AWS_CALLING_FORMAT'), [
        'REGULAR',
        'SUBDOMAIN',
        'VANITY',
    ]);
    const localHost = endpoint
        ? (0,external_node_net_.isIP)(endpoint.hostname.replace(/^\[|\]$/g, '')) !== 0 || endpoint.hostname === 'localhost'
        : false;
    const forcePathStyle = format ? format === 'REGULAR' : localHost;
    // VANITY: the bucket name is the host (a CNAME); scheme and port come from the endpoint if one is
    // given, else http, or https with --ssl, as the original did.
    const vanity = format === 'VANITY'
        ? {
            protocol: (endpoint?.protocol ?? (opts.ssl ? 'https:' : 'http:')),
            port: endpoint?.port || undefined,
        }
        : undefined;
    const id = settings.get('AWS_ACCESS_KEY_ID');
    const secret = settings.get('AWS_SECRET_ACCESS_KEY');
    if (Boolean(id) !== Boolean(secret)) {
        throw new ConfigError(`${id ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'} is missing (${id ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is set)`);
    }
    const retries = parseIntSetting('S3SYNC_RETRIES', settings.get('S3SYNC_RETRIES'), 1, 100);
    const wait = parseNumberSetting('S3SYNC_WAITONERROR', settings.get('S3SYNC_WAITONERROR'), 0, 3600);
    const client = {
        region: settings.get('AWS_REGION')?.value ?? settings.get('AWS_DEFAULT_REGION')?.value ?? 'us-east-1',
        endpoint: endpoint?.toString().replace(/\/$/, ''),
        forcePathStyle,
        vanity,
        credentials: id && secret
            ? {
                accessKeyId: id.value,
                secretAccessKey: secret.value,
                sessionToken: settings.get('AWS_SESSION_TOKEN')?.value,
            }
            : undefined,
        profile: settings.get('AWS_PROFILE')?.value,
        proxy: proxyConfig(settings),
        ca: trustedCas(settings),
        maxAttempts: retries ?? DEFAULT_ATTEMPTS,
        retryDelayMs: wait === undefined ? undefined : wait * 1000,
        threads: opts.threads,
    };
    return { client, endpointLabel: endpointLabel(client) };
}
/** Where requests go, for messages: the endpoint and, when one is used, the proxy (never its credentials). */
function endpointLabel(c) {
    const base = c.vanity ? `${c.vanity.protocol}//<bucket>` : (c.endpoint ?? 'AWS S3');
    const secure = c.vanity ? c.vanity.protocol === 'https:' : !c.endpoint?.startsWith('http:');
    const proxy = secure ? c.proxy?.https : c.proxy?.http;
    if (!proxy)
        return base;
    const host = endpointHost(c);
    if (host && c.proxy && bypassesProxy(host, undefined, c.proxy.noProxy))
        return base;
    return `${base} via proxy ${new URL(proxy).host}`;
}
function endpointHost(c) {
    try {
        return c.endpoint ? new URL(c.endpoint).hostname : undefined;
    }
    catch {
        return undefined;
    }
}
/** PARAS3_MD5_CACHE: a directory, or `off`; by default the XDG cache directory, if there is a home. */
function md5CacheDir(settings) {
    const v = settings.get('PARAS3_MD5_CACHE')?.value.trim();
    if (v && v.toLowerCase() === 'off')
        return undefined;
    if (v)
        return v;
    const xdg = settings.get('XDG_CACHE_HOME')?.value;
    const home = settings.get('HOME')?.value ?? settings.get('USERPROFILE')?.value;
    if (xdg)
        return external_node_path_default().join(xdg, 'paras3');
    return home ? external_node_path_default().join(home, '.cache', 'paras3') : undefined;
}
/** `--exclude-from FILE`: one pattern a line; blank lines and `#` comments ignored. */
function readPatternFile(file) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (err) {
        throw new UsageError(`--exclude-from ${file}: cannot read (${err.code ?? err})`);
    }
    return text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
}

// EXTERNAL MODULE: ./node_modules/ini/lib/ini.js
var ini = __webpack_require__(5756);
;// CONCATENATED MODULE: ./src/config/ini.ts
// The settings file: found in the original's search order (first found wins) or named by
// PARAS3_CONFIG, parsed with the `ini` package. Keys are setting names (`THREADS = 8`); `#` and `;`
// start comments. A file that exists but cannot be read, a section, or an unknown key is a ConfigError.





/** Where settings files are looked for, in order (PARAS3_CONFIG aside). */
function iniCandidates(env, installDir) {
    const out = [];
    if (env.HOME)
        out.push(external_node_path_default().join(env.HOME, '.paras3.ini'));
    out.push('/etc/paras3.ini');
    if (installDir)
        out.push(external_node_path_default().join(installDir, 'paras3.ini'));
    return out;
}
/**
 * The settings file of this run, or undefined when there is none. PARAS3_CONFIG names one that must
 * exist; otherwise the first candidate that exists wins, and one that exists but cannot be read is an
 * error (silently skipping it would run with other settings than the user wrote).
 */
function findIniFile(search) {
    const read = search.readFile ?? ((p) => (0,external_node_fs_.readFileSync)(p, 'utf8'));
    const explicit = search.env.PARAS3_CONFIG;
    if (explicit) {
        try {
            return { path: explicit, values: parseIni(read(explicit), explicit) };
        }
        catch (err) {
            if (err instanceof ConfigError)
                throw err;
            throw new ConfigError(`PARAS3_CONFIG=${JSON.stringify(explicit)} (from env PARAS3_CONFIG): ${why(err)}`);
        }
    }
    for (const path of iniCandidates(search.env, search.installDir)) {
        let text;
        try {
            text = read(path);
        }
        catch (err) {
            const code = err.code;
            if (code === 'ENOENT' || code === 'ENOTDIR')
                continue;
            throw new ConfigError(`settings file ${path}: ${why(err)}`);
        }
        return { path, values: parseIni(text, path) };
    }
    return undefined;
}
/** `KEY = value` lines into setting values; ini's booleans (`true`) come back as their text. */
function parseIni(text, file) {
    const parsed = (0,ini.parse)(text);
    const values = {};
    for (const [key, value] of Object.entries(parsed)) {
        if (Array.isArray(value)) {
            throw new ConfigError(`settings file ${file}: ${key}[] lists are not used; give ${key} once`);
        }
        if (value !== null && typeof value === 'object') {
            throw new ConfigError(`settings file ${file}: [${key}] sections are not used; write KEY = value lines at the top`);
        }
        const name = key.trim();
        if (!SETTING_NAMES.has(name)) {
            throw new ConfigError(`settings file ${file}: unknown setting ${JSON.stringify(name)} (see paras3.ini.sample)`);
        }
        values[name] = value === null || value === undefined ? '' : String(value).trim();
    }
    return values;
}
/**
 * The paras3 package directory from the path of the running bundle: `<pkg>/dist/cli/index.js` (the
 * npm CLI) and `<pkg>/dist/index.js` (the action) both give `<pkg>`, where paras3.ini.sample ships;
 * any other script gives its own directory.
 */
function installDirOf(script, p = (external_node_path_default())) {
    if (!script)
        return undefined;
    let dir = p.dirname(script);
    if (p.basename(dir) === 'cli' && p.basename(p.dirname(dir)) === 'dist')
        dir = p.dirname(p.dirname(dir));
    else if (p.basename(dir) === 'dist')
        dir = p.dirname(dir);
    return dir;
}
function why(err) {
    const code = err.code;
    if (code === 'ENOENT')
        return 'no such file';
    if (code === 'EACCES' || code === 'EPERM')
        return 'permission denied';
    if (code === 'EISDIR')
        return 'is a directory';
    return code ?? err.message ?? String(err);
}

;// CONCATENATED MODULE: ./src/config/layers.ts
// Settings come in layers, highest precedence first: command-line flags (or action inputs), the
// environment, an ini file, defaults. Every value remembers where it came from, so an error or
// `--debug` can name it.
class Settings {
    layers;
    iniFile;
    constructor(layers, 
    /** The settings file that was read, if any (for `--debug`). */
    iniFile) {
        this.layers = layers;
        this.iniFile = iniFile;
    }
    /** The effective value of a setting: the first layer that has a non-empty value wins. */
    get(name) {
        for (const layer of this.layers) {
            const v = layer.get(name);
            if (v !== undefined && v !== '')
                return { value: v, origin: layer.origin(name) };
        }
        return undefined;
    }
}
// The proxy variables are conventionally lower-case too (curl reads `http_proxy` only in lower case);
// the lower-case spelling wins when both are set, as in curl and wget.
const LOWER_CASE_TOO = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']);
function envLayer(env) {
    const nameIn = (name) => {
        const lower = name.toLowerCase();
        return LOWER_CASE_TOO.has(name) && env[lower] !== undefined && env[lower] !== '' ? lower : name;
    };
    return { origin: (name) => `env ${nameIn(name)}`, get: (name) => env[nameIn(name)] };
}
/** Flag values keyed by setting name, with the flag spelled as the user typed it. */
function flagLayer(values, flagNames) {
    return { origin: (name) => flagNames[name] ?? name, get: (name) => values[name] };
}
function iniLayer(file, values) {
    return { origin: () => file, get: (name) => values[name] };
}

;// CONCATENATED MODULE: ./src/config/sources.ts
// Assembles the settings layers for a run: flags (or inputs) > environment > ini file > defaults.




function loadSettings(src) {
    const installDir = src.installDir ?? installDirOf(runningScript());
    const ini = src.iniFiles === false ? undefined : findIniFile({ env: src.env, installDir });
    const layers = [flagLayer(src.flags, src.flagNames), envLayer(src.env)];
    if (ini)
        layers.push(iniLayer(ini.path, ini.values));
    const settings = new Settings(layers, ini?.path);
    if (src.onDebug)
        debugSettings(settings, src, installDir);
    return settings;
}
/** One line per setting: its effective value (secrets masked) and where it came from. */
function debugSettings(settings, src, installDir) {
    const say = src.onDebug;
    if (settings.iniFile)
        say(`settings file: ${settings.iniFile}`);
    else if (src.iniFiles !== false)
        say(`settings file: none (looked for ${iniCandidates(src.env, installDir).join(', ')})`);
    for (const s of SETTINGS) {
        const v = settings.get(s.name);
        if (v)
            say(`setting ${s.name}=${displayValue(s.name, v.value)} (from ${v.origin})`);
        else if (s.default !== undefined)
            say(`setting ${s.name}=${s.default} (default)`);
    }
}
function runningScript() {
    const script = process.argv[1];
    if (!script)
        return undefined;
    try {
        return (0,external_node_fs_.realpathSync)(script);
    }
    catch {
        return script;
    }
}

;// CONCATENATED MODULE: ./src/core/format.ts
function formatBytes(n) {
    if (n < 1000)
        return `${n} B`;
    const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
    let v = n / 1000;
    let i = 0;
    // Step up by the value as printed, so 999,999 B reads "1.0 MB", not "1000 kB".
    while (Math.round(v) >= 1000 && i < units.length - 1) {
        v /= 1000;
        i++;
    }
    return `${v < 9.95 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
function formatDuration(ms) {
    return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms / 1000)} s`;
}
const REASONS = {
    missing: 'new',
    size: 'size differs',
    md5: 'content differs',
    time: 'newer',
    'etag-unknown': 'multipart object without a known MD5',
    kind: 'type differs',
};
/** The planned-action verb a person reads: create, update or delete. */
function planVerb(a) {
    if (a.op === 'delete')
        return 'delete';
    return a.op !== 'mkdir' && a.dest ? 'update' : 'create';
}
/** `docs/a.txt`, with a trailing slash for directories and `.` for the root. */
function displayPath(a) {
    const dir = a.op === 'mkdir' || (a.op === 'delete' && a.dest.kind === 'dir');
    if (a.path === '')
        return './';
    return dir ? `${a.path}/` : a.path;
}
function reasonText(a) {
    return a.op === 'upload' || a.op === 'download' ? REASONS[a.reason] : undefined;
}
/** One line for a planned (dry run) action: `create docs/a.txt (1.2 kB, new)`. */
function planLine(a) {
    const size = a.op === 'mkdir' || (a.op === 'delete' && a.dest.kind === 'dir') ? undefined : formatBytes(a.size);
    const details = [size, reasonText(a)].filter(Boolean).join(', ');
    return `${planVerb(a)} ${displayPath(a)}${details ? ` (${details})` : ''}`;
}
/** One line for an action taken: `upload docs/a.txt (1.2 kB)`; with `reason`, also why (`…, new)`). */
function doneLine(a, bytes, opts = {}) {
    if (a.op === 'mkdir')
        return `mkdir ${displayPath(a)}`;
    if (a.op === 'delete')
        return `delete ${displayPath(a)}`;
    const why = opts.reason ? `, ${reasonText(a)}` : '';
    return `${a.op} ${displayPath(a)} (${formatBytes(bytes)}${why})`;
}
function summaryLine(r) {
    const t = r.totals;
    if (r.dryrun) {
        return `dry run: would create ${t.created}, update ${t.updated}, delete ${t.deleted} (${formatBytes(t.bytes)} to transfer); ${t.unchanged} unchanged${t.skipped ? `, ${t.skipped} skipped` : ''}`;
    }
    const parts = [
        `${t.created} created`,
        `${t.updated} updated`,
        `${t.deleted} deleted`,
        `${t.unchanged} unchanged`,
    ];
    if (t.failed)
        parts.push(`${t.failed} failed`);
    if (t.skipped)
        parts.push(`${t.skipped} skipped`);
    const rate = r.durationMs > 0 ? `, ${formatBytes(Math.round((t.bytes * 1000) / r.durationMs))}/s` : '';
    return `${r.interrupted ? 'interrupted' : 'done'}: ${parts.join(', ')}; ${formatBytes(t.bytes)} in ${formatDuration(r.durationMs)}${rate}`;
}

// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
var external_node_tls_default = /*#__PURE__*/__webpack_require__.n(external_node_tls_);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/credential-provider-node/dist-cjs/index.js
var credential_provider_node_dist_cjs = __webpack_require__(5861);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-cjs/index.js
var node_http_handler_dist_cjs = __webpack_require__(1279);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./node_modules/@smithy/signature-v4/dist-cjs/index.js
var signature_v4_dist_cjs = __webpack_require__(5118);
;// CONCATENATED MODULE: ./src/version.ts
// Kept in step with package.json by a test (bundles should not carry the whole package.json).
const VERSION = '1.0.0';

;// CONCATENATED MODULE: ./src/core/direct.ts
// The per-object hot path: PutObject and GetObject of whole small objects, sent straight on the
// client's keep-alive sockets, signed by the SDK's own SigV4 signer and retried by the client's own
// retry strategy. The SDK's middleware stack costs about 2 ms of client CPU per request (measured here:
// 2.9 ms per small PUT through S3Client.send, 0.9 ms this way), which for trees of small files is most
// of the client's work. Everything else (listing, multipart, deletes, HEAD) stays on the S3Client, and
// so does any request this path cannot vouch for: it learns each bucket's address from the SDK's own
// ListObjectsV2 request, and a region redirect or an unlearned bucket sends the request back to the SDK.






/** Thrown when this path must not be used for a request: the caller sends it through the SDK. */
class UseSdk extends Error {
    name = 'UseSdk';
}
const REQUEST_TIMEOUT_MS = 120_000;
const RETRYABLE_CODES = new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EAI_AGAIN',
]);
const registry = new WeakMap();
/** Installs the direct path on a client built by createS3Client, sharing its sockets. */
function enableDirect(client, agents) {
    const direct = new DirectS3(client, agents);
    registry.set(client, direct);
    client.middlewareStack.add((next, context) => async (args) => {
        const input = args.input;
        const req = args.request;
        if (context.commandName === 'ListObjectsV2Command' && input.Bucket && req.hostname) {
            // After a region redirect the SDK signs for another region than configured: leave it to the SDK.
            if (context.__s3RegionRedirect)
                direct.forget(input.Bucket);
            else
                direct.learn(input.Bucket, {
                    protocol: req.protocol ?? 'https:',
                    hostname: req.hostname,
                    port: req.port,
                    basePath: (req.path ?? '/').replace(/\/+$/, ''),
                });
        }
        return next(args);
    }, { step: 'finalizeRequest', name: 'paras3LearnRoute', override: true });
}
/** The direct path of a client, if it has one (clients made elsewhere, e.g. in tests, do not). */
function directFor(client) {
    return registry.get(client);
}
class DirectS3 {
    client;
    agents;
    routes = new Map();
    signer;
    disabled = false;
    constructor(client, agents) {
        this.client = client;
        this.agents = agents;
        const cfg = client.config;
        this.signer = new signature_v4_dist_cjs.SignatureV4({
            service: 's3',
            region: cfg.region,
            credentials: cfg.credentials,
            sha256: cfg.sha256,
            // S3 keys are signed as sent, not encoded twice.
            uriEscapePath: false,
            applyChecksum: false,
        });
    }
    learn(bucket, route) {
        this.routes.set(bucket, route);
    }
    forget(bucket) {
        this.routes.delete(bucket);
    }
    /** Whether requests for this bucket can go this way now. */
    usable(bucket) {
        return !this.disabled && this.routes.has(bucket);
    }
    async putObject(input, signal) {
        const headers = {
            'content-length': String(input.Body.length),
            'content-md5': input.ContentMD5,
        };
        if (input.ContentType)
            headers['content-type'] = input.ContentType;
        if (input.CacheControl)
            headers['cache-control'] = input.CacheControl;
        if (input.Expires)
            headers.expires = input.Expires.toUTCString();
        if (input.ACL)
            headers['x-amz-acl'] = input.ACL;
        for (const [k, v] of Object.entries(input.Metadata ?? {}))
            headers[`x-amz-meta-${k.toLowerCase()}`] = v;
        const res = await this.send('PUT', input.Bucket, input.Key, headers, input.Body, signal);
        res.resume();
        await new Promise((resolve, reject) => res.on('end', resolve).on('error', reject));
        return { ETag: header(res, 'etag') };
    }
    /** The object's headers and its body as a stream; the caller consumes (and verifies) the body. */
    async getObject(bucket, key, signal) {
        const res = await this.send('GET', bucket, key, {}, undefined, signal);
        const metadata = {};
        for (const [k, v] of Object.entries(res.headers)) {
            if (k.startsWith('x-amz-meta-') && typeof v === 'string')
                metadata[k.slice(11)] = v;
        }
        const length = header(res, 'content-length');
        const modified = header(res, 'last-modified');
        return {
            Body: res,
            ETag: header(res, 'etag'),
            ContentLength: length === undefined ? undefined : Number(length),
            LastModified: modified ? new Date(modified) : undefined,
            Metadata: metadata,
        };
    }
    /** One request with the client's retry strategy; resolves with a 2xx response whose body is unread. */
    async send(method, bucket, key, headers, body, signal) {
        const route = this.routes.get(bucket);
        if (this.disabled || !route)
            throw new UseSdk(`no direct route to bucket ${bucket}`);
        const strategy = await this.client.config.retryStrategy();
        // Every strategy the client is built with is a V2 one; anything else is the SDK's to run.
        if (!('acquireInitialRetryToken' in strategy))
            throw new UseSdk('retry strategy without tokens');
        let token = await strategy.acquireInitialRetryToken('paras3-direct');
        for (;;) {
            try {
                const res = await this.once(route, method, key, headers, body, signal);
                strategy.recordSuccess(token);
                return res;
            }
            catch (err) {
                const kind = retryKind(err);
                if (!kind || signal?.aborted)
                    throw err;
                try {
                    token = await strategy.refreshRetryTokenForRetry(token, { errorType: kind });
                }
                catch {
                    throw err;
                }
                await (0,promises_.setTimeout)(token.getRetryDelay(), undefined, { signal }).catch(() => { });
                if (signal?.aborted)
                    throw err;
            }
        }
    }
    async once(route, method, key, extra, body, signal) {
        const path = `${route.basePath}/${encodeKey(key)}`;
        const defaultPort = route.protocol === 'https:' ? 443 : 80;
        const host = route.port && route.port !== defaultPort ? `${route.hostname}:${route.port}` : route.hostname;
        const signed = await this.signer.sign({
            method,
            protocol: route.protocol,
            hostname: route.hostname,
            port: route.port,
            path,
            query: {},
            headers: {
                ...extra,
                host,
                'x-amz-content-sha256': (0,external_node_crypto_.createHash)('sha256')
                    .update(body ?? '')
                    .digest('hex'),
            },
        });
        const transport = route.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
        const agent = route.protocol === 'https:' ? this.agents.httpsAgent : this.agents.httpAgent;
        const res = await new Promise((resolve, reject) => {
            const req = transport.request({
                agent,
                method,
                hostname: route.hostname,
                port: route.port,
                path,
                headers: { ...signed.headers, 'user-agent': `paras3/${VERSION}` },
                signal,
            }, resolve);
            req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
            req.on('error', reject);
            req.end(body);
        });
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300)
            return res;
        throw await responseError(res, status, () => {
            this.disabled = true;
        });
    }
}
/** S3's error document as an error shaped like the SDK's (name = Code), so callers handle both alike. */
async function responseError(res, status, disable) {
    const chunks = [];
    for await (const c of res)
        chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `HTTP${status}`;
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? `HTTP ${status}`;
    // Wrong region or endpoint: the SDK knows how to follow these; stop using this path for the run.
    if (status === 301 ||
        status === 307 ||
        code === 'AuthorizationHeaderMalformed' ||
        code === 'PermanentRedirect') {
        disable();
        return new UseSdk(`${code}: ${message}`);
    }
    return Object.assign(new Error(message), { name: code, Code: code, $metadata: { httpStatusCode: status } });
}
function retryKind(err) {
    const e = err;
    if (err instanceof UseSdk)
        return undefined;
    const status = e.$metadata?.httpStatusCode;
    if (status === 429 || status === 503 || e.name === 'SlowDown' || e.name === 'Throttling')
        return 'THROTTLING';
    if (status !== undefined)
        return status >= 500 ? 'SERVER_ERROR' : undefined;
    if (e.name === 'AbortError')
        return undefined;
    return RETRYABLE_CODES.has(e.code ?? '') || e.message === 'socket hang up' ? 'TRANSIENT' : undefined;
}
function header(res, name) {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : v;
}
/** A key as S3 expects it in the path: each segment percent-encoded, slashes kept (as the SDK does). */
function encodeKey(key) {
    return key
        .split('/')
        .map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
        .join('/');
}

;// CONCATENATED MODULE: ./src/core/s3client.ts
// Builds the one S3Client of a run: endpoint and addressing style, credentials, TLS trust, proxy,
// keep-alive sockets sized for the thread count, and the retry policy.










/** Instance metadata is the chain's last resort: off an EC2 host it must fail in a second, not hang. */
const IMDS_TIMEOUT_MS = 1000;
function createS3Client(s) {
    // The SDK warns on Node 20 that future releases will need Node 22; it is noise in our output.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    // Sockets for every thread plus the parts of multipart transfers running inside them.
    const maxSockets = s.threads * 2 + 4;
    const ca = s.ca ? [...systemRoots(), ...s.ca] : undefined;
    let agents = {
        httpsAgent: s.httpsAgent ?? new (external_node_https_default()).Agent({ keepAlive: true, maxSockets, ca }),
        httpAgent: s.httpAgent ?? new (external_node_http_default()).Agent({ keepAlive: true, maxSockets }),
    };
    if (s.proxy)
        agents = proxiedAgents(s.proxy, agents, { maxSockets, ca });
    const vanity = s.vanity;
    const config = {
        region: s.region,
        endpoint: s.endpoint,
        forcePathStyle: s.forcePathStyle,
        // The SDK then takes each request's Bucket as the URL to send it to (see vanityBuckets below).
        bucketEndpoint: vanity !== undefined,
        // A bucket in another region than configured answers with a redirect; follow it instead of failing.
        followRegionRedirects: true,
        credentials: s.credentials ?? defaultChain(s.profile),
        maxAttempts: s.maxAttempts,
        // We send Content-MD5 on every PutObject and verify every body ourselves; the SDK's default CRC
        // checksums cost CPU per request, and some S3-compatible servers store their aws-chunked framing
        // as object content.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        requestHandler: new node_http_handler_dist_cjs.NodeHttpHandler({
            ...agents,
            connectionTimeout: 10_000,
            requestTimeout: 120_000,
        }),
    };
    if (s.retryDelayMs !== undefined) {
        const delay = s.retryDelayMs;
        config.retryStrategy = new retry.ConfiguredRetryStrategy(s.maxAttempts, () => delay);
    }
    const client = new dist_cjs/* S3Client */.YxF(config);
    if (vanity)
        vanityBuckets(client, vanity);
    // Whole small objects go straight on these sockets (see direct.ts); the rest through the SDK.
    enableDirect(client, agents);
    return client;
}
/**
 * VANITY addressing: rewrites each command's bucket name into `http(s)://<bucket>[:port]`, which the
 * SDK (with `bucketEndpoint`) uses as the request's URL, keys appended: `http://<bucket>/key`.
 */
function vanityBuckets(client, v) {
    client.middlewareStack.add((next) => async (args) => {
        const input = args.input;
        if (typeof input.Bucket === 'string' && !input.Bucket.includes('://')) {
            const url = `${v.protocol}//${input.Bucket}${v.port ? `:${v.port}` : ''}`;
            return next({ ...args, input: { ...input, Bucket: url } });
        }
        return next(args);
    }, { step: 'initialize', name: 'paras3VanityBucket', override: true });
}
/** The roots Node trusts by default (NODE_EXTRA_CA_CERTS included where Node can say so). */
function systemRoots() {
    const get = (external_node_tls_default()).getCACertificates;
    return get ? get('default') : (external_node_tls_default()).rootCertificates;
}
/**
 * The SDK's default chain (env, SSO, web identity / OIDC, ~/.aws files, container and instance
 * metadata), with the metadata service bounded, and its failure turned into one clear ConfigError.
 * Once it has failed it fails at once for every later request, instead of asking every source again.
 */
function defaultChain(profile) {
    const chain = (0,credential_provider_node_dist_cjs.defaultProvider)({ profile, timeout: IMDS_TIMEOUT_MS, maxRetries: 0 });
    let failed;
    return async (props) => {
        if (failed)
            throw failed;
        try {
            return await chain(props);
        }
        catch (err) {
            const e = err;
            if (e?.name !== 'CredentialsProviderError')
                throw err;
            failed = new ConfigError(`no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (environment or settings file), AWS_PROFILE, or a web identity token${profile || process.env.AWS_PROFILE ? ` (${oneLineOf(e)})` : ''}`);
            throw failed;
        }
    };
}
function oneLineOf(e) {
    return (e.message ?? String(e)).split('\n')[0] ?? '';
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
;// CONCATENATED MODULE: ./src/core/compare.ts
/**
 * Why `src` must be transferred onto `dst`, or null when they are the same.
 *
 * - No destination entry: 'missing'.
 * - Sizes differ: 'size'. Size is checked first because it is free and settles most changes.
 * - MD5 mode: both MD5s known and different: 'md5'; equal: null. The S3 side's MD5 is its ETag, or for
 *   a multipart ETag (`hex-N`) the MD5 proven by the hashing stage (md5chksum metadata or a matching
 *   multipart ETag computed locally). If it is still unknown the object cannot be proven equal:
 *   'etag-unknown', so it is transferred rather than silently trusted.
 * - Time mode (whole seconds, S3 has no finer precision):
 *   upload: the local mtime is newer than the object's LastModified → 'time'. An upload stamps
 *   LastModified after the file's mtime, so an unchanged tree stays unchanged.
 *   download: LastModified is newer than the local file's last change → 'time'. The local "last change"
 *   is max(mtime, ctime): a restore sets mtime back to the original, but the ctime of that restore is
 *   after the upload, so a second `--no-md5` download transfers nothing.
 *
 * The caller must have hashed the local side whenever sizes are equal in MD5 mode (asserted).
 */
function needsTransfer(src, dst, opts) {
    if (!dst)
        return 'missing';
    if (src.size !== dst.size)
        return 'size';
    if (opts.md5) {
        const local = opts.direction === 'upload' ? src : dst;
        const remote = opts.direction === 'upload' ? dst : src;
        if (local.md5 === undefined)
            throw new Error(`compare: local MD5 of ${local.path} was not computed`);
        if (remote.md5 === undefined)
            return 'etag-unknown';
        return local.md5 === remote.md5 ? null : 'md5';
    }
    if (opts.direction === 'upload')
        return src.mtime > dst.mtime ? 'time' : null;
    const localChanged = Math.max(dst.mtime, dst.ctime ?? dst.mtime);
    return src.mtime > localChanged ? 'time' : null;
}
/** Whether the MD5 stage must run for this pair: only MD5 mode, only when sizes already agree. */
function needsHash(src, dst, opts) {
    return opts.md5 && dst !== undefined && src.size === dst.size && src.kind !== 'dir' && dst.kind !== 'dir';
}

;// CONCATENATED MODULE: ./src/core/keys.ts
// The one place where S3 keys become local paths and local names become keys.
// A key that would leave the destination is refused here, so no caller can forget the check.

/** The pairing key: NFC, because macOS writes NFD and the same name must never become two objects. */
function toKeyPath(name) {
    return name.normalize('NFC');
}
/**
 * Why a relative path (from an S3 key) cannot be written under a local root, or null when it can.
 * Refuses what could escape or alias: `..`/`.` segments, absolute paths, empty segments, backslashes, NUL.
 */
function unsafeRelativePath(rel) {
    if (rel === '')
        return 'empty path';
    if (rel.includes('\0'))
        return 'contains a NUL character';
    if (rel.startsWith('/'))
        return 'is an absolute path';
    if (rel.includes('\\'))
        return 'contains a backslash';
    if (/^[A-Za-z]:/.test(rel))
        return 'starts with a drive letter';
    for (const seg of rel.split('/')) {
        if (seg === '')
            return 'has an empty path segment';
        if (seg === '.' || seg === '..')
            return `has a "${seg}" segment`;
    }
    return null;
}
/**
 * A key as it may be shown to a person: control characters (NUL, ESC, newlines, C1) as `\xNN`, so a
 * hostile key can neither forge output lines nor drive the terminal.
 */
function printableKey(key) {
    return key.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped.
    /[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
/** The local path for a safe relative path; throws on an unsafe one (callers filter first). */
function localPathFor(root, rel, p = (external_node_path_default())) {
    if (rel === '')
        return root;
    const why = unsafeRelativePath(rel);
    if (why)
        throw new Error(`refusing key path "${rel}": ${why}`);
    const full = p.join(root, ...rel.split('/'));
    const back = p.relative(root, full);
    if (back.startsWith('..') || p.isAbsolute(back))
        throw new Error(`refusing key path "${rel}": leaves ${root}`);
    return full;
}
/** The relative key path for a local path under root, always '/'-separated (Windows runners too). */
function relativeKeyPath(root, full, p = nodePath) {
    return toKeyPath(p.relative(root, full).split(p.sep).join('/'));
}
/** Ancestors of a relative path, nearest last: `a/b/c` → [`a`, `a/b`]. */
function ancestors(path) {
    const out = [];
    let i = path.indexOf('/');
    while (i !== -1) {
        out.push(path.slice(0, i));
        i = path.indexOf('/', i + 1);
    }
    return out;
}
function parentOf(path) {
    const i = path.lastIndexOf('/');
    return i === -1 ? '' : path.slice(0, i);
}

;// CONCATENATED MODULE: ./src/core/plan.ts
// Turns two listings into an ordered Plan. Pure: every rule of what happens to which path lives here
// (and in compare.ts), so it is all testable without a server or a disk.


const PAGE = /\.html?$/i;
/** Pages go after every other file, so a visitor never gets a page whose assets are not there yet. */
function isPage(path) {
    return PAGE.test(path);
}
function planSync(src, dst, opts) {
    const skipped = [];
    const skippedPaths = new Set();
    const skip = (path, message) => {
        skipped.push({ path, message });
        skippedPaths.add(path);
    };
    const [srcFiles, srcDirs] = splitByKind(src.entries);
    const [dstFiles, dstDirs] = splitByKind(dst.entries);
    const download = opts.direction === 'download';
    // Every directory the source has, explicit (a node or a local dir) or implied by a descendant.
    const srcDirSet = new Set(srcDirs.keys());
    for (const e of src.entries)
        for (const a of ancestors(e.path))
            srcDirSet.add(a);
    // Directories under which nothing may be written, with the reason given to each entry below them.
    const blocked = new Map();
    if (download) {
        for (const path of [...srcFiles.keys()].sort()) {
            if (srcDirSet.has(path)) {
                skip(path, 'is both a file and a directory prefix on S3; the file is skipped');
                srcFiles.delete(path);
            }
            else if (dstDirs.has(path)) {
                skip(path, 'is a directory locally but a file on S3; skipped');
                srcFiles.delete(path);
            }
        }
        for (const dir of [...srcDirSet].sort()) {
            const local = dstFiles.get(dir);
            if (local) {
                skip(dir, `is a ${local.kind} locally but a directory on S3; skipped with its contents`);
                blocked.set(dir, `parent "${dir}" is not a directory locally`);
            }
            else if (!opts.makeDirs && !srcDirs.has(dir) && !dstDirs.has(dir)) {
                blocked.set(dir, `parent directory "${dir}" has no directory node on S3; use --make-dirs to create it`);
            }
        }
    }
    const blockedBy = (path) => {
        if (blocked.size === 0)
            return undefined;
        for (const a of ancestors(path)) {
            const why = blocked.get(a);
            if (why)
                return why;
        }
        return undefined;
    };
    const mkdirs = [];
    if (!opts.destRootPresent && opts.destRootNeedsNode)
        mkdirs.push({ op: 'mkdir', path: '' });
    // With --make-dirs a download creates implied directories too; an upload creates a node per local dir.
    const wantedDirs = download && opts.makeDirs ? srcDirSet : new Set(srcDirs.keys());
    for (const dir of [...wantedDirs].sort()) {
        // `blocked`, not `skippedPaths`: a skipped *file* of the same name (S3 `x` beside `x/`) must not
        // stop the directory from being created.
        if (dstDirs.has(dir) || blocked.has(dir))
            continue;
        const why = blockedBy(dir);
        if (why) {
            skip(dir, why);
            continue;
        }
        mkdirs.push({ op: 'mkdir', path: dir, source: srcDirs.get(dir) });
    }
    const assets = [];
    const pages = [];
    let unchanged = 0;
    for (const path of [...srcFiles.keys()].sort()) {
        const source = srcFiles.get(path);
        const why = blockedBy(path);
        if (why) {
            skip(path, why);
            continue;
        }
        const dest = dstFiles.get(path);
        const reason = needsTransfer(source, dest, opts);
        if (reason === null) {
            unchanged++;
            continue;
        }
        const action = { op: opts.direction, path, size: source.size, reason, source, dest };
        (isPage(path) ? pages : assets).push(action);
    }
    const plan = { actions: [...mkdirs, ...assets, ...pages], unchanged, skipped };
    if (!opts.delete)
        return plan;
    const deletes = [];
    for (const [path, dest] of [...dstFiles].sort(byKey)) {
        if (!srcFiles.has(path) && !skippedPaths.has(path))
            deletes.push({ op: 'delete', path, size: dest.size, dest });
    }
    // An s3sync.rb node `x` (no trailing slash) has the very key a file `x` is uploaded to: the upload
    // replaces it, and deleting the node afterwards would delete the new file.
    const replacedByUpload = (path, dest) => !download && srcFiles.has(path) && dest.key !== undefined && !/(\/|_\$folder\$)$/.test(dest.key);
    const dirDeletes = [...dstDirs].filter(([path, dest]) => !srcDirSet.has(path) && !skippedPaths.has(path) && !replacedByUpload(path, dest));
    // Deepest first, so a directory is removed only after its contents.
    dirDeletes.sort(([a], [b]) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0));
    for (const [path, dest] of dirDeletes)
        deletes.push({ op: 'delete', path, size: 0, dest });
    const refused = deleteGuard(src, dst, deletes.length, opts.maxDelete);
    if (refused && deletes.length > 0)
        plan.deleteRefused = refused;
    else
        plan.actions.push(...deletes);
    return plan;
}
/**
 * The delete phase is judged whole, before anything is deleted (rclone checks per delete and can stop
 * half-way). A refusal deletes nothing; the run still transfers and exits 1.
 */
function deleteGuard(src, dst, deletes, maxDelete) {
    if (src.incomplete || dst.incomplete)
        return 'a listing was incomplete, so nothing is deleted';
    if (maxDelete !== undefined && deletes > maxDelete) {
        return `${deletes} deletes planned, more than --max-delete ${maxDelete}; nothing is deleted`;
    }
    if (maxDelete === undefined && src.entries.length === 0 && dst.entries.length > 0) {
        return `the source is empty; refusing to delete all ${deletes} entries at the destination (give --max-delete to allow)`;
    }
    return undefined;
}
function splitByKind(entries) {
    const files = new Map();
    const dirs = new Map();
    for (const e of entries)
        (e.kind === 'dir' ? dirs : files).set(e.path, e);
    return [files, dirs];
}
function depth(path) {
    let n = 0;
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1))
        n++;
    return n;
}
function byKey([a], [b]) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/core/types.ts
// The data that flows through the engine: locations, listings, plans and reports.
// Nothing here does I/O; every stage of sync() speaks in these shapes.
function isTransfer(a) {
    return a.op === 'upload' || a.op === 'download';
}

;// CONCATENATED MODULE: ./src/core/execute.ts
// Runs a Plan with bounded parallelism, phase by phase: mkdirs, then assets, then pages, then
// deletes. One failed entry is recorded and the others go on; later phases that depend on the earlier
// ones (pages on their assets, deletes on everything) are skipped when something failed.




async function executePlan(plan, transport, opts) {
    const { events, signal } = opts;
    const results = [];
    const limit = (0,p_limit/* default */.A)(opts.threads);
    let fatal;
    const transfers = plan.actions.filter(isTransfer);
    const progress = {
        bytesDone: 0,
        bytesTotal: transfers.reduce((n, a) => n + a.size, 0),
        filesDone: 0,
        filesTotal: transfers.length,
    };
    const record = (r) => {
        results.push(r);
        events.onAction?.(r);
    };
    const skipAll = (actions, why) => {
        for (const action of actions)
            record({ action, status: 'skipped', bytes: 0, error: why });
    };
    const stopReason = () => (fatal ? oneLine(fatal) : signal?.aborted ? 'interrupted' : undefined);
    const runEach = async (actions, work) => {
        await Promise.all(actions.map((action) => limit(async () => {
            const stop = stopReason();
            if (stop)
                return record({ action, status: 'skipped', bytes: 0, error: stop });
            try {
                const bytes = await work(action);
                record({ action, status: 'done', bytes });
            }
            catch (err) {
                if (err instanceof FatalSyncError)
                    fatal ??= err;
                record({
                    action,
                    status: signal?.aborted ? 'skipped' : 'failed',
                    bytes: 0,
                    error: signal?.aborted ? 'interrupted' : oneLine(err),
                });
            }
        })));
    };
    const failedSoFar = () => results.some((r) => r.status !== 'done');
    const mkdirs = plan.actions.filter((a) => a.op === 'mkdir');
    // The root first, alone: everything else lives inside it.
    const [roots, dirs] = partition(mkdirs, (a) => a.path === '');
    await runEach(roots, (a) => transport.mkdir(a).then(() => 0));
    await runEach(dirs, (a) => transport.mkdir(a).then(() => 0));
    const onBytes = (n) => {
        progress.bytesDone += n;
        events.onProgress?.({ ...progress });
    };
    const move = async (a) => {
        const bytes = await transport.transfer(a, onBytes);
        progress.filesDone++;
        events.onProgress?.({ ...progress });
        return bytes;
    };
    // Publishing a site: pages go only after all their assets are in place.
    const [pages, assets] = opts.direction === 'upload' ? partition(transfers, (a) => isPage(a.path)) : [[], transfers];
    await runEach(assets, move);
    if (pages.length > 0 && failedSoFar())
        skipAll(pages, 'not uploaded: an earlier transfer failed, so pages wait');
    else
        await runEach(pages, move);
    const deletes = plan.actions.filter((a) => a.op === 'delete');
    if (deletes.length > 0) {
        const stop = stopReason() ?? (failedSoFar() ? 'not deleted: an earlier action failed' : undefined);
        if (stop)
            skipAll(deletes, stop);
        else {
            try {
                const outcomes = await transport.deleteBatch(deletes);
                deletes.forEach((action, i) => {
                    const o = outcomes[i];
                    record(o?.ok
                        ? { action, status: 'done', bytes: 0 }
                        : { action, status: 'failed', bytes: 0, error: o?.error ?? 'no result' });
                });
            }
            catch (err) {
                skipAll(deletes, oneLine(err));
            }
        }
    }
    return { results, fatal };
}
function partition(items, pred) {
    const yes = [];
    const no = [];
    for (const t of items)
        (pred(t) ? yes : no).push(t);
    return [yes, no];
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/core/fastfs.ts
// The fs calls of the per-file hot path, as promises over the callback API. On Node 20,
// fs/promises costs far more CPU per call for small files (measured here for 2,000 files of 1–8 KiB:
// readFile 0.24 ms vs 0.07 ms, lstat 0.04 ms vs 0.025 ms), and a tree of small files makes
// thousands of these calls.


const lstat = (0,external_node_util_.promisify)((external_node_fs_default()).lstat);
const readFile = (0,external_node_util_.promisify)((external_node_fs_default()).readFile);
const readlink = (0,external_node_util_.promisify)((external_node_fs_default()).readlink);
const openNew = (0,external_node_util_.promisify)((external_node_fs_default()).open);
const chmod = (0,external_node_util_.promisify)((external_node_fs_default()).chmod);
const utimes = (0,external_node_util_.promisify)((external_node_fs_default()).utimes);
const rename = (0,external_node_util_.promisify)((external_node_fs_default()).rename);
const unlink = (0,external_node_util_.promisify)((external_node_fs_default()).unlink);
const mkdir = (0,external_node_util_.promisify)((external_node_fs_default()).mkdir);
// Never block on a FIFO that took a file's place, never follow a symlink that did (0 where unknown).
const SNAPSHOT_FLAGS = (external_node_fs_default()).constants.O_RDONLY | ((external_node_fs_default()).constants.O_NONBLOCK ?? 0) | ((external_node_fs_default()).constants.O_NOFOLLOW ?? 0);
/**
 * Reads a whole small file with one open/read/fstat/close, and says whether it is still exactly the
 * file that was listed (a regular file of the listed size and mtime, read whole). If it is, nothing
 * wrote to it since the listing, so the bytes are one consistent version; if not, `undefined`, and the
 * caller takes its careful path.
 * Deliberately synchronous, for small files only: the four calls take microseconds, while four
 * hand-offs to libuv's thread pool cost more client CPU than the upload request itself when client
 * and server share two cores (see transfer/download.ts, commitSmallFile).
 */
function readIfUnchanged(fsPath, listed) {
    let fd;
    try {
        fd = external_node_fs_default().openSync(fsPath, SNAPSHOT_FLAGS);
    }
    catch {
        return undefined;
    }
    try {
        // One byte more than listed, so a file that grew is noticed without another call.
        const buf = Buffer.allocUnsafe(listed.size + 1);
        let n = 0;
        for (;;) {
            const bytesRead = external_node_fs_default().readSync(fd, buf, n, buf.length - n, n);
            n += bytesRead;
            if (bytesRead === 0 || n === buf.length)
                break;
        }
        const stat = external_node_fs_default().fstatSync(fd);
        const same = stat.isFile() && n === listed.size && stat.size === listed.size && stat.mtimeMs === listed.mtimeMs;
        return same ? { body: buf.subarray(0, n), stat } : undefined;
    }
    catch {
        return undefined;
    }
    finally {
        external_node_fs_default().closeSync(fd);
    }
}

;// CONCATENATED MODULE: ./src/core/hash.ts
// MD5s of local content: the whole-file MD5 and, for files that S3 stored in parts, the multipart
// ETag (MD5 of the part MD5s, then `-N`), computed in the same single read.



function md5Hex(data) {
    return (0,external_node_crypto_.createHash)('md5').update(data).digest('hex');
}
/** Below this, one read into memory beats a stream (see fastfs.ts). */
const SMALL_FILE = 1024 * 1024;
async function hashFile(fsPath, partSize, size) {
    if (size !== undefined && size <= SMALL_FILE && (!partSize || size <= partSize)) {
        return { md5: md5Hex(await readFile(fsPath)) };
    }
    const hasher = createPartHasher(partSize);
    for await (const chunk of (0,external_node_fs_.createReadStream)(fsPath, { highWaterMark: 1 << 20 })) {
        hasher.update(chunk);
    }
    return hasher.digest();
}
/**
 * Incremental whole-file MD5 plus, when `partSize` is given, the multipart ETag S3 computes for parts
 * of that size. One pass over the bytes serves both, for uploads and for verifying downloads.
 */
function createPartHasher(partSize) {
    const whole = (0,external_node_crypto_.createHash)('md5');
    const digests = [];
    let part = partSize ? (0,external_node_crypto_.createHash)('md5') : undefined;
    let inPart = 0;
    return {
        update(chunk) {
            whole.update(chunk);
            if (!part || !partSize)
                return;
            for (let off = 0; off < chunk.length;) {
                const take = Math.min(partSize - inPart, chunk.length - off);
                part.update(chunk.subarray(off, off + take));
                inPart += take;
                off += take;
                if (inPart === partSize) {
                    digests.push(part.digest());
                    part = (0,external_node_crypto_.createHash)('md5');
                    inPart = 0;
                }
            }
        },
        digest() {
            if (part && inPart > 0)
                digests.push(part.digest());
            const md5 = whole.digest('hex');
            if (digests.length < 2)
                return { md5 };
            const combined = (0,external_node_crypto_.createHash)('md5').update(Buffer.concat(digests)).digest('hex');
            const partMd5s = digests.map((d) => d.toString('hex'));
            return { md5, multipartEtag: `${combined}-${digests.length}`, partMd5s };
        },
    };
}
/** The MD5 of what a local entry would store: a symlink's content is its target. */
async function hashLocalEntry(entry, partSize) {
    if (entry.kind === 'symlink')
        return { md5: md5Hex(entry.linkTarget ?? '') };
    if (!entry.fsPath)
        throw new Error(`hash: ${entry.path} has no local path`);
    return hashFile(entry.fsPath, partSize, entry.size);
}
/** Number of parts in a multipart ETag (`hex-N`), or 0 for a plain one. */
function etagParts(etag) {
    const m = /-(\d+)$/.exec(etag ?? '');
    return m ? Number(m[1]) : 0;
}

;// CONCATENATED MODULE: ./src/core/metadata.ts
function metadataFor(entry, md5Hex) {
    const meta = {};
    // Microseconds: finer than any S3 time, and what a double of seconds carries back through utimes.
    if (entry.mtimeMs !== undefined)
        meta.mtime = String(Math.round(entry.mtimeMs * 1000) / 1e6);
    if (entry.mode !== undefined)
        meta.permissions = String(entry.mode);
    if (entry.uid !== undefined)
        meta.owner = String(entry.uid);
    if (entry.gid !== undefined)
        meta.group = String(entry.gid);
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
    const mtime = m.mtime !== undefined && /^\d+(\.\d+)?$/.test(m.mtime) ? Number(m.mtime) * 1000 : undefined;
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

;// CONCATENATED MODULE: ./src/core/hashing.ts
// The MD5 stage between listing and planning: hash local content only where a comparison needs it
// (MD5 mode, equal sizes), and prove the MD5 of multipart objects whose ETag is not one.





/**
 * Fills `md5` on the entries that planning will compare. A local file that cannot be read is removed
 * from its listing and reported, and the listing is marked incomplete so nothing is deleted.
 */
async function hashForComparison(src, dst, opts) {
    const counts = { hashed: 0, reused: 0 };
    if (!opts.md5)
        return counts;
    const dstByPath = new Map();
    for (const e of dst.entries)
        if (e.kind !== 'dir')
            dstByPath.set(e.path, e);
    const limit = (0,p_limit/* default */.A)(opts.threads);
    const unreadable = new Set();
    const local = opts.direction === 'upload' ? src : dst;
    await Promise.all(src.entries.map((s) => {
        const d = dstByPath.get(s.path);
        if (!d || !needsHash(s, d, opts))
            return undefined;
        return limit(async () => {
            opts.signal?.throwIfAborted();
            const [localEntry, remote] = opts.direction === 'upload' ? [s, d] : [d, s];
            const parts = etagParts(remote.etag);
            try {
                const partSize = parts > 1 ? opts.partSize : undefined;
                const cached = opts.cache?.lookup(localEntry);
                const h = cached && (!partSize || cached.multipartEtag)
                    ? cached
                    : await hashLocalEntry(localEntry, partSize);
                if (h === cached)
                    counts.reused++;
                else {
                    counts.hashed++;
                    if (localEntry.stamp && localEntry.kind === 'file') {
                        opts.cache?.remember(localEntry.path, localEntry.stamp, h.md5, h.multipartEtag);
                    }
                }
                localEntry.md5 = h.md5;
                if (remote.md5 === undefined && parts > 1) {
                    if (h.multipartEtag === remote.etag)
                        remote.md5 = h.md5;
                    else
                        remote.md5 = await md5FromMetadata(opts, remote);
                }
            }
            catch (err) {
                if (err.$metadata)
                    throw err;
                unreadable.add(localEntry);
                local.problems.push({
                    path: localEntry.path,
                    message: `cannot read: ${err.code ?? err}`,
                });
                local.incomplete = true;
            }
        });
    }));
    if (unreadable.size > 0)
        local.entries = local.entries.filter((e) => !unreadable.has(e));
    return counts;
}
/** A multipart object written with other part sizes: its `md5chksum` metadata is the only proof. */
async function md5FromMetadata(opts, remote) {
    const head = await opts.client.send(new dist_cjs/* HeadObjectCommand */.l81({ Bucket: opts.bucket, Key: remote.key }), {
        abortSignal: opts.signal,
    });
    return parseMetadata(head.Metadata).md5;
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/core/md5cache.ts
// Remembers the MD5 of local files between runs, as git's index does: an entry is trusted only while
// the file's size, mtime, ctime and inode are exactly what they were when its bytes were hashed
// (uploaded or downloaded). Content cannot change without changing ctime, which no user can set back,
// so an unchanged tree re-syncs without reading a byte, and a changed one is hashed as before.
// One JSON file per local root, in the user's cache directory; a missing or damaged file is simply
// an empty cache.



const FORMAT = 1;
/**
 * A change within the same timestamp tick as the hash would leave the stamp unchanged ("racily clean"
 * in git's words). Entries this close to the moment the cache is written are not kept; file systems
 * with whole-second timestamps get a wider margin.
 */
const RACY_MS_FINE = 50;
const RACY_MS_COARSE = 2000;
class Md5Cache {
    file;
    root;
    partSize;
    records = new Map();
    constructor(file, root, partSize) {
        this.file = file;
        this.root = root;
        this.partSize = partSize;
    }
    /** An empty cache that never touches the disk (caching off). */
    static disabled() {
        return new Md5Cache(undefined, '', 0);
    }
    static async open(dir, root, partSize) {
        const name = (0,external_node_crypto_.createHash)('sha256').update(root).digest('hex').slice(0, 24);
        const cache = new Md5Cache(external_node_path_default().join(dir, `md5-${name}.json`), root, partSize);
        try {
            const data = JSON.parse(await (0,external_node_fs_promises_.readFile)(cache.file, 'utf8'));
            if (data?.format === FORMAT && data.root === root && data.partSize === partSize) {
                for (const [path, r] of Object.entries(data.entries ?? {})) {
                    const [size, mtimeMs, ctimeMs, ino, md5, multipartEtag] = r;
                    cache.records.set(path, { stamp: { size, mtimeMs, ctimeMs, ino }, md5, multipartEtag });
                }
            }
        }
        catch {
            // No cache yet, or one we cannot read: start empty.
        }
        return cache;
    }
    /** The cached hashes of an entry, only if its stamp is exactly the one they were made for. */
    lookup(entry) {
        const r = this.records.get(entry.path);
        if (!r || !entry.stamp || !sameStamp(r.stamp, entry.stamp))
            return undefined;
        return { md5: r.md5, multipartEtag: r.multipartEtag };
    }
    remember(path, stamp, md5, multipartEtag) {
        if (this.file)
            this.records.set(path, { stamp, md5, multipartEtag });
    }
    /** Writes the records of the paths still present (atomically: temp file, then rename). */
    async save(present) {
        if (!this.file)
            return;
        const now = Date.now();
        const entries = {};
        for (const [path, r] of this.records) {
            if (!present.has(path) || racy(r.stamp, now))
                continue;
            const { size, mtimeMs, ctimeMs, ino } = r.stamp;
            const row = [size, mtimeMs, ctimeMs, ino, r.md5];
            if (r.multipartEtag)
                row.push(r.multipartEtag);
            entries[path] = row;
        }
        const body = JSON.stringify({ format: FORMAT, root: this.root, partSize: this.partSize, entries });
        await (0,external_node_fs_promises_.mkdir)(external_node_path_default().dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        await (0,external_node_fs_promises_.writeFile)(tmp, body, { mode: 0o600 });
        await (0,external_node_fs_promises_.rename)(tmp, this.file);
    }
}
function stampOf(st) {
    return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}
function sameStamp(a, b) {
    return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}
function racy(s, now) {
    const coarse = s.ctimeMs % 1000 === 0 && s.mtimeMs % 1000 === 0;
    return Math.max(s.ctimeMs, s.mtimeMs) >= now - (coarse ? RACY_MS_COARSE : RACY_MS_FINE);
}

;// CONCATENATED MODULE: ./src/core/s3errors.ts
// Turns SDK and socket errors into one line a person can act on.

function describeS3Error(err, ctx) {
    const e = err;
    const name = e?.name ?? '';
    const code = e?.code ?? e?.cause?.code ?? '';
    const where = ctx.endpoint ?? 'AWS S3';
    switch (name) {
        case 'NoSuchBucket':
            return new UsageError(`bucket "${ctx.bucket}" does not exist`);
        case 'AccessDenied':
        case 'Forbidden':
            return new Error(`access denied to bucket "${ctx.bucket}" (check the credentials and the bucket policy)`);
        case 'InvalidAccessKeyId':
        case 'SignatureDoesNotMatch':
            return new ConfigError(`the AWS credentials were rejected by ${where} (${name})`);
        case 'CredentialsProviderError':
            return new ConfigError('no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a web identity token');
        case 'PermanentRedirect':
        case 'AuthorizationHeaderMalformed':
            return new ConfigError(`bucket "${ctx.bucket}" is in another region than configured; set AWS_REGION or --region`);
    }
    if (code === 'ECONNREFUSED')
        return new Error(`cannot connect to ${where}: connection refused`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return new Error(`cannot resolve the host of ${where}`);
    if (e?.$metadata?.httpStatusCode === 407) {
        return new ConfigError(`the proxy for ${where} requires authentication, or refused the credentials given (HTTP_PROXY_USER and HTTP_PROXY_PASSWORD, or user:password in the proxy URL)`);
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        return new ConfigError(`the TLS certificate of ${where} is for another host name (${code})`);
    }
    if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
        return new ConfigError(`the TLS certificate of ${where} is not valid now (${code})`);
    }
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
        return new ConfigError(`the TLS certificate of ${where} is not trusted (${code}); set SSL_CERT_FILE, SSL_CERT_DIR or AWS_CA_BUNDLE to its CA`);
    }
    if (e?.$metadata?.httpStatusCode === 404 && name === 'NotFound')
        return new UsageError(`bucket "${ctx.bucket}" does not exist`);
    return err instanceof Error ? err : new Error(String(err));
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
;// CONCATENATED MODULE: ./src/core/retry.ts
// Our own retry layer, for what the SDK cannot see: a body that arrived complete by HTTP's account but
// fails MD5 (or was cut short), and a local file that changed while it was being read.
// HTTP-level retries (throttling, 5xx, resets, timeouts) are the SDK's, configured in s3client.ts.

/** Thrown when bytes fail verification; worth another whole-object attempt. */
class VerifyError extends Error {
    name = 'VerifyError';
}
/** Pause between whole-object attempts; short because the SDK already backed off inside each one. */
const VERIFY_RETRY_DELAY_MS = 200;
async function withVerifyRetries(attempts, fn, signal) {
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (err) {
            if (!isRetryable(err) || attempt >= attempts || signal?.aborted)
                throw err;
            // An interrupt during the pause ends it, and no new attempt starts after one.
            await (0,promises_.setTimeout)(VERIFY_RETRY_DELAY_MS * attempt, undefined, { signal }).catch(() => { });
            if (signal?.aborted)
                throw err;
        }
    }
}
/** Verification failures, and stream errors the SDK surfaces after its own retries (premature close). */
function isRetryable(err) {
    if (err instanceof VerifyError)
        return true;
    const code = err?.code;
    return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}

;// CONCATENATED MODULE: ./src/core/tree/s3.ts
// Lists an S3 prefix into Entries (paginated ListObjectsV2). Recognises the directory-node
// conventions of other tools, and refuses keys that cannot be a relative path under the root.


/** s3sync.rb stores a directory as a key without slash whose body is this GUID line. */
const S3SYNC_DIR_ETAG = 'd66759af42f282e1ba19144df2d405d0';
const S3SYNC_DIR_SIZE = 38;
/** The same GUID with a trailing newline (39 bytes), as some ports of s3sync.rb write it. */
const S3SYNC_DIR_NL_ETAG = '0123cb7c232ca171c93c1e53746efe93';
const FOLDER_SUFFIX = '_$folder$';
function unquoteEtag(etag) {
    return (etag ?? '').replace(/^"|"$/g, '').toLowerCase();
}
function md5FromEtag(etag) {
    return /^[0-9a-f]{32}$/.test(etag) ? etag : undefined;
}
/** Classifies one key relative to the prefix: a directory node, a file, or the root node. */
function entryFromObject(obj, prefix) {
    const key = obj.Key ?? '';
    let rel = key.slice(prefix.length);
    if (rel === '')
        return 'root';
    const etag = unquoteEtag(obj.ETag);
    const size = obj.Size ?? 0;
    let kind = 'file';
    if (rel.endsWith('/')) {
        kind = 'dir';
        rel = rel.slice(0, -1);
    }
    else if (rel.endsWith(FOLDER_SUFFIX)) {
        kind = 'dir';
        rel = rel.slice(0, -FOLDER_SUFFIX.length);
    }
    else if ((size === S3SYNC_DIR_SIZE && etag === S3SYNC_DIR_ETAG) ||
        (size === S3SYNC_DIR_SIZE + 1 && etag === S3SYNC_DIR_NL_ETAG)) {
        kind = 'dir';
    }
    const why = unsafeRelativePath(rel);
    if (why)
        return { refused: why, rel: key };
    return {
        path: toKeyPath(rel),
        kind,
        size: kind === 'dir' ? 0 : size,
        mtime: Math.floor((obj.LastModified?.getTime() ?? 0) / 1000),
        etag,
        md5: kind === 'dir' ? undefined : md5FromEtag(etag),
        key,
    };
}
async function listS3(client, bucket, prefix, opts) {
    const listing = { exists: false, rootNode: false, entries: [], problems: [], incomplete: false };
    const seen = new Map();
    const pages = (0,dist_cjs/* paginateListObjectsV2 */.OqA)({ client, pageSize: 1000 }, { Bucket: bucket, Prefix: prefix, Delimiter: opts.recursive ? undefined : '/' });
    for await (const page of pages) {
        if ((page.Contents?.length ?? 0) > 0 || (page.CommonPrefixes?.length ?? 0) > 0)
            listing.exists = true;
        for (const obj of page.Contents ?? []) {
            const e = entryFromObject(obj, prefix);
            if (e === 'root') {
                listing.rootNode = true;
                continue;
            }
            if ('refused' in e) {
                listing.problems.push({ path: printableKey(e.rel), message: `unsafe key (${e.refused}), skipped` });
                continue;
            }
            if (opts.exclude(e.path, e.kind === 'dir'))
                continue;
            // Pair files and directories separately: `a` and `a/` can both exist on S3.
            const id = `${e.kind === 'dir' ? 'd' : 'f'}:${e.path}`;
            const dup = seen.get(id);
            if (dup) {
                // Two keys equal after NFC (or two directory-node styles): keep the first, say so for files.
                if (e.kind !== 'dir') {
                    listing.problems.push({
                        path: e.key ?? e.path,
                        message: `same name as key "${dup.key}" after normalisation, skipped`,
                    });
                }
                continue;
            }
            seen.set(id, e);
            listing.entries.push(e);
        }
    }
    return listing;
}

;// CONCATENATED MODULE: ./src/core/transfer/download.ts
// Moves S3 objects to local files. Bytes go to a temp file beside the target, are verified against
// the ETag (or `md5chksum`), get their mode and mtime, and only then are renamed over the target:
// the final name never holds a partial or unverified file.
















const TEMP_MARK = '.paras3-';
/** Objects up to this size are received into memory and written in one call. */
const SMALL_OBJECT = 1024 * 1024;
function downloadTransport(s) {
    const temps = new Set();
    const safeDirs = new Map();
    const madeDirs = new Set();
    let rootReal;
    /** The path on disk for a text path under the root (itself unless a native charset is set). */
    const fp = (p) => fsPathUnder(s.root, p, s.names);
    /** Refuses to write through a directory that resolves outside the root (a symlinked parent). */
    const assertInsideRoot = (dir) => {
        let p = safeDirs.get(dir);
        if (!p) {
            p = (async () => {
                rootReal ??= (0,external_node_fs_promises_.realpath)(s.root);
                const [real, root] = await Promise.all([(0,external_node_fs_promises_.realpath)(fp(dir)), rootReal]);
                if (real !== root && !real.startsWith(root + (external_node_path_default()).sep)) {
                    throw new Error(`refusing to write into ${dir}: it resolves outside ${s.root}`);
                }
            })();
            safeDirs.set(dir, p);
        }
        return p;
    };
    return {
        async mkdir(action) {
            await mkdir(fp(localPathFor(s.root, action.path)), { recursive: true });
        },
        async transfer(action, onBytes) {
            if (action.op !== 'download')
                throw new Error(`download transport cannot ${action.op}`);
            const target = localPathFor(s.root, action.path);
            const dir = external_node_path_default().dirname(target);
            // Parents exist: the plan created them (mkdir phase) or skipped this entry; --make-dirs made them too.
            if (!madeDirs.has(dir)) {
                await mkdir(fp(dir), { recursive: true });
                madeDirs.add(dir);
            }
            await assertInsideRoot(dir);
            return withVerifyRetries(s.verifyRetries, () => downloadOne(action.source, target, onBytes), s.signal);
        },
        async deleteBatch(actions) {
            const out = [];
            for (const a of actions) {
                const path = localPathFor(s.root, a.path);
                try {
                    if (a.op === 'delete' && a.dest.kind === 'dir')
                        await (0,external_node_fs_promises_.rmdir)(fp(path));
                    else
                        await unlink(fp(path));
                    out.push({ ok: true });
                }
                catch (err) {
                    const code = err.code;
                    if (code === 'ENOENT')
                        out.push({ ok: true });
                    else if (code === 'ENOTEMPTY' || code === 'EEXIST') {
                        // Excluded entries (kept unless --delete-excluded) still live in it.
                        s.onWarning?.(`kept directory ${a.path}: it still holds excluded entries`);
                        out.push({ ok: true });
                    }
                    else
                        out.push({ ok: false, error: code ?? String(err) });
                }
            }
            return out;
        },
        async cleanup() {
            await Promise.all([...temps].map((t) => unlink(fp(t)).catch(() => { })));
            temps.clear();
        },
    };
    async function downloadOne(source, target, onBytes) {
        // Beside the target (same filesystem, so the rename is atomic); a name near NAME_MAX (255 bytes)
        // would not fit with our suffix, so such a temp file goes without it.
        const base = external_node_path_default().basename(target);
        const tmp = external_node_path_default().join(external_node_path_default().dirname(target), `${Buffer.byteLength(base) > 200 ? '' : `.${base}`}${TEMP_MARK}${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
        temps.add(tmp);
        let moved = 0;
        try {
            const res = await getObject(source.key);
            const info = parseMetadata(res.Metadata);
            const body = res.Body;
            if (!body)
                throw new VerifyError(`${source.path}: empty response body`);
            const etag = unquoteEtag(res.ETag);
            if (info.symlink) {
                const chunks = [];
                for await (const c of body)
                    chunks.push(c);
                const raw = Buffer.concat(chunks);
                const expected = md5FromEtag(etag) ?? info.md5;
                if (expected && md5Hex(raw) !== expected)
                    throw new VerifyError(`${source.path}: MD5 mismatch`);
                const linkTarget = raw.toString('utf8');
                moved = raw.length;
                await (0,external_node_fs_promises_.symlink)(s.names ? s.names.encode(linkTarget) : linkTarget, fp(tmp));
                await restoreOwner(fp(tmp), info, source.path, external_node_fs_promises_.lchown);
                if (info.mtimeMs !== undefined)
                    await (0,external_node_fs_promises_.lutimes)(fp(tmp), new Date(), info.mtimeMs / 1000).catch(() => { });
                await rename(fp(tmp), fp(target));
                temps.delete(tmp);
                onBytes(moved);
                return moved;
            }
            const hasher = createPartHasher(etagParts(etag) > 1 ? s.partSize : undefined);
            const expectedSize = res.ContentLength ?? source.size;
            const cutShort = (err) => {
                // A local write error (it has a syscall) or an interrupt is final; a body that broke off is retried.
                if (s.signal?.aborted || err.syscall)
                    throw err;
                throw new VerifyError(`${source.path}: body cut short after ${moved} of ${expectedSize} bytes (${err.message})`);
            };
            let small;
            if (expectedSize <= SMALL_OBJECT) {
                // Small objects are gathered in memory and written with one call: a write stream per file
                // costs more than the whole request.
                const chunks = [];
                try {
                    for await (const chunk of body) {
                        chunks.push(chunk);
                        hasher.update(chunk);
                        moved += chunk.length;
                    }
                }
                catch (err) {
                    cutShort(err);
                }
                small = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
                onBytes(moved);
            }
            else {
                const counter = new external_node_stream_.Transform({
                    transform(chunk, _enc, cb) {
                        hasher.update(chunk);
                        moved += chunk.length;
                        onBytes(chunk.length);
                        cb(null, chunk);
                    },
                });
                await (0,external_node_stream_promises_.pipeline)(body, counter, (0,external_node_fs_.createWriteStream)(fp(tmp), { mode: 0o600 }), {
                    signal: s.signal,
                }).catch(cutShort);
            }
            if (moved !== expectedSize)
                throw new VerifyError(`${source.path}: received ${moved} of ${expectedSize} bytes`);
            const { md5, multipartEtag } = hasher.digest();
            const expectedMd5 = md5FromEtag(etag) ?? info.md5;
            if (expectedMd5 && md5 !== expectedMd5)
                throw new VerifyError(`${source.path}: MD5 mismatch (got ${md5}, expected ${expectedMd5})`);
            if (!expectedMd5 && multipartEtag && multipartEtag !== etag) {
                // Parts of another size than ours: the ETag cannot be recomputed; size was checked above.
                s.onWarning?.(`${source.path}: multipart object without md5chksum; verified by size only`);
            }
            const mode = info.mode ?? defaultFileMode();
            // Seconds as a number, not a Date: a Date would cut the stored microseconds to milliseconds.
            const mtimeSec = (info.mtimeMs ?? res.LastModified?.getTime() ?? Date.now()) / 1000;
            const owner = s.restoreOwner && (info.uid !== undefined || info.gid !== undefined) ? info : undefined;
            let stored;
            if (small) {
                // Creating a file is the one slow call (a directory update in the kernel): it goes to the thread pool.
                const fd = await openNew(fp(tmp), 'wx', 0o600);
                stored = commitSmallFile(fd, fp(tmp), fp(target), small, mode, mtimeSec, owner, (e) => s.onWarning?.(`${source.path}: cannot restore owner: ${e.code ?? e.message}`));
            }
            else {
                // Owner before mode: chown clears the setuid and setgid bits that chmod sets.
                await restoreOwner(fp(tmp), info, source.path, external_node_fs_promises_.chown);
                await chmod(fp(tmp), mode);
                await utimes(fp(tmp), new Date(), mtimeSec);
                await rename(fp(tmp), fp(target));
                if (s.onStored)
                    stored = await lstat(fp(target));
            }
            temps.delete(tmp);
            // The rename set the ctime the next run will see: the cache stamps the file as it is now.
            if (s.onStored && stored) {
                s.onStored(source.path, stampOf(stored), md5, etagParts(etag) > 1 ? multipartEtag : undefined);
            }
            return moved;
        }
        catch (err) {
            await unlink(fp(tmp)).catch(() => { });
            temps.delete(tmp);
            throw err;
        }
    }
    /** As root (restoreOwner), the stored owner and group; a failure is a warning, never a failed file. */
    async function restoreOwner(path, info, display, change) {
        if (!s.restoreOwner || (info.uid === undefined && info.gid === undefined))
            return false;
        await change(path, info.uid ?? -1, info.gid ?? -1).catch((err) => s.onWarning?.(`${display}: cannot restore owner: ${err.code ?? err.message}`));
        return true;
    }
    /** GetObject through the direct path when it can take it (see direct.ts), else through the SDK. */
    async function getObject(key) {
        const direct = directFor(s.client);
        if (direct?.usable(s.bucket)) {
            try {
                return await direct.getObject(s.bucket, key, s.signal);
            }
            catch (err) {
                if (!(err instanceof UseSdk))
                    throw err;
            }
        }
        return (await s.client.send(new dist_cjs/* GetObjectCommand */.jLs({ Bucket: s.bucket, Key: key }), {
            abortSignal: s.signal,
        }));
    }
}
/**
 * Fills a small verified file just created under its temp name, gives it its owner, mode and mtime,
 * and renames it into place, with synchronous calls on its descriptor. Deliberately synchronous: each
 * call takes microseconds on a small file, while each async fs call is a hand-off to libuv's thread
 * pool that, with client and server sharing two cores, cost more CPU (and system time) than the
 * request itself (measured: 2,000 files of 1-8 KiB, 8.5 s of client CPU all async, 6.7 s this way).
 * Returns the file's stat after the rename (its ctime is the rename's), for the MD5 cache.
 */
function commitSmallFile(fd, tmp, target, data, mode, mtimeSec, owner, onOwnerError) {
    try {
        external_node_fs_default().writeSync(fd, data);
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
/** 0666 less the umask, as a freshly created file would get. */
function defaultFileMode() {
    const mask = process.umask();
    return 0o666 & ~mask;
}

;// CONCATENATED MODULE: ./src/core/transfer/multipart.ts
// The multipart upload of one large file. Our own loop rather than @aws-sdk/lib-storage, for two
// guarantees it cannot give:
// - every part is checked against the MD5 that part had when the file was hashed (the hash that went
//   into `md5chksum`), so a file that changes while it is uploaded is caught before the upload completes
//   and the object already stored stays as it was;
// - an interrupt cancels the parts in flight and awaits AbortMultipartUpload before returning, so no
//   orphaned upload keeps billing storage (lib-storage lets in-flight parts run on and sends the abort
//   after done() has already rejected, when the caller may be gone).





/** Uploads the file in parts; returns the ETag of the completed object (unquoted, lower-case). */
async function uploadInParts(u) {
    const count = Math.ceil(u.size / u.partSize);
    if (count !== u.partMd5s.length) {
        throw new VerifyError(`${u.path} changed while it was being uploaded (size differs from its hash)`);
    }
    const { Bucket, Key } = u.params;
    // Sent without the abort signal: a cancelled request could still create an upload we never learn of.
    const created = await u.client.send(new dist_cjs/* CreateMultipartUploadCommand */.nG4(u.params));
    const UploadId = created.UploadId;
    if (!UploadId)
        throw new Error(`${u.path}: the server started a multipart upload without an id`);
    // Aborted by the caller's signal, or by the first failing part so its siblings stop too.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    u.signal?.addEventListener('abort', onAbort, { once: true });
    if (u.signal?.aborted)
        stop.abort();
    const fh = await (0,external_node_fs_promises_.open)(u.fsPath, 'r').catch(async (err) => {
        await abortUpload(u, UploadId);
        throw err;
    });
    try {
        const parts = [];
        let firstError;
        let next = 0;
        const worker = async () => {
            while (!stop.signal.aborted && next < count) {
                const n = next++;
                const body = await readPart(fh, n * u.partSize, Math.min(u.partSize, u.size - n * u.partSize));
                const md5 = md5Hex(body);
                if (body.length !== Math.min(u.partSize, u.size - n * u.partSize) || md5 !== u.partMd5s[n]) {
                    throw new VerifyError(`${u.path} changed while it was being uploaded (part ${n + 1} differs)`);
                }
                const part = new dist_cjs/* UploadPartCommand */.iVK({
                    Bucket,
                    Key,
                    UploadId,
                    PartNumber: n + 1,
                    Body: body,
                    ContentLength: body.length,
                    ContentMD5: Buffer.from(md5, 'hex').toString('base64'),
                });
                part.middlewareStack.add(unsignedPayload, { step: 'build', name: 'paras3UnsignedPart' });
                const res = await u.client.send(part, { abortSignal: stop.signal });
                // Content-MD5 makes S3 check the part; a server that ignores it still answers with the MD5 of
                // what it stored, and that must be ours.
                const etag = unquoteEtag(res.ETag);
                if (/^[0-9a-f]{32}$/.test(etag) && etag !== md5) {
                    throw new VerifyError(`${u.path}: server stored different bytes for part ${n + 1}`);
                }
                parts[n] = { PartNumber: n + 1, ETag: res.ETag };
                u.onBytes(body.length);
            }
        };
        await Promise.all(Array.from({ length: Math.min(u.queueSize, count) }, () => worker().catch((err) => {
            if (!stop.signal.aborted)
                firstError = err;
            stop.abort();
        })));
        if (firstError !== undefined || u.signal?.aborted) {
            await abortUpload(u, UploadId);
            throw firstError ?? Object.assign(new Error('upload interrupted'), { name: 'AbortError' });
        }
        const done = await u.client
            .send(new dist_cjs/* CompleteMultipartUploadCommand */.Gym({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }))
            .catch(async (err) => {
            await abortUpload(u, UploadId);
            throw err;
        });
        return unquoteEtag(done.ETag);
    }
    finally {
        u.signal?.removeEventListener('abort', onAbort);
        await fh.close();
    }
}
/**
 * The SDK signs a part's payload with SHA-256 over http (a second full pass over every byte, on top of
 * the MD5 we already compute). Content-MD5 already makes S3 verify each part, so the payload goes
 * unsigned, as S3 allows.
 */
const unsignedPayload = (next) => (args) => {
    args.request.headers['x-amz-content-sha256'] =
        'UNSIGNED-PAYLOAD';
    return next(args);
};
async function readPart(fh, position, length) {
    const buf = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
        const { bytesRead } = await fh.read(buf, filled, length - filled, position + filled);
        if (bytesRead === 0)
            break; // the file shrank: the caller sees a short part
        filled += bytesRead;
    }
    return buf.subarray(0, filled);
}
/** Never throws: the parts stay on the server (and are billed) if this fails, so that is said. */
async function abortUpload(u, UploadId) {
    await u.client
        .send(new dist_cjs/* AbortMultipartUploadCommand */.tfP({ Bucket: u.params.Bucket, Key: u.params.Key, UploadId }))
        .catch((err) => u.onWarning?.(`${u.path}: could not abort multipart upload ${UploadId} (${err.name}); its parts remain until a lifecycle rule removes them`));
}

;// CONCATENATED MODULE: ./src/core/transfer/upload.ts










const EMPTY = Buffer.alloc(0);
const EMPTY_MD5 = Buffer.from(md5Hex(EMPTY), 'hex').toString('base64');
/** Files up to this size are read into memory whole and sent with one PutObject. */
const upload_SMALL_FILE = 1024 * 1024;
/** Parts of one file in flight at once. */
const PART_QUEUE = 4;
function uploadTransport(s) {
    const common = (path, entry, md5ForMeta) => {
        const h = s.headers(path);
        return {
            Bucket: s.bucket,
            ContentType: entry?.kind === 'file' ? h.contentType : undefined,
            CacheControl: entry?.kind === 'file' ? h.cacheControl : undefined,
            Expires: s.expires && entry?.kind === 'file' ? new Date(s.expires) : undefined,
            ACL: s.publicRead ? 'public-read' : undefined,
            Metadata: entry ? metadataFor(entry, md5ForMeta) : undefined,
        };
    };
    return {
        async mkdir(action) {
            // The S3 console's folder convention: a zero-byte `dir/` object.
            const source = action.op === 'mkdir' ? action.source : undefined;
            await send(s, {
                ...common(action.path, source),
                Key: dirKey(s.prefix, action.path),
                Body: EMPTY,
                ContentMD5: EMPTY_MD5,
                ContentLength: 0,
            });
        },
        async transfer(action, onBytes) {
            if (action.op !== 'upload')
                throw new Error(`upload transport cannot ${action.op}`);
            return withVerifyRetries(s.verifyRetries, () => uploadOne(action.source, onBytes), s.signal);
        },
        async deleteBatch(actions) {
            const out = [];
            for (let i = 0; i < actions.length; i += 1000) {
                const batch = actions.slice(i, i + 1000);
                const keys = batch.map((a) => (a.op === 'delete' ? (a.dest.key ?? fileKey(s.prefix, a.path)) : ''));
                const res = await s.client.send(new dist_cjs/* DeleteObjectsCommand */.xvx({
                    Bucket: s.bucket,
                    Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
                }), { abortSignal: s.signal });
                const errors = new Map((res.Errors ?? []).map((e) => [e.Key, `${e.Code}: ${e.Message}`]));
                for (const key of keys)
                    out.push(errors.has(key) ? { ok: false, error: errors.get(key) } : { ok: true });
            }
            return out;
        },
    };
    async function uploadOne(entry, onBytes) {
        if (!entry.fsPath)
            throw new Error(`upload: ${entry.path} has no local path`);
        const key = fileKey(s.prefix, entry.path);
        if (entry.kind === 'file' && entry.size <= upload_SMALL_FILE) {
            // The common case, in four fs calls: still the file that was listed, so one consistent version.
            const snap = readIfUnchanged(entry.fsPath, entry);
            if (snap) {
                const { stat } = snap;
                const current = { ...entry, mtimeMs: stat.mtimeMs, mode: stat.mode, uid: stat.uid, gid: stat.gid };
                const md5 = await putVerified(key, snap.body, current);
                s.onStored?.(entry.path, stampOf(stat), md5);
                onBytes(snap.body.length);
                return snap.body.length;
            }
        }
        // Changed since it was listed, a symlink or a large file: stat before and after every read.
        const before = await lstat(entry.fsPath);
        const fresh = {
            ...entry,
            size: before.size,
            mtimeMs: before.mtimeMs,
            mode: before.mode,
            uid: before.uid,
            gid: before.gid,
        };
        // Replaced since it was listed: never read a FIFO or device that took a file's place (it would block).
        if (entry.kind === 'file' ? !before.isFile() : !before.isSymbolicLink()) {
            throw new Error(`${entry.path} is no longer a ${entry.kind === 'file' ? 'regular file' : 'symlink'}`);
        }
        if (entry.kind === 'symlink') {
            // The link target is a name too: in a native charset other than UTF-8 it is decoded like one.
            const body = s.names
                ? Buffer.from(s.names.decode(await readlink(entry.fsPath, { encoding: 'buffer' })))
                : Buffer.from(await readlink(entry.fsPath));
            await putVerified(key, body, fresh);
            onBytes(body.length);
            return body.length;
        }
        if (before.size <= s.multipartThreshold || before.size <= s.partSize) {
            const body = await readFile(entry.fsPath);
            await assertUnchanged(entry, before, body.length);
            const md5 = await putVerified(key, body, fresh);
            if (entry.kind === 'file')
                s.onStored?.(entry.path, stampOf(before), md5);
            onBytes(body.length);
            return body.length;
        }
        return uploadMultipart(key, fresh, before, onBytes);
    }
    /** Sends one whole object; resolves with its MD5 once the server stored exactly those bytes. */
    async function putVerified(key, body, entry) {
        const md5 = md5Hex(body);
        const res = await send(s, {
            ...common(entry.path, entry),
            Key: key,
            Body: body,
            ContentMD5: Buffer.from(md5, 'hex').toString('base64'),
            ContentLength: body.length,
        });
        const etag = unquoteEtag(res.ETag);
        // Content-MD5 already made the server check; a differing ETag means a server that ignored it.
        if (etag && /^[0-9a-f]{32}$/.test(etag) && etag !== md5) {
            throw new VerifyError(`${entry.path}: server stored different bytes (ETag ${etag}, local MD5 ${md5})`);
        }
        return md5;
    }
    async function uploadMultipart(key, entry, before, onBytes) {
        const fsPath = entry.fsPath;
        const { md5, multipartEtag, partMd5s } = await hashFile(fsPath, s.partSize);
        if (!partMd5s)
            throw new VerifyError(`${entry.path} changed while it was being uploaded (it shrank)`);
        const etag = await uploadInParts({
            client: s.client,
            params: { ...common(entry.path, entry, md5), Key: key },
            fsPath,
            path: entry.path,
            size: before.size,
            partSize: s.partSize,
            partMd5s,
            queueSize: PART_QUEUE,
            signal: s.signal,
            onBytes,
            onWarning: s.onWarning,
        });
        await assertUnchanged(entry, before, before.size);
        // S3 answers with the multipart ETag of what it assembled; some servers with the whole-file MD5.
        const expected = etag.includes('-') ? multipartEtag : md5;
        if (etag !== expected) {
            throw new VerifyError(`${entry.path}: server stored different bytes (ETag ${etag}, expected ${expected})`);
        }
        s.onStored?.(entry.path, stampOf(before), md5, multipartEtag);
        return before.size;
    }
}
/** Fails the attempt (and so retries it) when the file changed while it was read. */
async function assertUnchanged(entry, before, bytesRead) {
    const after = await lstat(entry.fsPath);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || bytesRead !== before.size) {
        throw new VerifyError(`${entry.path} changed while it was being uploaded`);
    }
}
async function send(s, input) {
    try {
        const direct = directFor(s.client);
        if (direct?.usable(s.bucket) && Buffer.isBuffer(input.Body) && input.ContentMD5) {
            try {
                return await direct.putObject(input, s.signal);
            }
            catch (err) {
                if (!(err instanceof UseSdk))
                    throw err;
            }
        }
        return await s.client.send(new dist_cjs/* PutObjectCommand */.wKZ(input), { abortSignal: s.signal });
    }
    catch (err) {
        const code = err.name;
        if (code === 'AccessControlListNotSupported') {
            throw new FatalSyncError(`bucket "${s.bucket}" has ACLs disabled (Object Ownership: bucket owner enforced), so --public-read cannot be applied; drop it and grant public read with a bucket policy instead`);
        }
        throw err;
    }
}
function fileKey(prefix, path) {
    return prefix + path;
}
function dirKey(prefix, path) {
    return path === '' ? prefix : `${prefix}${path}/`;
}

;// CONCATENATED MODULE: ./src/core/tree/local.ts
// Walks a local directory into Entries. Never follows symlinks (they are entries of their own),
// prunes excluded directories instead of walking them, and reports what it cannot read
// instead of aborting, marking the listing incomplete so no delete trusts it.








// Directory reads in flight at once: enough to keep the disk queue busy without a stat storm.
const WALK_CONCURRENCY = 16;
async function listLocal(root, opts) {
    const rootStat = await (0,external_node_fs_promises_.stat)(root).catch((err) => {
        if (err.code === 'ENOENT')
            return null;
        throw new UsageError(`cannot read ${root}: ${err.code ?? err.message}`);
    });
    if (!rootStat)
        return { exists: false, entries: [], problems: [], incomplete: false };
    if (!rootStat.isDirectory())
        throw new UsageError(`${root} is not a directory`);
    const listing = { exists: true, entries: [], problems: [], incomplete: false };
    const limit = (0,p_limit/* default */.A)(WALK_CONCURRENCY);
    const pending = [];
    const problem = (path, err, what) => {
        listing.problems.push({ path, message: `cannot ${what}: ${err.code ?? err.message}` });
        listing.incomplete = true;
    };
    const codec = opts.names;
    const walk = async (dir, rel) => {
        let dirents;
        try {
            dirents = codec
                ? await (0,external_node_fs_promises_.readdir)(dir, { withFileTypes: true, encoding: 'buffer' })
                : await (0,external_node_fs_promises_.readdir)(dir, { withFileTypes: true });
        }
        catch (err) {
            problem(rel || '.', err, 'read directory');
            return;
        }
        await Promise.all(dirents.map(async (d) => {
            const name = toKeyPath(codec ? codec.decode(d.name) : d.name);
            const path = rel ? `${rel}/${name}` : name;
            const fsPath = codec
                ? joinFsPath(dir, d.name, (external_node_path_default()).sep)
                : external_node_path_default().join(dir, d.name);
            const isDir = d.isDirectory();
            if (opts.exclude(path, isDir))
                return;
            if (isDir && !opts.recursive)
                return;
            if (!isDir && !d.isFile() && !d.isSymbolicLink()) {
                opts.onWarning?.(`skipping ${path}: not a regular file, directory or symlink`);
                return;
            }
            let st;
            try {
                st = await lstat(fsPath);
            }
            catch (err) {
                problem(path, err, 'stat');
                return;
            }
            const entry = {
                path,
                kind: isDir ? 'dir' : d.isSymbolicLink() ? 'symlink' : 'file',
                size: isDir ? 0 : st.size,
                mtime: Math.floor(st.mtimeMs / 1000),
                mtimeMs: st.mtimeMs,
                stamp: isDir ? undefined : stampOf(st),
                ctime: Math.floor(st.ctimeMs / 1000),
                fsPath,
                mode: st.mode,
                uid: st.uid,
                gid: st.gid,
            };
            if (entry.kind === 'symlink') {
                try {
                    entry.linkTarget = codec
                        ? codec.decode(await (0,external_node_fs_promises_.readlink)(fsPath, { encoding: 'buffer' }))
                        : await (0,external_node_fs_promises_.readlink)(fsPath);
                    entry.size = Buffer.byteLength(entry.linkTarget);
                }
                catch (err) {
                    problem(path, err, 'read link');
                    return;
                }
            }
            listing.entries.push(entry);
            if (isDir)
                pending.push(limit(() => walk(fsPath, path)));
        }));
    };
    await limit(() => walk(root, ''));
    // Walks enqueue further walks; drain until no new work appears.
    for (let i = 0; i < pending.length; i++)
        await pending[i];
    return listing;
}

;// CONCATENATED MODULE: ./src/core/sync.ts
// The engine's one entry: list both sides → hash where needed → plan → execute → report.
// It never prints and never exits; front ends render what it reports and returns.















async function sync(options, deps, events = {}) {
    const started = Date.now();
    const direction = options.source.kind === 'local' ? 'upload' : 'download';
    const s3 = (options.source.kind === 's3' ? options.source : options.destination);
    const { client, signal } = deps;
    // Every in-flight request listens on this one signal (threads × multipart parts); past 10 listeners
    // Node prints a MaxListenersExceededWarning on stderr, which is noise, not a leak.
    if (signal)
        (0,external_node_events_.setMaxListeners)(0, signal);
    const names = nameCodec(options.nativeCharset);
    const excluded = compileGlobs(options.exclude);
    const never = () => false;
    const list = (loc, exclude) => loc.kind === 'local'
        ? listLocal(loc.root, { recursive: options.recursive, exclude, onWarning: events.onWarning, names })
        : listS3(client, loc.bucket, loc.prefix, {
            recursive: options.recursive,
            exclude: excludeWithAncestors(exclude),
            onWarning: events.onWarning,
        }).catch((err) => {
            throw describeS3Error(err, { bucket: loc.bucket, endpoint: deps.endpointLabel });
        });
    // Both listings run at once; either failing fails the run before anything is planned or deleted.
    // Excluded destination entries are not even listed (so never deleted) unless --delete-excluded.
    const [src, dst] = await Promise.all([
        list(options.source, excluded),
        list(options.destination, options.deleteExcluded ? never : excluded),
    ]);
    if (!src.exists) {
        // As the user typed it, without the display's trailing slash: `source /x/y does not exist`.
        const where = options.source.kind === 'local' ? options.source.root : options.sourceDisplay;
        throw new UsageError(`source ${where} does not exist`);
    }
    events.onDebug?.(`listed ${src.entries.length} source and ${dst.entries.length} destination entries`);
    const localSide = direction === 'upload' ? src : dst;
    const localRoot = (options.source.kind === 'local' ? options.source : options.destination);
    const cache = options.md5 && options.md5CacheDir
        ? await Md5Cache.open(options.md5CacheDir, localRoot.root, options.partSize)
        : Md5Cache.disabled();
    const hashes = await hashForComparison(src, dst, {
        direction,
        md5: options.md5,
        partSize: options.partSize,
        threads: options.threads,
        client,
        bucket: s3.bucket,
        signal,
        cache,
    });
    events.onDebug?.(`MD5: ${hashes.hashed} local files hashed, ${hashes.reused} taken from the MD5 cache`);
    const plan = planSync(src, dst, {
        direction,
        md5: options.md5,
        delete: options.delete,
        maxDelete: options.maxDelete,
        makeDirs: options.makeDirs,
        destRootPresent: options.destination.kind === 'local' ? dst.exists : (dst.rootNode ?? false),
        destRootNeedsNode: options.destination.kind === 'local' || options.destination.prefix !== '',
    });
    // Problems of the side we read from are entries we could not sync; those of an S3 destination
    // (keys we would never write) are only worth a warning.
    const problems = [...src.problems, ...plan.skipped];
    if (options.destination.kind === 'local')
        problems.push(...dst.problems);
    else
        for (const p of dst.problems)
            events.onWarning?.(`destination key ${p.path}: ${p.message}`);
    if (plan.deleteRefused)
        events.onWarning?.(plan.deleteRefused);
    events.onPlan?.(plan);
    const report = (results, interrupted) => {
        const totals = totalsOf(plan, results, problems.length, options.dryrun);
        return {
            source: options.sourceDisplay,
            destination: options.destinationDisplay,
            direction,
            dryrun: options.dryrun,
            plan,
            results,
            problems,
            totals,
            durationMs: Date.now() - started,
            ok: totals.failed === 0 && totals.skipped === 0 && !plan.deleteRefused && !interrupted,
            interrupted: interrupted || undefined,
        };
    };
    // The one dry-run gate: nothing below this line runs in a dry run.
    if (options.dryrun)
        return report([], false);
    const transport = options.destination.kind === 's3'
        ? uploadTransport({
            client,
            bucket: options.destination.bucket,
            prefix: options.destination.prefix,
            publicRead: options.publicRead,
            expires: options.expires,
            multipartThreshold: options.multipartThreshold,
            partSize: options.partSize,
            headers: headerLookup(options.cacheControl, options.mimeTypes),
            verifyRetries: options.verifyRetries,
            signal,
            onWarning: events.onWarning,
            names,
            onStored: (path, stamp, md5, mp) => cache.remember(path, stamp, md5, mp),
        })
        : downloadTransport({
            client,
            bucket: s3.bucket,
            root: options.destination.root,
            partSize: options.partSize,
            restoreOwner: options.restoreOwner,
            verifyRetries: options.verifyRetries,
            signal,
            onWarning: events.onWarning,
            names,
            onStored: options.md5CacheDir
                ? (path, stamp, md5, mp) => cache.remember(path, stamp, md5, mp)
                : undefined,
        });
    try {
        const { results, fatal } = await executePlan(plan, transport, {
            threads: options.threads,
            direction,
            signal,
            events,
        });
        if (fatal)
            throw fatal;
        await saveCache(cache, localSide, results, events);
        return report(results, signal?.aborted ?? false);
    }
    finally {
        await transport.cleanup?.();
    }
}
/** Keeps the hashes of the local files that exist after this run; a cache that cannot be written is a warning. */
async function saveCache(cache, local, results, events) {
    const present = new Set(local.entries.filter((e) => e.kind === 'file').map((e) => e.path));
    for (const r of results) {
        if (r.status !== 'done')
            continue;
        if (r.action.op === 'download')
            present.add(r.action.path);
        if (r.action.op === 'delete' && r.action.dest.fsPath)
            present.delete(r.action.path);
    }
    await cache
        .save(present)
        .catch((err) => events.onWarning?.(`cannot write the MD5 cache: ${err.message}`));
}
function totalsOf(plan, results, problems, dryrun) {
    const t = {
        created: 0,
        updated: 0,
        deleted: 0,
        unchanged: plan.unchanged,
        failed: 0,
        skipped: problems,
        bytes: 0,
    };
    // A dry run counts what would happen; a real run counts what did.
    const done = dryrun ? plan.actions : results.filter((r) => r.status === 'done').map((r) => r.action);
    for (const a of done) {
        if (a.op === 'delete')
            t.deleted++;
        else if (isTransfer(a) && a.dest)
            t.updated++;
        else
            t.created++;
        if (dryrun && isTransfer(a))
            t.bytes += a.size;
    }
    for (const r of results) {
        if (r.status === 'failed')
            t.failed++;
        if (r.status === 'skipped')
            t.skipped++;
        t.bytes += r.bytes;
    }
    return t;
}

;// CONCATENATED MODULE: ./src/cli/args.ts
// Command-line parsing: argv → a SyncRequest plus the flag layer of the settings.



/** Which flag sets which setting, and how it is named in messages. */
const SETTING_FLAGS = {
    THREADS: '--threads',
    AWS_ENDPOINT_URL: '--endpoint',
    AWS_REGION: '--region',
    PARAS3_MAX_DELETE: '--max-delete',
};
const OPTIONS = {
    recursive: { type: 'boolean', short: 'r' },
    dryrun: { type: 'boolean', short: 'n' },
    delete: { type: 'boolean', short: 'd' },
    'public-read': { type: 'boolean', short: 'p' },
    ssl: { type: 'boolean', short: 's' },
    'no-md5': { type: 'boolean' },
    'make-dirs': { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    debug: { type: 'boolean' },
    progress: { type: 'boolean' },
    json: { type: 'boolean' },
    exclude: { type: 'string', multiple: true },
    'exclude-from': { type: 'string', multiple: true },
    'delete-excluded': { type: 'boolean' },
    'cache-control': { type: 'string', multiple: true },
    expires: { type: 'string' },
    threads: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    'max-delete': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
};
function parseCli(argv) {
    let parsed;
    try {
        parsed = (0,external_node_util_.parseArgs)({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    }
    catch (err) {
        // Node's messages are long and mention internals; keep the part that names the option.
        const msg = err.message.split('. ')[0] ?? String(err);
        throw new UsageError(`${msg.replace(/^Unknown option/, 'unknown option')} (see paras3 --help)`);
    }
    const v = parsed.values;
    if (v.help)
        return { kind: 'help' };
    if (v.version)
        return { kind: 'version' };
    const [source, destination, ...extra] = parsed.positionals;
    if (source === undefined || destination === undefined)
        throw new UsageError('SOURCE and DESTINATION are required (see paras3 --help)');
    if (extra.length > 0)
        throw new UsageError(`unexpected argument "${extra[0]}": give exactly one SOURCE and one DESTINATION`);
    return {
        kind: 'sync',
        args: {
            request: {
                source,
                destination,
                recursive: v.recursive ?? false,
                dryrun: v.dryrun ?? false,
                delete: v.delete ?? false,
                deleteExcluded: v['delete-excluded'] ?? false,
                publicRead: v['public-read'] ?? false,
                ssl: v.ssl ?? false,
                md5: !(v['no-md5'] ?? false),
                makeDirs: v['make-dirs'] ?? false,
                exclude: v.exclude ?? [],
                excludeFrom: v['exclude-from'] ?? [],
                cacheControl: v['cache-control'] ?? [],
                expires: v.expires,
            },
            settingFlags: {
                THREADS: v.threads,
                AWS_ENDPOINT_URL: v.endpoint,
                AWS_REGION: v.region,
                PARAS3_MAX_DELETE: v['max-delete'],
            },
            verbose: v.verbose ?? false,
            debug: v.debug ?? false,
            progress: v.progress ?? false,
            json: v.json ?? false,
        },
    };
}
const USAGE = `Usage: paras3 [options] SOURCE DESTINATION

Mirror a directory tree between a local path and S3, in either direction.
Exactly one side is S3: bucket:prefix or s3://bucket/prefix (bucket: alone is
the bucket root; C:\\... is a local path). A trailing slash on SOURCE means
"its contents"; without one, the directory itself is copied. As a DESTINATION,
bucket:pre and bucket:pre/ mean the same; a missing local directory is created.

  paras3 -r /etc mybucket:pre                   keys pre/etc/...
  paras3 -r /etc/ mybucket:pre/etcbackup        keys pre/etcbackup/...
  paras3 -r mybucket:pre/etc/ /root/etcrestore  files /root/etcrestore/...
  paras3 -r mybucket:pre/etc /root              files /root/etc/...
  paras3 -r --make-dirs mybucket:pre/etc/ /root/etcrestore
                            also create directories that S3 has no nodes for

Try every new command with -n (--dryrun) first, especially with --delete.

Options:
  -r, --recursive          descend into directories (else only the top level)
  -n, --dryrun             print every planned action with sizes; change nothing
  -d, --delete             delete destination entries the source does not have
      --max-delete N       refuse all deletes if more than N would happen
  -p, --public-read        make uploaded objects public (ACL public-read)
  -s, --ssl                use https with AWS_S3_HOST
      --no-md5             compare size, then time (not size, then MD5)
      --make-dirs          on download, create directories that have no node
                           on S3 (for trees written by other tools)
      --exclude GLOB       skip matching paths (repeatable). Without '/' GLOB
                           matches a name at any depth, with '/' the path from
                           the synced root; a trailing '/' matches directories
                           only. Excluded directories are not walked, and
                           excluded destination paths are never deleted.
      --exclude-from FILE  read exclude globs from FILE: one a line, # comments
      --delete-excluded    delete excluded destination paths too (implies -d)
      --cache-control V    Cache-Control for uploads; GLOB=V for matching
                           paths only (repeatable)
      --expires DATE       Expires header for uploads (2030-01-01T00:00:00Z)
      --threads N          parallel transfers (default ${DEFAULT_THREADS}; env THREADS)
      --endpoint URL       S3-compatible endpoint (env AWS_ENDPOINT_URL)
      --region R           AWS region (env AWS_REGION; default us-east-1)
  -v, --verbose            say why each entry is transferred
      --debug              show settings with their origin, and stack traces
      --progress           show a progress bar on stderr (on a terminal)
      --json               print one JSON report on stdout, nothing else
  -h, --help               show this help
      --version            show the version

Settings (flags win over env vars, env vars over an ini file; see README):
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY  credentials (or the SDK's chain)
  AWS_S3_HOST=host[:port]                   S3-compatible server (http, or -s)
  AWS_CALLING_FORMAT=REGULAR|SUBDOMAIN      path-style or virtual-hosted
  AWS_ENDPOINT_URL, AWS_REGION, THREADS, S3SYNC_RETRIES, ...

Exit status: 0 all done; 1 some entries failed or were skipped (each named on
stderr); 2 bad usage or settings; 130 interrupted.`;

;// CONCATENATED MODULE: ./src/cli/json.ts
// The --json document: one object with the plan, the results and the totals.

function jsonReport(r) {
    const results = new Map(r.results.map((x) => [x.action, x]));
    return {
        source: r.source,
        destination: r.destination,
        direction: r.direction,
        dryrun: r.dryrun,
        ok: r.ok,
        interrupted: r.interrupted ?? false,
        durationMs: r.durationMs,
        totals: r.totals,
        deleteRefused: r.plan.deleteRefused ?? null,
        actions: r.plan.actions.map((a) => {
            const res = results.get(a);
            return {
                action: planVerb(a),
                op: a.op,
                path: a.path,
                kind: a.op === 'mkdir' ? 'dir' : a.op === 'delete' ? a.dest.kind : a.source.kind,
                size: a.op === 'mkdir' ? 0 : a.size,
                reason: reasonText(a) ?? null,
                status: res?.status ?? (r.dryrun ? 'planned' : 'not run'),
                error: res?.error ?? null,
            };
        }),
        problems: r.problems,
    };
}

;// CONCATENATED MODULE: ./src/cli/output.ts
// Buffered line output: one write per batch of lines instead of one syscall per action, which
// matters when a sync prints a line for each of 100,000 files.
class LineWriter {
    out;
    lines = [];
    scheduled = false;
    constructor(out) {
        this.out = out;
    }
    line(text) {
        this.lines.push(text);
        if (!this.scheduled) {
            this.scheduled = true;
            setImmediate(() => this.flush());
        }
    }
    flush() {
        this.scheduled = false;
        if (this.lines.length === 0)
            return;
        this.out.write(`${this.lines.join('\n')}\n`);
        this.lines = [];
    }
}

;// CONCATENATED MODULE: ./src/cli/progress.ts
// A one-line progress bar on stderr: bytes, files and rate, redrawn at most ten times a second.

class ProgressBar {
    out;
    color;
    last = 0;
    started = Date.now();
    drawn = false;
    constructor(out, color) {
        this.out = out;
        this.color = color;
    }
    update(p, force = false) {
        const now = Date.now();
        if (!force && now - this.last < 100)
            return;
        this.last = now;
        const width = 24;
        const frac = p.bytesTotal > 0
            ? Math.min(1, p.bytesDone / p.bytesTotal)
            : p.filesTotal > 0
                ? p.filesDone / p.filesTotal
                : 1;
        const filled = Math.round(frac * width);
        const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
        const secs = Math.max(0.001, (now - this.started) / 1000);
        const rate = formatRate(p.bytesDone / secs);
        const bytes = `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}`;
        const text = `[${this.color ? `\x1b[32m${bar}\x1b[0m` : bar}] ${Math.round(frac * 100)}% ${bytes} ${p.filesDone}/${p.filesTotal} files ${rate}`;
        this.out.write(`\r${text}\x1b[K`);
        this.drawn = true;
    }
    /** Clears the bar so the next line of output starts clean. */
    clear() {
        if (this.drawn)
            this.out.write('\r\x1b[K');
        this.drawn = false;
    }
}
function formatRate(bytesPerSec) {
    const mb = bytesPerSec / 1e6;
    return mb >= 1 ? `${mb.toFixed(1)} MB/s` : `${(bytesPerSec / 1e3).toFixed(1)} kB/s`;
}

;// CONCATENATED MODULE: ./src/cli/main.ts
// The paras3 command: argv → options → sync() → text, progress or JSON. Returns the exit status;
// only index.ts exits.











const defaultIO = () => ({
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signals: process,
    exitNow: (code) => process.exit(code),
});
async function main(argv, io = defaultIO()) {
    const out = new LineWriter(io.stdout);
    const err = new LineWriter(io.stderr);
    let debug = argv.includes('--debug');
    const fail = (e) => {
        err.line(`paras3: ${oneLine(e)}`);
        if (debug && e instanceof Error && e.stack)
            err.line(e.stack);
        return exitCodeFor(e);
    };
    let command;
    try {
        command = parseCli(argv);
    }
    catch (e) {
        const code = fail(e);
        err.flush();
        return code;
    }
    if (command.kind === 'help' || command.kind === 'version') {
        io.stdout.write(`${command.kind === 'help' ? USAGE : VERSION}\n`);
        return 0;
    }
    const args = command.args;
    debug = args.debug;
    const controller = new AbortController();
    // First SIGINT/SIGTERM: stop starting work, cancel what is in flight, abort multipart uploads and
    // remove temp files, then report and exit 130. A second one quits at once, cleanup or not.
    const onSignal = () => {
        if (!controller.signal.aborted) {
            err.line('paras3: interrupting: finishing cleanup (press Ctrl-C again to quit at once)');
            controller.abort();
            return;
        }
        err.line('paras3: interrupted again: quitting without cleanup');
        out.flush();
        err.flush();
        io.exitNow?.(130);
    };
    io.signals.on('SIGINT', onSignal);
    io.signals.on('SIGTERM', onSignal);
    let client;
    try {
        const settings = loadSettings({
            flags: args.settingFlags,
            flagNames: SETTING_FLAGS,
            env: io.env,
            onDebug: debug ? (m) => err.line(`debug: ${m}`) : undefined,
        });
        const config = resolveConfig(args.request, settings, { cwd: io.cwd });
        client = createS3Client(config.client);
        const { options } = config;
        const text = !args.json;
        if (text)
            out.line(`${options.dryrun ? 'dry run: ' : ''}${options.sourceDisplay} → ${options.destinationDisplay}`);
        const bar = args.progress && io.stderr.isTTY ? new ProgressBar(io.stderr, !io.env.NO_COLOR) : undefined;
        const events = {
            onPlan(plan) {
                if (text && options.dryrun)
                    for (const a of plan.actions)
                        out.line(planLine(a));
            },
            onAction(r) {
                bar?.clear();
                if (r.status === 'done' && text)
                    out.line(doneLine(r.action, r.bytes, { reason: args.verbose }));
                else if (r.status === 'failed')
                    err.line(`paras3: failed to ${r.action.op} ${r.action.path}: ${r.error}`);
                else if (r.status === 'skipped' && (args.verbose || r.error !== 'interrupted')) {
                    err.line(`paras3: skipped ${r.action.op} ${r.action.path}: ${r.error}`);
                }
            },
            onWarning(m) {
                bar?.clear();
                err.line(`paras3: warning: ${m}`);
            },
            onProgress: bar ? (p) => bar.update(p) : undefined,
            onDebug: debug ? (m) => err.line(`debug: ${m}`) : undefined,
        };
        const report = await sync(options, { client, signal: controller.signal, endpointLabel: config.endpointLabel }, events);
        bar?.clear();
        for (const p of report.problems)
            err.line(`paras3: skipped ${p.path}: ${p.message}`);
        if (report.plan.deleteRefused)
            err.line(`paras3: deletes refused: ${report.plan.deleteRefused}`);
        if (text)
            out.line(summaryLine(report));
        else
            out.line(JSON.stringify(jsonReport(report), null, 2));
        if (report.interrupted)
            return 130;
        return report.ok ? 0 : 1;
    }
    catch (e) {
        if (controller.signal.aborted) {
            err.line('paras3: interrupted');
            return 130;
        }
        return fail(e);
    }
    finally {
        out.flush();
        err.flush();
        io.signals.off('SIGINT', onSignal);
        io.signals.off('SIGTERM', onSignal);
        // Keep-alive sockets would otherwise hold the process open.
        client?.destroy();
    }
}


/***/ })

};
