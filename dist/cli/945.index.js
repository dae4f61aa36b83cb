export const id = 945;
export const ids = [945];
export const modules = {

/***/ 9238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  s5: () => (/* binding */ DEFAULT_THREADS),
  ry: () => (/* binding */ clientSettings),
  Zm: () => (/* binding */ isLocalEndpoint),
  wc: () => (/* binding */ md5CacheDir),
  pE: () => (/* binding */ resolveConfig)
});

// UNUSED EXPORTS: DEFAULT_TIMEOUT, filterRules, readPatternFile, uploadChoices

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/headers.ts
var headers = __webpack_require__(8341);
// EXTERNAL MODULE: ./src/core/limits.ts
var limits = __webpack_require__(6419);
// EXTERNAL MODULE: ./src/core/location.ts
var core_location = __webpack_require__(1324);
// EXTERNAL MODULE: ./src/core/names.ts
var names = __webpack_require__(2483);
// EXTERNAL MODULE: ./src/core/proxy.ts
var core_proxy = __webpack_require__(4819);
// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __webpack_require__(7253);
;// CONCATENATED MODULE: ./src/config/files.ts
// Settings that name files: extra CA certificates (SSL_CERT_FILE, SSL_CERT_DIR, AWS_CA_BUNDLE) and a
// mime.types file (S3SYNC_MIME_TYPES_FILE). Each is read once (CA files when TLS first needs them, see
// config/transport.ts); a file that cannot be read, or holds nothing usable, is a ConfigError naming
// the setting, the value and its origin.



const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
function fail(name, v, problem) {
    throw new errors/* ConfigError */.xL(`${name}=${JSON.stringify(v.value)} (from ${v.origin}) ${problem}`);
}
function cannotRead(name, v, path, err) {
    const code = (0,errors/* errorCode */.CA)(err);
    const what = path === v.value ? '' : ` (${path})`;
    fail(name, v, `cannot be read${what}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? err)}`);
}
function readSetting(name, v, path = v.value) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (err) {
        cannotRead(name, v, path, err);
    }
}
/** Fails as reading the file would if it cannot be opened for reading, without reading it. */
function assertReadableFile(name, v) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(v.value, 'r');
        if ((0,external_node_fs_.fstatSync)(fd).isDirectory())
            throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    catch (err) {
        cannotRead(name, v, v.value, err);
    }
    finally {
        if (fd !== undefined)
            (0,external_node_fs_.closeSync)(fd);
    }
}
/** The names in a directory setting's directory. */
function listDirSetting(name, v) {
    try {
        return (0,external_node_fs_.readdirSync)(v.value).sort();
    }
    catch (err) {
        const code = (0,errors/* errorCode */.CA)(err);
        fail(name, v, `cannot be read: ${code === 'ENOENT' ? 'no such directory' : (code ?? err)}`);
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
    const files = listDirSetting(name, v);
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

// EXTERNAL MODULE: ./src/config/parse.ts
var parse = __webpack_require__(8353);
// EXTERNAL MODULE: ./node_modules/ini/lib/ini.js
var ini = __webpack_require__(5756);
;// CONCATENATED MODULE: ./src/config/profile.ts
// AWS_PROFILE (or the ini file's) must name a profile that exists: the SDK's chain would otherwise end
// in "no AWS credentials found", which does not say which profile was missing or where it was sought.
// Checked before any request, in the files the SDK reads: AWS_CONFIG_FILE (~/.aws/config, sections
// `[profile NAME]`, or `[default]`) and AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials, `[NAME]`).




/**
 * The profile to take credentials from, trimmed: ` dev ` (a stray space in a YAML `env:` or an ini
 * line) is the profile `dev` for the existence check and for the SDK alike.
 */
function profileName(settings) {
    return settings.get('AWS_PROFILE')?.value.trim();
}
function assertProfileExists(settings) {
    const profile = settings.get('AWS_PROFILE');
    const name = profileName(settings);
    if (!profile || name === undefined)
        return;
    const home = settings.get('HOME')?.value ?? settings.get('USERPROFILE')?.value;
    const config = settings.get('AWS_CONFIG_FILE')?.value ?? (home ? external_node_path_default().join(home, '.aws', 'config') : undefined);
    const creds = settings.get('AWS_SHARED_CREDENTIALS_FILE')?.value ??
        (home ? external_node_path_default().join(home, '.aws', 'credentials') : undefined);
    const inConfig = sections(config);
    const inCreds = sections(creds);
    if (inConfig.has(`profile ${name}`) || (name === 'default' && inConfig.has('default')) || inCreds.has(name))
        return;
    const where = [config, creds].filter((f) => f !== undefined).join(' or ') ||
        'no AWS config files (HOME is not set)';
    throw new errors/* ConfigError */.xL(`AWS profile "${name}" (from ${profile.origin}) is not in ${where}`);
}
/** The section names of an ini file; none when it cannot be read. */
function sections(file) {
    if (!file)
        return new Set();
    try {
        return new Set(Object.keys((0,ini.parse)((0,external_node_fs_.readFileSync)(file, 'utf8'))).map((k) => k.trim()));
    }
    catch {
        return new Set();
    }
}

// EXTERNAL MODULE: ./src/config/userinfo.ts
var userinfo = __webpack_require__(9855);
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
    const port = (0,parse/* parseIntSetting */.x3)('HTTP_PROXY_PORT', portSetting, 1, 65535);
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
            throw new errors/* ConfigError */.xL(`HTTP_PROXY_PORT is set (from ${portSetting.origin}) but HTTP_PROXY_HOST is not`);
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
            throw new errors/* ConfigError */.xL(`${name} is set (from ${auth.origin}) but no proxy is: set HTTP_PROXY_HOST, HTTPS_PROXY or HTTP_PROXY`);
        }
        return undefined;
    }
    return { http, https, noProxy: (0,core_proxy/* parseNoProxy */.zb)(settings.get('NO_PROXY')?.value) };
}
/** A proxy as a URL; `host[:port]` means http://. Messages show the value with its password masked. */
function proxyUrl(name, v, urlAllowed) {
    const text = v.value.trim();
    const shown = JSON.stringify((0,userinfo/* maskUrlPassword */.j)(text));
    const bad = (why) => {
        throw new errors/* ConfigError */.xL(`${name}=${shown} (from ${v.origin}) ${why}`);
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
/**
 * Extra CA certificates (PEM) from SSL_CERT_FILE, SSL_CERT_DIR and AWS_CA_BUNDLE, as a loader that reads
 * them at its first call (and then answers from memory); undefined when none is set. That each names
 * something readable is checked now. Reading them waits for a TLS connection that needs them: a
 * directory such as /etc/ssl/certs holds hundreds of files (~17 ms of a 200 ms run), which a run
 * against a plain-HTTP endpoint never needs. Where the endpoint speaks TLS, options.ts calls the loader
 * at once, so a file without certificates is still reported before any request.
 */
function trustedCas(settings) {
    const file = settings.get('SSL_CERT_FILE');
    const dir = settings.get('SSL_CERT_DIR');
    const bundle = settings.get('AWS_CA_BUNDLE');
    if (!file && !dir && !bundle)
        return undefined;
    if (file)
        assertReadableFile('SSL_CERT_FILE', file);
    if (dir)
        listDirSetting('SSL_CERT_DIR', dir);
    if (bundle)
        assertReadableFile('AWS_CA_BUNDLE', bundle);
    let certs;
    return () => {
        if (!certs) {
            const all = [];
            if (file)
                all.push(...readCertFile('SSL_CERT_FILE', file));
            if (dir)
                all.push(...readCertDir('SSL_CERT_DIR', dir));
            if (bundle)
                all.push(...readCertFile('AWS_CA_BUNDLE', bundle));
            certs = [...new Set(all)];
        }
        return certs;
    };
}

;// CONCATENATED MODULE: ./src/config/options.ts
// Turns what a front end parsed (flags or action inputs) plus the layered settings into the engine's
// SyncOptions and the S3 client's ClientSettings, validating everything before any I/O on S3.














const DEFAULT_THREADS = 16;
/** Seconds without a byte either way before a request attempt fails (then retried). */
const DEFAULT_TIMEOUT = 60;
function resolveConfig(req, settings, env = {}) {
    const pair = (0,core_location/* resolvePair */.nQ)(req.source, req.destination, env);
    const threads = (0,parse/* parseIntSetting */.x3)('THREADS', settings.get('THREADS'), 1, 1024) ?? DEFAULT_THREADS;
    // Named as the setting, like THREADS: the origin says which flag, input or env var gave it.
    const maxDelete = (0,parse/* parseIntSetting */.x3)('PARAS3_MAX_DELETE', settings.get('PARAS3_MAX_DELETE'), 0, Number.MAX_SAFE_INTEGER);
    if (req.expires !== undefined && Number.isNaN(new Date(req.expires).getTime())) {
        throw new errors/* UsageError */.eb(`--expires ${JSON.stringify(req.expires)} is not a date (use e.g. 2030-01-01T00:00:00Z)`);
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
        exclude: [...req.exclude, ...req.excludeFrom.flatMap((f) => readPatternFile(f))],
        cacheControl: (0,headers/* parseHeaderRules */.aA)(req.cacheControl),
        expires: req.expires,
        threads,
        multipartThreshold: 8 * limits/* MIB */.D6,
        partSize: 8 * limits/* MIB */.D6,
        nativeCharset: nativeCharset(settings),
        mimeTypes: options_mimeTypes(settings),
        md5CacheDir: md5CacheDir(settings),
        restoreOwner: process.getuid?.() === 0,
        verifyRetries: retry/* VERIFY_ATTEMPTS */.zS,
        posixMetadata: req.posixMetadata ?? true,
        dirNodes: req.dirNodes ?? true,
        filters: filterRules(req.filters),
        sizeOnly: req.sizeOnly,
        shard: req.shard,
        ...uploadChoices(req, pair.destination.kind),
    };
    const { client, endpointLabel } = clientSettings(settings, { ssl: req.ssl, threads });
    return { options, client, endpointLabel };
}
/** --include/--exclude rules in the order given, with --include-from/--exclude-from files read in place. */
function filterRules(filters) {
    if (!filters?.length)
        return undefined;
    return filters.flatMap((f) => f.fromFile
        ? readPatternFile(f.glob, f.include ? '--include-from' : '--exclude-from').map((glob) => ({
            include: f.include,
            glob,
        }))
        : [{ include: f.include, glob: f.glob }]);
}
/** Storage class and encryption of uploads; on a download they would mean nothing, so they are refused. */
function uploadChoices(req, destination) {
    const given = [
        ['--storage-class', req.storageClass],
        ['--sse', req.sse],
        ['--sse-kms-key-id', req.sseKmsKeyId],
    ];
    for (const [flag, value] of given) {
        if (value !== undefined && destination === 'local')
            throw new errors/* UsageError */.eb(`${flag} applies to uploads, and DESTINATION is a local path`);
    }
    return { storageClass: req.storageClass, sse: req.sse, sseKmsKeyId: req.sseKmsKeyId };
}
/** S3SYNC_NATIVE_CHARSET, checked now so a bad name is reported with its origin before any I/O. */
function nativeCharset(settings) {
    const v = settings.get('S3SYNC_NATIVE_CHARSET');
    if (!v)
        return 'utf-8';
    try {
        return (0,names/* nameCodec */.G8)(v.value)?.charset ?? 'utf-8';
    }
    catch (err) {
        throw new errors/* ConfigError */.xL(`S3SYNC_NATIVE_CHARSET=${JSON.stringify(v.value)} (from ${v.origin}): ${(0,errors/* oneLine */.TN)(err)}`);
    }
}
function options_mimeTypes(settings) {
    const v = settings.get('S3SYNC_MIME_TYPES_FILE');
    return v ? readMimeTypes('S3SYNC_MIME_TYPES_FILE', v) : undefined;
}
function clientSettings(settings, opts) {
    let endpoint = (0,parse/* parseUrlSetting */.NN)('AWS_ENDPOINT_URL', settings.get('AWS_ENDPOINT_URL'));
    const host = settings.get('AWS_S3_HOST');
    if (!endpoint && host) {
        // The original's host[:port]: plain HTTP unless --ssl, as it documented.
        endpoint = (0,parse/* parseUrlSetting */.NN)('AWS_S3_HOST', {
            ...host,
            value: `${opts.ssl ? 'https' : 'http'}://${host.value.trim()}`,
        });
    }
    const format = (0,parse/* parseChoice */.HU)('AWS_CALLING_FORMAT', settings.get('AWS_CALLING_FORMAT'), [
        'REGULAR',
        'SUBDOMAIN',
        'VANITY',
    ]);
    const forcePathStyle = format ? format === 'REGULAR' : isLocalEndpoint(endpoint);
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
        throw new errors/* ConfigError */.xL(`${id ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'} is missing (${id ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is set)`);
    }
    // Only when the profile is what credentials come from.
    if (!(id && secret))
        assertProfileExists(settings);
    const retries = (0,parse/* parseIntSetting */.x3)('S3SYNC_RETRIES', settings.get('S3SYNC_RETRIES'), 1, 100);
    const timeout = (0,parse/* parseNumberSetting */.Lo)('PARAS3_TIMEOUT', settings.get('PARAS3_TIMEOUT'), 1, 86_400) ?? DEFAULT_TIMEOUT;
    const store = (0,parse/* parseChoice */.HU)('PARAS3_OBJECT_STORE', settings.get('PARAS3_OBJECT_STORE'), [
        'signed',
        'sdk',
    ]);
    const wait = (0,parse/* parseNumberSetting */.Lo)('S3SYNC_WAITONERROR', settings.get('S3SYNC_WAITONERROR'), 0, 3600);
    const ca = trustedCas(settings);
    // TLS with the endpoint (AWS's own, an https:// one): the certificates are read and checked now.
    if (vanity ? vanity.protocol === 'https:' : endpoint?.protocol !== 'http:')
        ca?.();
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
        profile: profileName(settings),
        proxy: proxyConfig(settings),
        ca,
        maxAttempts: retries ?? retry/* DEFAULT_ATTEMPTS */.li,
        retryDelayMs: wait === undefined ? undefined : wait * 1000,
        threads: opts.threads,
        timeoutMs: timeout * 1000,
        store: store ?? 'signed',
        endpointLabel: '',
    };
    client.endpointLabel = endpointLabel(client);
    return { client, endpointLabel: client.endpointLabel };
}
/** An IP address or localhost: path-style by default, since such a host has no bucket subdomains. */
function isLocalEndpoint(endpoint) {
    if (!endpoint)
        return false;
    return (0,external_node_net_.isIP)(endpoint.hostname.replace(/^\[|\]$/g, '')) !== 0 || endpoint.hostname === 'localhost';
}
/**
 * Where requests go, for messages: the endpoint and, when one is used, the proxy; never the
 * credentials either URL may carry.
 */
function endpointLabel(c) {
    const base = c.vanity
        ? `${c.vanity.protocol}//<bucket>`
        : c.endpoint
            ? withoutUserinfo(c.endpoint)
            : 'AWS S3';
    const secure = c.vanity ? c.vanity.protocol === 'https:' : !c.endpoint?.startsWith('http:');
    const proxy = secure ? c.proxy?.https : c.proxy?.http;
    if (!proxy)
        return base;
    const host = endpointHost(c);
    if (host && c.proxy && (0,core_proxy/* bypassesProxy */.Zt)(host, undefined, c.proxy.noProxy))
        return base;
    return `${base} via proxy ${new URL(proxy).host}`;
}
function withoutUserinfo(endpoint) {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
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
/** `--exclude-from FILE`, `--include-from FILE`: one pattern a line; blank lines and `#` comments ignored. */
function readPatternFile(file, flag = '--exclude-from') {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (err) {
        throw new errors/* UsageError */.eb(`${flag} ${file}: cannot read (${(0,errors/* errorCode */.CA)(err) ?? (0,errors/* oneLine */.TN)(err)})`);
    }
    return text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
}


/***/ }),

/***/ 8353:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HU: () => (/* binding */ parseChoice),
/* harmony export */   Lo: () => (/* binding */ parseNumberSetting),
/* harmony export */   NN: () => (/* binding */ parseUrlSetting),
/* harmony export */   x3: () => (/* binding */ parseIntSetting)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _userinfo_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9855);
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
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`${name}=${JSON.stringify(v.value)} (from ${v.origin}) must be ${r.kind} from ${r.min} to ${r.max}`);
    }
    return n;
}
function parseChoice(name, v, choices) {
    if (!v)
        return undefined;
    // Case does not matter: `regular` is REGULAR, `SDK` is sdk.
    const given = v.value.trim().toLowerCase();
    const choice = choices.find((c) => c.toLowerCase() === given);
    if (choice === undefined) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`${name}=${JSON.stringify(v.value)} (from ${v.origin}) must be one of ${choices.join(', ')}`);
    }
    return choice;
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
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`${name}=${JSON.stringify((0,_userinfo_js__WEBPACK_IMPORTED_MODULE_1__/* .maskUrlPassword */ .j)(v.value))} (from ${v.origin}) is not an http:// or https:// URL`);
    }
}


/***/ }),

/***/ 3753:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  M: () => (/* binding */ loadSettings)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/config/userinfo.ts
var userinfo = __webpack_require__(9855);
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
    { name: 'AWS_ENDPOINT_URL', meaning: 'S3-compatible endpoint URL', default: 'AWS S3', url: true },
    { name: 'AWS_S3_HOST', meaning: 'endpoint as host[:port] (http unless --ssl)', url: true },
    {
        name: 'AWS_CALLING_FORMAT',
        meaning: 'REGULAR (path-style), SUBDOMAIN (virtual-hosted) or VANITY (bucket is the host)',
        default: 'SUBDOMAIN; REGULAR for IP/localhost endpoints',
    },
    // Not a URL, but a `user:password@` given here by mistake is still a password (the value is refused).
    { name: 'HTTP_PROXY_HOST', meaning: 'proxy host for http and https endpoints', url: true },
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
        name: 'PARAS3_TIMEOUT',
        meaning: 'seconds a request may go without a byte either way before the attempt fails (then retried)',
        default: '60',
    },
    {
        name: 'PARAS3_OBJECT_STORE',
        meaning: 'signed: small objects on the signed fast path, the rest through the SDK; sdk: all through the SDK',
        default: 'signed',
    },
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
        return (0,userinfo/* maskUrlPassword */.j)(value);
    return value;
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/ini/lib/ini.js
var ini = __webpack_require__(5756);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
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
            if (err instanceof errors/* ConfigError */.xL)
                throw err;
            throw new errors/* ConfigError */.xL(`PARAS3_CONFIG=${JSON.stringify(explicit)} (from env PARAS3_CONFIG): ${why(err)}`);
        }
    }
    for (const path of iniCandidates(search.env, search.installDir)) {
        let text;
        try {
            text = read(path);
        }
        catch (err) {
            const code = (0,errors/* errorCode */.CA)(err);
            if (code === 'ENOENT' || code === 'ENOTDIR')
                continue;
            throw new errors/* ConfigError */.xL(`settings file ${path}: ${why(err)}`);
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
            throw new errors/* ConfigError */.xL(`settings file ${file}: ${key}[] lists are not used; give ${key} once`);
        }
        if (value !== null && typeof value === 'object') {
            throw new errors/* ConfigError */.xL(`settings file ${file}: [${key}] sections are not used; write KEY = value lines at the top`);
        }
        const name = key.trim();
        if (!SETTING_NAMES.has(name)) {
            throw new errors/* ConfigError */.xL(`settings file ${file}: unknown setting ${JSON.stringify(name)} (see paras3.ini.sample)`);
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
    const code = (0,errors/* errorCode */.CA)(err);
    if (code === 'ENOENT')
        return 'no such file';
    if (code === 'EACCES' || code === 'EPERM')
        return 'permission denied';
    if (code === 'EISDIR')
        return 'is a directory';
    return code ?? (0,errors/* oneLine */.TN)(err);
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

// EXTERNAL MODULE: ./src/config/options.ts + 3 modules
var options = __webpack_require__(9238);
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
        else {
            const d = unsetValue(s.name, settings) ?? (s.default === undefined ? undefined : `=${s.default} (default)`);
            if (d)
                say(`setting ${s.name}${d}`);
        }
    }
}
/**
 * What an unset setting resolves to in this run, where the catalog's default is a description rather
 * than a value (`$XDG_CACHE_HOME/paras3`, "REGULAR for IP/localhost endpoints") or another setting
 * stands in for it. Uses the rules options.ts applies, so the two cannot disagree.
 */
function unsetValue(name, settings) {
    switch (name) {
        case 'AWS_REGION': {
            const alt = settings.get('AWS_DEFAULT_REGION');
            return alt ? `=${alt.value} (from ${alt.origin})` : undefined;
        }
        case 'PARAS3_MD5_CACHE': {
            const dir = (0,options/* md5CacheDir */.wc)(settings);
            return dir ? `=${dir} (default)` : '=off (default: no HOME or XDG_CACHE_HOME)';
        }
        case 'AWS_ENDPOINT_URL':
            return settings.get('AWS_S3_HOST') ? ' unset (AWS_S3_HOST is used)' : ' unset (AWS S3)';
        case 'AWS_CALLING_FORMAT':
            return (0,options/* isLocalEndpoint */.Zm)(endpointOf(settings))
                ? '=REGULAR (default for an IP address or localhost endpoint)'
                : '=SUBDOMAIN (default)';
        case 'S3SYNC_WAITONERROR':
            return ' unset (exponential backoff with jitter)';
        case 'HTTP_PROXY_PORT':
            return settings.get('HTTP_PROXY_HOST') ? undefined : ' unset (no HTTP_PROXY_HOST)';
        default:
            return undefined;
    }
}
/** The endpoint's URL as far as its host goes; a malformed one is reported by options.ts, not here. */
function endpointOf(settings) {
    const url = settings.get('AWS_ENDPOINT_URL')?.value;
    const host = settings.get('AWS_S3_HOST')?.value;
    try {
        if (url)
            return new URL(url.trim());
        if (host)
            return new URL(`http://${host.trim()}`);
    }
    catch {
        // options.ts names the setting and its origin.
    }
    return undefined;
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


/***/ }),

/***/ 9855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ maskUrlPassword)
/* harmony export */ });
/* unused harmony export urlSecrets */
// Credentials in a URL setting (an endpoint or a proxy, `scheme://user:password@host`): how messages
// show such a value, and which strings a front end must hide. Values that are not valid URLs still go
// into messages (the error that rejects them), so neither rule may rely on the value parsing: a raw
// `@` or `/` in a password, or a missing scheme, must not let any of it through.
const SCHEME = /^\s*[a-z][a-z0-9+.-]*:\/\//i;
/**
 * The user information of a value as it is written: everything between `scheme://` (or the start)
 * and the last `@`. The last, not the first: Node's URL parser takes `user:p@ss@host` as password
 * `p@ss`, and a `/` in a password makes the value fail to parse, so the end of the authority cannot
 * be trusted to bound it. Undefined when there is no `@` after the scheme.
 */
function userinfoSpan(value) {
    const start = SCHEME.exec(value)?.[0].length ?? 0;
    const end = value.lastIndexOf('@');
    return end >= start ? { start, end } : undefined;
}
/**
 * The value with its password shown as `****` (`http://user:****@host`); a user information without
 * a `:` is all masked, since a lone token in that place is a credential as well.
 */
function maskUrlPassword(value) {
    const span = userinfoSpan(value);
    if (!span)
        return value;
    const userinfo = value.slice(span.start, span.end);
    const colon = userinfo.indexOf(':');
    const shown = colon === -1 ? '****' : `${userinfo.slice(0, colon)}:****`;
    return `${value.slice(0, span.start)}${shown}${value.slice(span.end)}`;
}
/**
 * Every form in which the value's password may appear in a message: as written, percent-decoded, and
 * as the URL parser re-encodes it (what a serialised URL shows). A value without a scheme is read as
 * http://, as the proxy settings take it.
 */
function urlSecrets(value) {
    const span = userinfoSpan(value);
    if (!span)
        return [];
    const userinfo = value.slice(span.start, span.end);
    const colon = userinfo.indexOf(':');
    const written = colon === -1 ? userinfo : userinfo.slice(colon + 1);
    const found = [written, safeDecode(written)];
    const text = value.trim();
    try {
        const url = new URL(SCHEME.test(text) ? text : `http://${text}`);
        const parsed = url.password || (colon === -1 ? url.username : '');
        found.push(parsed, safeDecode(parsed));
    }
    catch {
        // Not a URL: the written forms are all there is.
    }
    return [...new Set(found.filter((s) => s !== ''))];
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}


/***/ }),

/***/ 3422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aU: () => (/* binding */ isMd5Hex),
/* harmony export */   cw: () => (/* binding */ etagParts),
/* harmony export */   dF: () => (/* binding */ unquoteEtag),
/* harmony export */   mn: () => (/* binding */ md5FromEtag),
/* harmony export */   vc: () => (/* binding */ encryptionHidesMd5)
/* harmony export */ });
// ETags, in one place. S3's ETag of a single-part, unencrypted (or SSE-S3) object is the hex MD5 of its
// bytes; a multipart object's is the MD5 of its part MD5s followed by `-N`; an SSE-KMS or SSE-C
// object's is neither (it looks like an MD5 but is not one), which only the encryption headers tell.
const MD5_HEX = /^[0-9a-f]{32}$/;
function isMd5Hex(s) {
    return s !== undefined && MD5_HEX.test(s);
}
/** `"abc"` → `abc`, lower case; '' for none. */
function unquoteEtag(etag) {
    return (etag ?? '').replace(/^(W\/)?"|"$/g, '').toLowerCase();
}
/** The MD5 a plain ETag stands for, when it can stand for one (see encryptionHidesMd5). */
function md5FromEtag(etag) {
    return isMd5Hex(etag) ? etag : undefined;
}
/** Number of parts in a multipart ETag (`hex-N`), or 0 for a plain one. */
function etagParts(etag) {
    const m = /^[0-9a-f]{32}-(\d+)$/.exec(etag ?? '');
    return m ? Number(m[1]) : 0;
}
/**
 * Whether the object's ETag cannot be its MD5 because of how it is encrypted: SSE-KMS (`aws:kms`,
 * `aws:kms:dsse`) or a customer key (SSE-C). SSE-S3 (`AES256`) keeps MD5 ETags.
 */
function encryptionHidesMd5(sse, customerKey) {
    return sse?.startsWith('aws:kms') === true || customerKey === true;
}


/***/ }),

/***/ 6518:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $1: () => (/* binding */ lstat),
/* harmony export */   $w: () => (/* binding */ rename),
/* harmony export */   Ck: () => (/* binding */ mkdir),
/* harmony export */   Ek: () => (/* binding */ utimes),
/* harmony export */   F7: () => (/* binding */ readIfUnchanged),
/* harmony export */   Jv: () => (/* binding */ writevAt),
/* harmony export */   TA: () => (/* binding */ readFile),
/* harmony export */   h_: () => (/* binding */ readlink),
/* harmony export */   k6: () => (/* binding */ chmod),
/* harmony export */   nR: () => (/* binding */ openNew),
/* harmony export */   y1: () => (/* binding */ unlink)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_1__);
// The fs calls of the per-file hot path, as promises over the callback API. On Node 20,
// fs/promises costs far more CPU per call for small files (measured here for 2,000 files of 1–8 KiB:
// readFile 0.24 ms vs 0.07 ms, lstat 0.04 ms vs 0.025 ms), and a tree of small files makes
// thousands of these calls.


const lstat = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)((node_fs__WEBPACK_IMPORTED_MODULE_0___default().lstat));
const readFile = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)((node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFile));
const readlink = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)((node_fs__WEBPACK_IMPORTED_MODULE_0___default().readlink));
const openNew = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)((node_fs__WEBPACK_IMPORTED_MODULE_0___default().open));
const chmod = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)((node_fs__WEBPACK_IMPORTED_MODULE_0___default().chmod));
const utimes = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)((node_fs__WEBPACK_IMPORTED_MODULE_0___default().utimes));
const rename = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)((node_fs__WEBPACK_IMPORTED_MODULE_0___default().rename));
const unlink = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)((node_fs__WEBPACK_IMPORTED_MODULE_0___default().unlink));
const mkdir = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)((node_fs__WEBPACK_IMPORTED_MODULE_0___default().mkdir));
const writev = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)((node_fs__WEBPACK_IMPORTED_MODULE_0___default().writev));
/** Writes every byte of `buffers` at `position`, however many calls a short write takes. */
async function writevAt(fd, buffers, position) {
    let rest = buffers;
    let at = position;
    while (rest.length > 0) {
        const { bytesWritten: written } = await writev(fd, rest, at);
        at += written;
        let skip = written;
        const next = [];
        for (const b of rest) {
            if (skip >= b.length)
                skip -= b.length;
            else {
                next.push(skip > 0 ? b.subarray(skip) : b);
                skip = 0;
            }
        }
        if (written === 0 && next.length > 0)
            throw new Error('write returned 0 bytes');
        rest = next;
    }
}
// Never block on a FIFO that took a file's place, never follow a symlink that did (0 where unknown).
const SNAPSHOT_FLAGS = (node_fs__WEBPACK_IMPORTED_MODULE_0___default().constants).O_RDONLY | ((node_fs__WEBPACK_IMPORTED_MODULE_0___default().constants).O_NONBLOCK ?? 0) | ((node_fs__WEBPACK_IMPORTED_MODULE_0___default().constants).O_NOFOLLOW ?? 0);
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
        fd = node_fs__WEBPACK_IMPORTED_MODULE_0___default().openSync(fsPath, SNAPSHOT_FLAGS);
    }
    catch {
        return undefined;
    }
    try {
        // One byte more than listed, so a file that grew is noticed without another call.
        const buf = Buffer.allocUnsafe(listed.size + 1);
        let n = 0;
        for (;;) {
            const bytesRead = node_fs__WEBPACK_IMPORTED_MODULE_0___default().readSync(fd, buf, n, buf.length - n, n);
            n += bytesRead;
            if (bytesRead === 0 || n === buf.length)
                break;
        }
        const stat = node_fs__WEBPACK_IMPORTED_MODULE_0___default().fstatSync(fd);
        const same = stat.isFile() && n === listed.size && stat.size === listed.size && stat.mtimeMs === listed.mtimeMs;
        return same ? { body: buf.subarray(0, n), stat } : undefined;
    }
    catch {
        return undefined;
    }
    finally {
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().closeSync(fd);
    }
}


/***/ }),

/***/ 6085:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J4: () => (/* binding */ excludeWithAncestors),
/* harmony export */   SO: () => (/* binding */ compileGlob),
/* harmony export */   gB: () => (/* binding */ compileFilter),
/* harmony export */   jN: () => (/* binding */ classifyPaths),
/* harmony export */   tI: () => (/* binding */ compileGlobs)
/* harmony export */ });
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_0__);
// Glob matching for --exclude/--include and per-glob headers, with .gitignore's rule for slashes:
// a pattern without '/' matches a name at any depth (`*.log`, `node_modules`), a pattern with '/'
// matches the whole path from the synced root (`assets/**`, `/index.html`), and a trailing '/'
// matches directories only.

function parseGlob(pattern) {
    let glob = pattern.trim();
    const dirOnly = glob.endsWith('/');
    if (dirOnly)
        glob = glob.replace(/\/+$/, '');
    const anchored = glob.includes('/');
    if (glob.startsWith('/'))
        glob = glob.slice(1);
    return { glob, dirOnly, anchored };
}
function compileGlob(pattern) {
    const { glob, dirOnly, anchored } = parseGlob(pattern);
    const isMatch = picomatch__WEBPACK_IMPORTED_MODULE_0___default()(glob, { dot: true, basename: !anchored });
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
 * rclone's filter order with .gitignore's glob rules. Rules apply in the order given; for each path
 * the first rule that matches it decides. A path no rule matches takes the decision of the nearest
 * directory above it that a rule decided; failing that it is included when there is no --include
 * rule, and excluded (a file) or walked if it could hold an included path (a directory) when there
 * is. Nothing below an excluded directory is included, whatever later rules say: a walk never gets
 * there (as in .gitignore, a file cannot be re-included inside an excluded directory), and a flat S3
 * listing must agree with the walk. Decisions for directories are memoised.
 */
function classifyPaths(rules) {
    const compiled = rules
        .filter((r) => r.glob.trim() !== '')
        .map((r) => ({ include: r.include, match: compileGlob(r.glob), parsed: parseGlob(r.glob) }));
    const includes = compiled.filter((r) => r.include);
    if (compiled.length === 0)
        return () => 'include';
    // With no --include, the default is to include; the root is where the default lives.
    const rootDecision = includes.length > 0 ? 'walk' : 'include';
    const firstMatch = (path, isDir) => {
        for (const r of compiled)
            if (r.match(path, isDir))
                return r.include ? 'include' : 'exclude';
        return undefined;
    };
    const dirs = new Map();
    const parentOf = (path) => {
        const slash = path.lastIndexOf('/');
        return slash === -1 ? rootDecision : dirDecision(path.slice(0, slash));
    };
    const dirDecision = (dir) => {
        let d = dirs.get(dir);
        if (d === undefined) {
            const parent = parentOf(dir);
            if (parent === 'exclude')
                d = 'exclude';
            else {
                d = firstMatch(dir, true) ?? (parent === 'include' ? 'include' : undefined);
                d ??= includes.some((r) => couldHoldMatch(r.parsed, dir)) ? 'walk' : 'exclude';
            }
            dirs.set(dir, d);
        }
        return d;
    };
    return (path, isDir) => {
        if (isDir)
            return dirDecision(path);
        const parent = parentOf(path);
        if (parent === 'exclude')
            return 'exclude';
        return firstMatch(path, false) ?? (parent === 'include' ? 'include' : 'exclude');
    };
}
/**
 * The ordered filter as the listings use it: true for a file that is excluded and for a directory
 * that is not to be walked. Rules with no --include behave exactly as compileGlobs of the excludes.
 */
function compileFilter(rules) {
    const classify = classifyPaths(rules);
    return (path, isDir) => classify(path, isDir) === 'exclude';
}
/**
 * Whether some path strictly below `dir` could match the include pattern, so the walk must go in.
 * A pattern without '/' matches a name at any depth: always. An anchored one is compared segment by
 * segment with the directory; `**`, or a segment that cannot be split safely (a '/' inside braces or
 * parentheses), means "maybe", which only costs a walk.
 */
function couldHoldMatch(p, dir) {
    if (!p.anchored)
        return true;
    const segments = p.glob.split('/');
    if (segments.some((s) => !balanced(s)))
        return true;
    const parts = dir.split('/');
    for (let i = 0; i < parts.length; i++) {
        const seg = segments[i];
        if (seg === undefined)
            return false;
        if (seg.includes('**'))
            return true;
        if (!picomatch__WEBPACK_IMPORTED_MODULE_0___default().isMatch(parts[i], seg, { dot: true }))
            return false;
    }
    return segments.length > parts.length;
}
function balanced(segment) {
    let depth = 0;
    for (const c of segment) {
        if (c === '{' || c === '(')
            depth++;
        else if (c === '}' || c === ')')
            depth--;
        if (depth < 0)
            return false;
    }
    return depth === 0;
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


/***/ }),

/***/ 5360:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ TailHasher),
/* harmony export */   y: () => (/* binding */ md5OnThread)
/* harmony export */ });
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5919);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_worker_threads__WEBPACK_IMPORTED_MODULE_0__);
// The whole-file MD5 of a large file on a second thread. A multipart upload (and the compare of a file
// against a multipart object) needs two MD5s over the same bytes: the whole file's (md5chksum) and each
// part's (Content-MD5, the multipart ETag). Both are sequential by nature, so one thread did them one
// after the other; with this one, the main thread hashes the parts while a worker hashes the whole file,
// each reading the file itself (the second read comes from the page cache). Measured on a 128 MiB file:
// see the commit that added this. The worker is started on first use and never keeps the process alive.
//
// Its source is a string evaluated as a CommonJS script, not a file: the bundles (ncc) then need no
// second entry point, and the code is a dozen lines of Node's own APIs.

const SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const buf = Buffer.allocUnsafe(1 << 20);
const tails = new Map();
parentPort.on('message', (m) => {
  if (m.fd !== undefined) return tail(m);
  const { id, path } = m;
  const cancelled = m.cancel && new Int32Array(m.cancel);
  let fd;
  try {
    fd = fs.openSync(typeof path === 'string' ? path : Buffer.from(path), 'r');
    const h = createHash('md5');
    let size = 0;
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      if (cancelled && Atomics.load(cancelled, 0)) return;
      h.update(buf.subarray(0, n));
      size += n;
    }
    parentPort.postMessage({ id, md5: h.digest('hex'), size });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: String((e && e.message) || e), code: e && e.code } });
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
  }
});
// A file being written: hash its bytes up to m.to, read back from the descriptor; m.end answers.
function tail(m) {
  let t = tails.get(m.id);
  if (!t) tails.set(m.id, (t = { h: createHash('md5'), at: 0, error: undefined }));
  try {
    while (!m.drop && !t.error && t.at < m.to) {
      const n = fs.readSync(m.fd, buf, 0, Math.min(buf.length, m.to - t.at), t.at);
      if (n === 0) throw Object.assign(new Error('the file ended at ' + t.at + ' of ' + m.to + ' bytes'), { code: 'ESHORT' });
      t.h.update(n === buf.length ? buf : buf.subarray(0, n));
      t.at += n;
    }
  } catch (e) {
    t.error = { message: String((e && e.message) || e), code: e && e.code };
  }
  if (!m.end) return;
  tails.delete(m.id);
  if (t.error && !m.drop) parentPort.postMessage({ id: m.id, error: t.error });
  else parentPort.postMessage({ id: m.id, md5: m.drop ? '' : t.h.digest('hex'), size: t.at });
}
`;
let worker;
let nextId = 0;
const pending = new Map();
function failAll(err) {
    for (const p of pending.values())
        p.reject(err);
    pending.clear();
    worker = undefined;
}
function start() {
    const w = new node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.Worker(SOURCE, { eval: true });
    w.unref();
    w.on('message', (m) => {
        const p = pending.get(m.id);
        if (!p)
            return;
        pending.delete(m.id);
        if (pending.size === 0)
            w.unref();
        if (m.error)
            p.reject(Object.assign(new Error(m.error.message), { code: m.error.code, syscall: 'read' }));
        else
            p.resolve({ md5: m.md5, size: m.size });
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => failAll(new Error(`the hashing thread stopped (exit code ${code})`)));
    return w;
}
/** MD5 (hex) and length of the file's bytes as read on the hashing thread. */
function md5OnThread(path, signal) {
    // A flag the thread reads between chunks: an interrupted run's hash stops there, not at the last byte.
    const cancel = signal ? new SharedArrayBuffer(4) : undefined;
    return ask(nextId++, { path, cancel }, signal);
}
function ask(id, message, signal) {
    worker ??= start();
    const w = worker;
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        // On an interrupt the answer is no longer awaited, and no longer holds the process open.
        const onAbort = () => {
            if (message.cancel)
                Atomics.store(new Int32Array(message.cancel), 0, 1);
            if (!pending.delete(id))
                return;
            if (pending.size === 0)
                w.unref();
            reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const done = () => signal?.removeEventListener('abort', onAbort);
        pending.set(id, {
            resolve: (r) => {
                done();
                resolve(r);
            },
            reject: (e) => {
                done();
                reject(e);
            },
        });
        // Held while a job runs: the answer must be able to arrive even if nothing else keeps Node alive.
        w.ref();
        w.postMessage({ id, ...message });
    });
}
/** Bytes written since the last hand-over before the next one: fewer, larger reads on the thread. */
const TAIL_STEP = 4 * 1024 * 1024;
/**
 * The MD5 of a file as it is written, computed on the hashing thread from the descriptor (which must be
 * open for reading): a download's body is hashed there instead of on the main thread, which then only
 * receives and writes (measured on 2 files of 128 MiB: see the commit that added this). What is hashed
 * is what reached the file, read back from the page cache.
 *
 * The thread reads the descriptor until `digest` or `drop` answers, so the caller must await one of
 * them before closing it: a descriptor closed under a read could be another file's by then.
 */
class TailHasher {
    fd;
    id = nextId++;
    handed = 0;
    ended = false;
    constructor(fd) {
        this.fd = fd;
    }
    /** Bytes [0, to) are in the file. */
    written(to) {
        if (this.ended || to - this.handed < TAIL_STEP)
            return;
        this.handed = to;
        worker ??= start();
        worker.postMessage({ id: this.id, fd: this.fd, to });
    }
    /** MD5 (hex) and length of bytes [0, size), once the thread has read them. */
    digest(size) {
        this.ended = true;
        return ask(this.id, { fd: this.fd, to: size, end: true });
    }
    /** Stops hashing; resolves once the thread no longer reads the descriptor. */
    async drop() {
        if (this.ended || this.handed === 0)
            return;
        this.ended = true;
        await ask(this.id, { fd: this.fd, to: 0, end: true, drop: true }).catch(() => { });
    }
}


/***/ }),

/***/ 299:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $N: () => (/* binding */ multipartEtagOfFile),
/* harmony export */   CC: () => (/* binding */ md5Hex),
/* harmony export */   DC: () => (/* binding */ hashFile),
/* harmony export */   EF: () => (/* binding */ hashLocalEntry),
/* harmony export */   tn: () => (/* binding */ createPartHasher)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _fastfs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6518);
/* harmony import */ var _hash_thread_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5360);
/* harmony import */ var _limits_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6419);
// MD5s of local content: the whole-file MD5 and, for files that S3 stored in parts, the multipart
// ETag (MD5 of the part MD5s, then `-N`), computed in the same single read.





function md5Hex(data) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5').update(data).digest('hex');
}
async function hashFile(fsPath, partSize, size, signal) {
    if (size !== undefined && size <= _limits_js__WEBPACK_IMPORTED_MODULE_4__/* .SMALL_OBJECT */ .K9 && (!partSize || size <= partSize)) {
        return { md5: md5Hex(await (0,_fastfs_js__WEBPACK_IMPORTED_MODULE_2__/* .readFile */ .TA)(fsPath)) };
    }
    if (partSize && (size ?? (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(fsPath)).size) >= Math.max(2 * partSize, THREAD_MIN)) {
        // Two MD5 passes over a large file: the whole one on the hashing thread, the parts' here, at once.
        const [whole, parts] = await Promise.all([
            (0,_hash_thread_js__WEBPACK_IMPORTED_MODULE_3__/* .md5OnThread */ .y)(fsPath, signal),
            readHashing(fsPath, partSize, false, signal),
        ]);
        // Read at different moments: a file that changed in between gets the one-pass hash (and the
        // caller's own before/after check of the file).
        if (whole.size === parts.size && parts.hash.multipartEtag)
            return { ...parts.hash, md5: whole.md5 };
    }
    return (await readHashing(fsPath, partSize, true, signal)).hash;
}
const READ_CHUNK = 1 << 20;
/** The multipart ETag a file would have in parts of `partSize` (undefined for one part); no whole MD5. */
async function multipartEtagOfFile(fsPath, partSize, signal) {
    return (await readHashing(fsPath, partSize, false, signal)).hash.multipartEtag;
}
/** Below this a second thread saves less than it costs to start and feed (~30 ms). */
const THREAD_MIN = 32 * 1024 * 1024;
async function readHashing(fsPath, partSize, whole, signal) {
    const hasher = createPartHasher(partSize, { whole });
    // One buffer, read into again and again: a stream's fresh chunk per read costs page faults that took
    // longer than the read itself (see transfer/multipart.ts).
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(fsPath, 'r');
    let size = 0;
    try {
        for (;;) {
            // A large file takes seconds: an interrupt must not wait for its last byte.
            signal?.throwIfAborted();
            const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, null);
            if (bytesRead === 0)
                break;
            hasher.update(buf.subarray(0, bytesRead));
            size += bytesRead;
        }
    }
    finally {
        await fh.close();
    }
    return { hash: hasher.digest(), size };
}
/**
 * Incremental whole-file MD5 plus, when `partSize` is given, the multipart ETag S3 computes for parts
 * of that size. One pass over the bytes serves both, for uploads and for verifying downloads.
 */
function createPartHasher(partSize, opts = {}) {
    // Without the whole-file MD5 (it is computed elsewhere), `md5` of the digest is ''.
    const whole = opts.whole === false ? undefined : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5');
    const digests = [];
    let part = partSize ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5') : undefined;
    let inPart = 0;
    return {
        update(chunk) {
            whole?.update(chunk);
            if (!part || !partSize)
                return;
            for (let off = 0; off < chunk.length;) {
                const take = Math.min(partSize - inPart, chunk.length - off);
                part.update(chunk.subarray(off, off + take));
                inPart += take;
                off += take;
                if (inPart === partSize) {
                    digests.push(part.digest());
                    part = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5');
                    inPart = 0;
                }
            }
        },
        digest() {
            if (part && inPart > 0)
                digests.push(part.digest());
            const md5 = whole ? whole.digest('hex') : '';
            if (digests.length < 2)
                return { md5 };
            const combined = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5').update(Buffer.concat(digests)).digest('hex');
            const partMd5s = digests.map((d) => d.toString('hex'));
            return { md5, multipartEtag: `${combined}-${digests.length}`, partMd5s };
        },
    };
}
/** The MD5 of what a local entry would store: a symlink's content is its target. */
async function hashLocalEntry(entry, fsPath, partSize, signal) {
    if (entry.kind === 'symlink')
        return { md5: md5Hex(entry.linkTarget ?? '') };
    return hashFile(fsPath, partSize, entry.size, signal);
}


/***/ }),

/***/ 8341:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aA: () => (/* binding */ parseHeaderRules),
/* harmony export */   uD: () => (/* binding */ headerLookup),
/* harmony export */   xn: () => (/* binding */ loadContentTypes)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _glob_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6085);
// Per-object HTTP headers for uploads: Content-Type from the extension, Cache-Control by glob.


// mime-types parses its database and ranks every type when it is loaded (about 10 ms here), which a
// run with nothing to send should not pay: loaded by loadContentTypes() once a plan has actions.
let contentTypeOf;
async function loadContentTypes() {
    contentTypeOf ??= (await __webpack_require__.e(/* import() */ 96).then(__webpack_require__.t.bind(__webpack_require__, 4096, 19))).contentType;
}
function headerLookup(rules, extraTypes) {
    const compiled = rules.map((r) => ({ match: r.glob ? (0,_glob_js__WEBPACK_IMPORTED_MODULE_1__/* .compileGlob */ .SO)(r.glob) : () => true, value: r.value }));
    return (path) => {
        const typeOf = contentTypeOf;
        if (!typeOf)
            throw new Error('a Content-Type looked up before loadContentTypes()');
        const dot = path.lastIndexOf('.');
        const ext = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
        const contentType = (ext && extraTypes?.[ext]) ||
            typeOf(path.slice(path.lastIndexOf('/') + 1)) ||
            'application/octet-stream';
        return { contentType, cacheControl: compiled.find((r) => r.match(path, false))?.value };
    };
}
/** Cache-Control directives (RFC 9111 §5.2, RFC 8246, RFC 5861) and whether each takes a number. */
const DIRECTIVES = new Map([
    ['max-age', true],
    ['s-maxage', true],
    ['stale-while-revalidate', true],
    ['stale-if-error', true],
    ['max-stale', true],
    ['min-fresh', true],
    ['no-cache', false],
    ['no-store', false],
    ['no-transform', false],
    ['public', false],
    ['private', false],
    ['must-revalidate', false],
    ['proxy-revalidate', false],
    ['must-understand', false],
    ['immutable', false],
    ['only-if-cached', false],
]);
/**
 * Parses `--cache-control` values: `NAME=VALUE` applies VALUE to paths matching the glob NAME, a
 * plain VALUE to all. A value may itself contain '=' (`max-age=60`), so the text before the first
 * '=' decides: a Cache-Control directive name (`max-age`) or a list (`public, max-age`) makes the
 * whole text a value; any other single path segment or glob (`CNAME`, `*.html`, `assets/**`) is a
 * rule, and its VALUE must then read as Cache-Control. What fits neither is refused rather than
 * sent as a header nobody meant.
 */
function parseHeaderRules(values) {
    return (values
        .map((v) => v.trim())
        .filter((v) => v !== '')
        .map(parseHeaderRule)
        // Specific globs first: a plain value is the fallback whatever order the user gave.
        .sort((a, b) => Number(a.glob === undefined) - Number(b.glob === undefined)));
}
function parseHeaderRule(text) {
    const eq = text.indexOf('=');
    if (eq < 0)
        return { value: text };
    const left = text.slice(0, eq).trim();
    const right = text.slice(eq + 1).trim();
    const refuse = (why) => new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`--cache-control '${text}': ${why}; write GLOB=VALUE (e.g. '*.html=no-cache') or a plain VALUE`);
    if (left.includes(','))
        return { value: text };
    const takesNumber = DIRECTIVES.get(left.toLowerCase());
    if (takesNumber !== undefined) {
        if (takesNumber && /^"?\d+"?$/.test(right))
            return { value: text };
        throw refuse(`'${left}' is a Cache-Control directive${takesNumber ? ' that takes a number of seconds' : ' without a value'}, and '${right}' is not one`);
    }
    if (left === '' || /\s/.test(left))
        throw refuse(`'${left}' is neither a glob nor a Cache-Control directive`);
    if (right === '')
        throw refuse(`no value for '${left}'`);
    const unknown = right
        .split(',')
        .map((d) => d.trim())
        .find((d) => {
        const m = /^([A-Za-z-]+)(?:=(.+))?$/.exec(d);
        const takesNumber = m && DIRECTIVES.get((m[1] ?? '').toLowerCase());
        return (!m || takesNumber === undefined || (takesNumber ? !/^\d+$/.test(m[2] ?? '') : m[2] !== undefined));
    });
    if (unknown !== undefined)
        throw refuse(`'${unknown}' is not a Cache-Control directive`);
    return { glob: left, value: right };
}


/***/ }),

/***/ 6419:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D6: () => (/* binding */ MIB),
/* harmony export */   K9: () => (/* binding */ SMALL_OBJECT),
/* harmony export */   Tr: () => (/* binding */ DELETE_BATCH),
/* harmony export */   c1: () => (/* binding */ WALK_CONCURRENCY),
/* harmony export */   mm: () => (/* binding */ choosePartSize),
/* harmony export */   nH: () => (/* binding */ KIB),
/* harmony export */   q3: () => (/* binding */ MAX_SINGLE_COPY),
/* harmony export */   sB: () => (/* binding */ PART_QUEUE)
/* harmony export */ });
/* unused harmony exports GIB, MIN_PART, MAX_PARTS, LIST_PAGE */
// Sizes and counts the engine is built around, in one table.
const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;
/**
 * Objects up to this size move whole: read into memory and sent with one PutObject (Content-MD5), or
 * received into memory and written with one call. Above it, streams and files.
 */
const SMALL_OBJECT = MIB;
/** S3's limit for one PutObject and one CopyObject; larger copies go in UploadPartCopy parts. */
const MAX_SINGLE_COPY = 5 * GIB;
/** S3's part size bounds and count limit. */
const MIN_PART = 5 * MIB;
const MAX_PARTS = 10_000;
/** S3 allows 10,000 parts: a file too large for the configured part size gets larger parts, in MiB. */
function choosePartSize(size, configured) {
    const needed = Math.ceil(size / MAX_PARTS);
    return needed <= configured ? configured : Math.ceil(needed / MIB) * MIB;
}
/** Parts of one file in flight at once. */
const PART_QUEUE = 4;
/** Keys per DeleteObjects request (S3's maximum). */
const DELETE_BATCH = 1000;
/** Keys per ListObjectsV2 page (S3's maximum). */
const LIST_PAGE = 1000;
/** Directory reads in flight at once in a local walk: keeps the disk queue busy without a stat storm. */
const WALK_CONCURRENCY = 16;


/***/ }),

/***/ 1324:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L5: () => (/* binding */ parseLocationArg),
/* harmony export */   nQ: () => (/* binding */ resolvePair)
/* harmony export */ });
/* unused harmony exports dirPrefix, displayLocation */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
// Parses SOURCE and DESTINATION and applies the rsync trailing-slash rule once, so that nothing
// downstream thinks about slashes: `dir/` means "its contents", `dir` means "the directory itself".


// `name:rest` with no slash or backslash before the colon is an S3 location, as rsync reads `host:path`
// (a local name with a colon is written `./name:rest`). A single letter before ':' is a Windows drive
// (`C:\x`), never a bucket.
const BUCKET_ARG = /^([^/\\:]{2,}):(.*)$/s;
const S3_URL = /^s3:\/\/([^/]*)\/?(.*)$/s;
// Bucket names are 3–63 chars; legacy US buckets allowed capitals and underscores.
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$/;
function parseLocationArg(arg) {
    if (arg === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('empty location argument');
    const m = S3_URL.exec(arg) ?? BUCKET_ARG.exec(arg);
    if (!m)
        return { kind: 'local', path: arg };
    const bucket = m[1] ?? '';
    const prefix = m[2] ?? '';
    if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`location "${arg}": "${bucket}" is not a valid bucket name (3-63 letters, digits, dots, hyphens; for a local path with a colon write ./${arg})`);
    }
    if (prefix.startsWith('/'))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`location "${arg}": a key prefix cannot start with "/"`);
    if (prefix.includes('//'))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`location "${arg}": a key prefix cannot contain "//"`);
    if (prefix.includes('\0'))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`location "${arg}": a key prefix cannot contain NUL`);
    if (prefix.split('/').some((seg) => seg === '..' || seg === '.'))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`location "${arg}": a key prefix cannot contain "." or ".." segments`);
    return { kind: 's3', bucket, prefix };
}
/**
 * Resolves both arguments into roots whose contents are synced onto each other.
 * `path` is injectable so Windows paths can be tested with `path.win32` on any platform.
 */
function resolvePair(sourceArg, destArg, opts = {}) {
    const p = opts.path ?? (node_path__WEBPACK_IMPORTED_MODULE_0___default());
    const cwd = opts.cwd ?? process.cwd();
    const src = parseLocationArg(sourceArg);
    const dst = parseLocationArg(destArg);
    if (src.kind === 'local' && dst.kind === 'local') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('both SOURCE and DESTINATION are local paths; one must be bucket:prefix');
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
    if (source.kind === 's3' && destination.kind === 's3' && source.bucket === destination.bucket) {
        const [a, b] = [source.prefix, destination.prefix];
        if (a.startsWith(b) || b.startsWith(a)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`s3://${source.bucket}/${a} and s3://${destination.bucket}/${b} overlap: a copy into itself would feed on its own output (and --delete would delete the source)`);
        }
    }
    return {
        source,
        destination,
        direction: source.kind === 'local' ? 'upload' : destination.kind === 'local' ? 'download' : 'copy',
        sourceDisplay: displayLocation(source, p),
        destinationDisplay: displayLocation(destination, p),
    };
}
/** `pre` and `pre/` both mean the directory `pre/`; '' is the bucket root. */
function dirPrefix(prefix) {
    return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}
function displayLocation(loc, p = (node_path__WEBPACK_IMPORTED_MODULE_0___default())) {
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


/***/ }),

/***/ 4885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $W: () => (/* binding */ Md5Cache),
/* harmony export */   Zs: () => (/* binding */ stampOf),
/* harmony export */   kQ: () => (/* binding */ sameStamp)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3054);
// Remembers, between runs, what is known of local files, as git's index does: an entry is trusted only
// while the file's size, mtime, ctime, inode and device are exactly what they were when it was recorded.
// Content (and mode, owner, times) cannot change without changing ctime, which no user can set back, so
// an unchanged tree re-syncs without reading a byte, and a changed one is hashed as before.
//
// A record holds the file's MD5 (and multipart ETag), and, once a sync made the file and its object
// agree (an upload, a download, a metadata update, or a check that found them equal), which object that
// was: its key, ETag and LastModified. While both the file and that object are unchanged, their metadata
// still agree, and the compare stage need not read the object's metadata again.
//
// One file per local root, in the user's cache directory, a JSON line per file; a missing, damaged or
// foreign file is simply an empty cache, a damaged line one file not cached.




function record(stamp, md5, multipartEtag, remote, racy) {
    // Whole numbers as small integers: fs.Stats gives doubles, and a double in one record boxes that field
    // in every record (see small()).
    return {
        size: (0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .small */ .EX)(stamp.size),
        mtimeMs: stamp.mtimeMs,
        ctimeMs: stamp.ctimeMs,
        ino: (0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .small */ .EX)(stamp.ino),
        dev: (0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .small */ .EX)(stamp.dev),
        md5,
        multipartEtag,
        key: remote?.key,
        // Most ETags are the MD5 itself: one string, not two equal ones.
        etag: remote && remote.etag === md5 ? md5 : remote?.etag,
        modified: remote?.modified === undefined ? undefined : (0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .small */ .EX)(remote.modified),
        writtenBy: remote?.writtenBy === undefined ? undefined : (0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .small */ .EX)(remote.writtenBy),
        racy,
        seen: 0,
    };
}
/**
 * The file: a header line, then one JSON array per file, so that it is read and written a line at a
 * time. Parsing one document of every row (format 2) held the whole text and a tree of every row at
 * once, the peak of a large run's memory.
 */
const FORMAT = 3;
/** The longest line read (a longer one is damage), and the size of a read. */
const PIECE = 1 << 20;
/**
 * Characters written at a time: few enough that a piece (two bytes a character at most) stays in V8's
 * young generation. Pieces of 1 MiB were large objects, each garbage once written, and collected only
 * by a full collection: 30 MB of them at the end of a 100,000-file sync.
 */
const WRITE_PIECE = 1 << 15;
/**
 * A change within the same timestamp tick as the hash would leave the stamp unchanged ("racily clean"
 * in git's words). Entries this close to the moment the cache is written are kept but flagged racy: their
 * MD5 is hashed again before it is trusted. File systems with whole-second timestamps get a wider margin.
 */
const RACY_MS_FINE = 50;
const RACY_MS_COARSE = 2000;
class Md5Cache {
    file;
    root;
    partSize;
    records = new Map();
    /** A record was set since the file was read: saving would write something new. */
    changed = false;
    /** save() calls so far: each marks the records it keeps with its own number. */
    saves = 0;
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
        const name = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(root).digest('hex').slice(0, 24);
        const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, `md5-${name}.json`);
        const cache = new Md5Cache(file, root, partSize);
        const header = JSON.stringify(headerOf(root, partSize));
        let first = true;
        try {
            await readLines(file, (line) => {
                if (first) {
                    first = false;
                    return line === header; // another format, root or part size: nothing in it is for this run
                }
                let row;
                try {
                    row = JSON.parse(line);
                }
                catch {
                    return true; // a damaged line is one file not cached, not a damaged cache
                }
                const r = parseRow(row);
                // A row that is not what this version writes is dropped, never half-trusted.
                if (r)
                    cache.records.set(r[0], r[1]);
                return true;
            });
        }
        catch {
            cache.records.clear();
            return cache; // No cache yet, or one we cannot read: start empty.
        }
        return cache;
    }
    get enabled() {
        return this.file !== undefined;
    }
    /** The cached hashes of an entry, only if its stamp is exactly the one they were made for (and not racy). */
    lookup(entry) {
        const r = this.current(entry);
        return r && !r.racy ? { md5: r.md5, multipartEtag: r.multipartEtag } : undefined;
    }
    /** Whether the file is unchanged since it last agreed with this very object (same key, ETag, time). */
    agreesWith(entry, key, etag, modified) {
        const r = this.current(entry);
        return r !== undefined && sameObject(r, key, etag, modified);
    }
    /**
     * Whether the file changed since it last agreed with this very object: the object is as recorded, the
     * file's stamp is not (ctime moves with every write, even one that puts the mtime back).
     */
    changedSince(entry, key, etag, modified) {
        const r = this.records.get(entry.path);
        const stamp = stampOf(entry);
        return (r !== undefined && stamp !== undefined && !sameStamp(r, stamp) && sameObject(r, key, etag, modified));
    }
    remember(path, stamp, md5, multipartEtag, remote) {
        if (!this.file)
            return;
        const old = this.records.get(path);
        // The remote state is kept only while the file is the version (and the bytes) it was recorded for.
        const same = old && sameStamp(old, stamp) && old.md5 === md5 ? old : undefined;
        this.changed = true;
        // Racy as of now, just after the file was read: a change later in the same tick would go unseen.
        // Judged again when saved, but only now can it be judged for the moment the bytes were read (a
        // run that saves seconds later would otherwise trust a same-tick rewrite forever).
        this.records.set(path, record(stamp, md5, multipartEtag ?? same?.multipartEtag, remote ?? remoteOf(same), racy(stamp, Date.now())));
    }
    /** Records that a file, as it is now, agrees with an object (found equal, or just made equal). */
    rememberRemote(path, stamp, remote) {
        const r = this.records.get(path);
        if (!r || !sameStamp(r, stamp))
            return;
        this.changed = true;
        this.records.set(path, record(r, r.md5, r.multipartEtag, remote, r.racy));
    }
    /**
     * Writes the records of the files present after the run (`present`, less `gone`) atomically (temp
     * file, then rename), a row at a time in pieces of WRITE_PIECE characters. Not at all when it would
     * write what the file holds: no record set since it was read, and every record's file still present
     * (a no-op sync of 1,000,000 files would otherwise rewrite 150 MB to say the same). Present records
     * are marked in place rather than collected in a set of paths: a set of a million paths, grown by
     * doubling, was 40 MB of large objects at the end of the run.
     */
    async save(present, gone = []) {
        if (!this.file)
            return;
        const mark = ++this.saves;
        let kept = 0;
        for (const path of present) {
            const r = this.records.get(path);
            if (r && r.seen !== mark) {
                r.seen = mark;
                kept++;
            }
        }
        for (const path of gone) {
            const r = this.records.get(path);
            if (r?.seen === mark) {
                r.seen = 0;
                kept--;
            }
        }
        if (!this.changed && kept === this.records.size)
            return;
        const now = Date.now();
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(tmp, 'w', 0o600);
        try {
            let piece = `${JSON.stringify(headerOf(this.root, this.partSize))}\n`;
            for (const [path, r] of this.records) {
                if (r.seen !== mark)
                    continue;
                const row = [
                    path,
                    r.size,
                    r.mtimeMs,
                    r.ctimeMs,
                    r.ino,
                    r.dev,
                    r.md5,
                    r.multipartEtag ?? null,
                    r.key === undefined ? null : [r.key, r.etag, r.modified ?? null, r.writtenBy ?? null],
                    r.racy || racy(r, now) ? 1 : 0,
                ];
                piece += `${JSON.stringify(row)}\n`;
                if (piece.length >= WRITE_PIECE) {
                    await fh.write(piece);
                    piece = '';
                }
            }
            await fh.write(piece);
            await fh.close();
        }
        catch (err) {
            await fh.close().catch(() => { });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(tmp).catch(() => { });
            throw err;
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, this.file);
        this.changed = false;
    }
    current(entry) {
        const r = this.records.get(entry.path);
        const stamp = stampOf(entry);
        return r && stamp && sameStamp(r, stamp) ? r : undefined;
    }
}
/** The object a record agreed with is this one: same key and ETag, and not written again since. */
function sameObject(r, key, etag, modified) {
    if (r.key !== key || r.etag !== etag)
        return false;
    if (r.modified !== undefined)
        return r.modified === modified;
    return r.writtenBy !== undefined && modified <= r.writtenBy;
}
const headerOf = (root, partSize) => ({ format: FORMAT, root, partSize });
function remoteOf(r) {
    if (r?.key === undefined || r.etag === undefined)
        return undefined;
    return { key: r.key, etag: r.etag, modified: r.modified, writtenBy: r.writtenBy };
}
/**
 * Calls `onLine` with each line of a file, read 1 MiB at a time, until it returns false. A line longer
 * than that is not one this version wrote: the file is damaged, or of an older format (one line).
 */
async function readLines(file, onLine) {
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(file, 'r');
    try {
        const buf = Buffer.allocUnsafe(PIECE);
        let carry;
        for (;;) {
            const { bytesRead } = await fh.read(buf, 0, PIECE, null);
            if (bytesRead === 0)
                break;
            const chunk = carry ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
            let pos = 0;
            for (let nl = chunk.indexOf(10, pos); nl !== -1; nl = chunk.indexOf(10, pos)) {
                if (!onLine(chunk.toString('utf8', pos, nl)))
                    return;
                pos = nl + 1;
            }
            if (chunk.length - pos > PIECE)
                throw new Error('a line too long for the MD5 cache');
            carry = pos < chunk.length ? Buffer.from(chunk.subarray(pos)) : undefined;
        }
        // Every row ends in a newline: a last line without one was cut short, and is dropped.
    }
    finally {
        await fh.close();
    }
}
const num = (v) => typeof v === 'number' && Number.isFinite(v);
const str = (v) => typeof v === 'string';
function parseRow(row) {
    if (!Array.isArray(row) || row.length !== 10)
        return undefined;
    const [path, size, mtimeMs, ctimeMs, ino, dev, md5, multipartEtag, remote, racyFlag] = row;
    if (!str(path) || (racyFlag !== 0 && racyFlag !== 1))
        return undefined;
    if (!num(size) || !num(mtimeMs) || !num(ctimeMs) || !num(ino) || !num(dev))
        return undefined;
    if (!str(md5) || !/^[0-9a-f]{32}$/.test(md5))
        return undefined;
    if (multipartEtag !== null && (!str(multipartEtag) || !/^[0-9a-f]{32}-\d+$/.test(multipartEtag)))
        return undefined;
    let rs;
    if (remote !== null) {
        if (!Array.isArray(remote) || remote.length !== 4)
            return undefined;
        const [key, etag, modified, writtenBy] = remote;
        if (!str(key) || !str(etag))
            return undefined;
        if (modified !== null && !num(modified))
            return undefined;
        if (writtenBy !== null && !num(writtenBy))
            return undefined;
        rs = { key, etag, modified: modified ?? undefined, writtenBy: writtenBy ?? undefined };
    }
    const stamp = { size, mtimeMs, ctimeMs, ino, dev };
    return [path, record(stamp, md5, multipartEtag ?? undefined, rs, racyFlag === 1)];
}
/** The stamp of a listed local entry (undefined for S3 entries and directories). */
function stampOf(st) {
    if (st.mtimeMs === undefined || st.ctimeMs === undefined || st.ino === undefined)
        return undefined;
    return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev ?? 0 };
}
/** The same file as when stamped: a write, a replacement (inode) or a touch changes one of these. */
function sameStamp(a, b) {
    return (a.size === b.size &&
        a.mtimeMs === b.mtimeMs &&
        a.ctimeMs === b.ctimeMs &&
        a.ino === b.ino &&
        a.dev === b.dev);
}
/**
 * Racy by mtime alone: a write sets mtime to the current tick, so a change in the tick of the record
 * leaves the stamp as it was only when mtime is itself that recent. A file this run downloaded has
 * the object's (older) mtime set on it and a fresh ctime; a later write would move its mtime, so it is
 * trusted at once instead of hashed again on the next run. The one change missed is a write followed
 * by setting mtime back to exactly the old value, within the same tick as the record: the stamp then
 * says nothing changed, as it would to rsync or make.
 */
function racy(s, now) {
    const coarse = s.mtimeMs % 1000 === 0;
    const margin = coarse ? RACY_MS_COARSE : RACY_MS_FINE;
    // A file dated in the future whose last change is safely past: a write from now on stamps its ctime
    // with the time of that write, so no rewrite can leave this stamp as it is. Otherwise such a file (an
    // archive from a machine whose clock ran ahead) would be hashed again on every run, and under --no-md5
    // uploaded again on every run, until the clock caught up with it.
    if (s.mtimeMs > now + margin && s.ctimeMs < now - margin)
        return false;
    return s.mtimeMs >= now - margin;
}


/***/ }),

/***/ 2483:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G8: () => (/* binding */ nameCodec),
/* harmony export */   NE: () => (/* binding */ joinFsPath),
/* harmony export */   Qp: () => (/* binding */ localFsPath),
/* harmony export */   d_: () => (/* binding */ fsPathUnder)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
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
                    if ((ch.codePointAt(0) ?? 0) > 0xff)
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`unknown charset ${JSON.stringify(charset)}`);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`charset ${JSON.stringify(charset)} is not supported for file names (use UTF-8 or a single-byte charset such as ISO-8859-1 or windows-1252)`);
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
    const cp = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
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
/** The path on disk of a relative path (as text) under `root`: joined with the platform's separator. */
function localFsPath(root, rel, codec, sep) {
    if (rel === '')
        return root;
    const joined = rel.split('/').join(sep);
    if (!codec)
        return root.endsWith(sep) ? root + joined : root + sep + joined;
    return joinFsPath(root, codec.encode(joined), sep);
}


/***/ }),

/***/ 4819:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zt: () => (/* binding */ bypassesProxy),
/* harmony export */   kR: () => (/* binding */ proxiedAgents),
/* harmony export */   zb: () => (/* binding */ parseNoProxy)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_2__);
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
        return { host: bracket[1] ?? '', port: bracket[2] ? Number(bracket[2]) : undefined };
    const m = /^([^:]*):(\d+)$/.exec(entry);
    if (m)
        return { host: m[1] ?? '', port: Number(m[2]) };
    return { host: entry };
}
function inCidr(host, cidr) {
    const [net, bits] = cidr.split('/');
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(net ?? '');
    if (!family || (0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(host) !== family)
        return false;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    const list = new node_net__WEBPACK_IMPORTED_MODULE_2__.BlockList();
    try {
        list.addSubnet(net ?? '', Number(bits), type);
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
/**
 * Wraps the direct agents with proxies where configured. The proxy agents' packages (and the `debug`
 * module they load) are imported only here: a run without a proxy, most of them, never loads them.
 */
async function proxiedAgents(config, direct, opts) {
    let { httpAgent, httpsAgent } = direct;
    if (config.http) {
        const { HttpProxyAgent } = await Promise.all(/* import() */[__webpack_require__.e(411), __webpack_require__.e(947)]).then(__webpack_require__.bind(__webpack_require__, 8947));
        const proxy = new HttpProxyAgent(config.http, { keepAlive: true, maxSockets: opts.maxSockets });
        httpAgent = routingAgent((node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent), proxy, direct.httpAgent, config.noProxy);
    }
    if (config.https) {
        const { HttpsProxyAgent } = await Promise.all(/* import() */[__webpack_require__.e(411), __webpack_require__.e(566)]).then(__webpack_require__.bind(__webpack_require__, 1566));
        const proxy = new HttpsProxyAgent(config.https, { keepAlive: true, maxSockets: opts.maxSockets });
        // The tunnelled TLS connection takes its options from the agent's `options` (merged into each
        // request's by Node); the constructor resets them, so the extra CAs go in afterwards.
        if (opts.ca)
            Object.assign(proxy.options, { ca: opts.ca });
        httpsAgent = routingAgent((node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent), proxy, direct.httpsAgent, config.noProxy);
    }
    return { httpAgent, httpsAgent };
}


/***/ }),

/***/ 7253:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gz: () => (/* binding */ VerifyError),
/* harmony export */   IU: () => (/* binding */ withVerifyRetries),
/* harmony export */   li: () => (/* binding */ DEFAULT_ATTEMPTS),
/* harmony export */   zS: () => (/* binding */ VERIFY_ATTEMPTS)
/* harmony export */ });
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
// Retries, in one place. HTTP-level retries (throttling, 5xx, resets, timeouts, clock skew) are the
// SDK's retry strategy, configured in store/factory.ts and used by both stores; the signed store
// classifies errors with the SDK's own rules (store/retry-strategy.ts). Our own layer retries only what the SDK
// cannot see: a body that arrived complete by HTTP's account but fails MD5 (or was cut short), and a
// local file that changed while it was being read.


/** Attempts per request unless S3SYNC_RETRIES says otherwise (the first one included). */
const DEFAULT_ATTEMPTS = 5;
/** Whole-object attempts when the bytes fail verification. */
const VERIFY_ATTEMPTS = 3;
/** Pause between whole-object attempts; short because the SDK already backed off inside each one. */
const VERIFY_RETRY_DELAY_MS = 200;
/** Thrown when bytes fail verification; worth another whole-object attempt. */
class VerifyError extends Error {
    name = 'VerifyError';
}
async function withVerifyRetries(attempts, fn, signal) {
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (err) {
            if (!isVerifyRetryable(err) || attempt >= attempts || signal?.aborted)
                throw err;
            // An interrupt during the pause ends it, and no new attempt starts after one.
            await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(VERIFY_RETRY_DELAY_MS * attempt, undefined, { signal }).catch(() => { });
            if (signal?.aborted)
                throw err;
        }
    }
}
/** Verification failures, and stream errors surfaced after the SDK's own retries (premature close). */
function isVerifyRetryable(err) {
    if (err instanceof VerifyError)
        return true;
    const code = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorCode */ .CA)(err);
    // Not timeouts: the SDK's retries already spent them (a body that stalls mid-way is cut short instead).
    return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}


/***/ }),

/***/ 18:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ describeS3Error)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
// Turns SDK and socket errors into one line a person can act on.

function describeS3Error(err, ctx) {
    const e = err && typeof err === 'object' ? err : {};
    const name = e.name ?? '';
    const code = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorCode */ .CA)(err) ?? (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorCode */ .CA)(e.cause) ?? '';
    const where = ctx.endpoint ?? 'AWS S3';
    switch (name) {
        case 'NoSuchBucket':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`bucket "${ctx.bucket}" does not exist`);
        case 'AccessDenied':
        case 'Forbidden':
            return new Error(`access denied to bucket "${ctx.bucket}" (check the credentials and the bucket policy)`);
        case 'InvalidAccessKeyId':
        case 'SignatureDoesNotMatch':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`the AWS credentials were rejected by ${where} (${name})`);
        case 'CredentialsProviderError':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL('no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a web identity token');
        case 'PermanentRedirect':
        case 'AuthorizationHeaderMalformed':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`bucket "${ctx.bucket}" is in another region than configured; set AWS_REGION or --region`);
    }
    if (code === 'ECONNREFUSED')
        return new Error(`cannot connect to ${where}: connection refused`);
    if (code === 'EPROTO' ||
        code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
        /wrong version number|packet length too long/i.test(e?.message ?? '')) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`TLS handshake with ${where} failed: is the endpoint http, not https?`);
    }
    if (name === 'TimeoutError' || code === 'ETIMEDOUT') {
        return new Error(`${where} did not answer in time (${(e?.message ?? '').replace(/^@smithy\/node-http-handler - /, '')}); giving up after retries (see --timeout)`);
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return new Error(`cannot resolve the host of ${where}`);
    if (e?.$metadata?.httpStatusCode === 407) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`the proxy for ${where} requires authentication, or refused the credentials given (HTTP_PROXY_USER and HTTP_PROXY_PASSWORD, or user:password in the proxy URL)`);
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`the TLS certificate of ${where} is for another host name (${code})`);
    }
    if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`the TLS certificate of ${where} is not valid now (${code})`);
    }
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`the TLS certificate of ${where} is not trusted (${code}); set SSL_CERT_FILE, SSL_CERT_DIR or AWS_CA_BUNDLE to its CA`);
    }
    if (e?.$metadata?.httpStatusCode === 404 && name === 'NotFound')
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`bucket "${ctx.bucket}" does not exist`);
    // Anything else from a listing says which listing and page it was.
    const listing = e.listing;
    if (listing && !(err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb || err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL)) {
        return new Error(`${listing}: ${name && name !== 'Error' ? `${name}: ` : ''}${e?.message ?? String(err)}`);
    }
    return err instanceof Error ? err : new Error(String(err));
}


/***/ }),

/***/ 1208:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  hB: () => (/* binding */ createObjectStore)
});

// UNUSED EXPORTS: clientAgents, credentialsFor

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
var external_node_tls_default = /*#__PURE__*/__webpack_require__.n(external_node_tls_);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/proxy.ts
var proxy = __webpack_require__(4819);
;// CONCATENATED MODULE: ./src/core/store/lazy-sdk.ts
// The SDK store, loaded at its first request (why: sdk-client.ts). Every operation waits for the one load
// and hands over; a failed load (it cannot fail short of a broken install) fails each request with it.
class LazySdkStore {
    endpointLabel;
    load;
    agents;
    loading;
    loaded;
    destroyed = false;
    constructor(endpointLabel, load, agents) {
        this.endpointLabel = endpointLabel;
        this.load = load;
        this.agents = agents;
    }
    /** Whether any request has needed the SDK (tests and --debug). */
    get used() {
        return this.loading !== undefined;
    }
    sdk() {
        this.loading ??= this.load().then((l) => {
            this.loaded = l;
            if (this.destroyed)
                l.store.destroy();
            return l;
        });
        return this.loading;
    }
    async routeOf(bucket) {
        return (await this.sdk()).routeOf(bucket);
    }
    async *list(bucket, prefix, opts) {
        yield* (await this.sdk()).store.list(bucket, prefix, opts);
    }
    async head(...args) {
        return (await this.sdk()).store.head(...args);
    }
    async get(...args) {
        return (await this.sdk()).store.get(...args);
    }
    async put(...args) {
        return (await this.sdk()).store.put(...args);
    }
    async copy(...args) {
        return (await this.sdk()).store.copy(...args);
    }
    async createMultipart(...args) {
        return (await this.sdk()).store.createMultipart(...args);
    }
    async uploadPart(...args) {
        return (await this.sdk()).store.uploadPart(...args);
    }
    async uploadPartCopy(...args) {
        return (await this.sdk()).store.uploadPartCopy(...args);
    }
    async completeMultipart(...args) {
        return (await this.sdk()).store.completeMultipart(...args);
    }
    async abortMultipart(...args) {
        return (await this.sdk()).store.abortMultipart(...args);
    }
    async deleteMany(...args) {
        return (await this.sdk()).store.deleteMany(...args);
    }
    describeUse() {
        return `store: the SDK alone; SDK ${this.used ? 'loaded' : 'not loaded'}`;
    }
    /** Closes the sockets, the SDK's too if it is loaded (or once it is: a load still under way). */
    destroy() {
        this.destroyed = true;
        this.loaded?.store.destroy();
        this.agents.destroy();
    }
}

;// CONCATENATED MODULE: ./src/core/store/retry-strategy.ts
let loaded;
/** The SDK's retry module, imported once, when first needed. */
function smithyRetry() {
    loaded ??= __webpack_require__.e(/* import() */ 609).then(__webpack_require__.t.bind(__webpack_require__, 3609, 19));
    return loaded;
}
/** A first attempt's token, given before the SDK's strategy is loaded. */
class FirstAttempt {
    scope;
    constructor(scope) {
        this.scope = scope;
    }
    getRetryCount() {
        return 0;
    }
    getRetryDelay() {
        return 0;
    }
    getRetryCost() {
        return undefined;
    }
}
class LazyRetryStrategy {
    make;
    mode = 'standard';
    real;
    loading;
    /** `make` builds the SDK's strategy from its module. */
    constructor(make) {
        this.make = make;
    }
    /** The SDK's strategy, loading it if need be. */
    load() {
        this.loading ??= smithyRetry().then((m) => {
            this.real = this.make(m);
            return this.real;
        });
        return this.loading;
    }
    async acquireInitialRetryToken(scope) {
        return this.real ? this.real.acquireInitialRetryToken(scope) : new FirstAttempt(scope);
    }
    async refreshRetryTokenForRetry(token, info) {
        const real = await this.load();
        // The strategy's own first-attempt token in place of ours: the same state, in its own shape.
        const own = token instanceof FirstAttempt ? await real.acquireInitialRetryToken(token.scope) : token;
        return real.refreshRetryTokenForRetry(own, info);
    }
    recordSuccess(token) {
        this.real?.recordSuccess(token);
    }
}
/** The SDK's own classification (smithy's retry middleware), so both stores retry exactly the same errors. */
async function retryErrorType(e) {
    const { isServerError, isThrottlingError, isTransientError } = await smithyRetry();
    if (isThrottlingError(e))
        return 'THROTTLING';
    if (isTransientError(e))
        return 'TRANSIENT';
    if (isServerError(e))
        return 'SERVER_ERROR';
    return 'CLIENT_ERROR';
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
// EXTERNAL MODULE: ./src/core/etag.ts
var etag = __webpack_require__(3422);
// EXTERNAL MODULE: ./src/core/store/http.ts
var http = __webpack_require__(9233);
// EXTERNAL MODULE: ./src/core/store/list-check.ts
var list_check = __webpack_require__(6904);
;// CONCATENATED MODULE: ./src/core/store/list-xml.ts
// Reads one ListObjectsV2 answer straight from its bytes. Why not an XML library (the SDK's
// fast-xml-parser): a page of 1,000 keys became a tree of objects, then the SDK's typed copy with a Date
// per key, all garbage a moment later; on a 100,000-key listing that churn set the process's peak memory
// (about 70 MB of it) and a third of its CPU. S3's answer is a fixed, flat shape whose text never holds
// `<` (XML escapes it), so each field is the bytes between its tags. Each value is decoded into a string
// of its own, never a slice that would keep the whole page alive. Tested against the SDK's own parse of
// the same answers on s3rver and moto (__tests__/store-list.test.ts); its edge cases in
// __tests__/unit/list-xml.test.ts.


const tag = (name) => [Buffer.from(`<${name}>`), Buffer.from(`</${name}>`)];
const CONTENTS = tag('Contents');
const COMMON = tag('CommonPrefixes');
const KEY = tag('Key');
const SIZE = tag('Size');
const ETAG = tag('ETag');
const MODIFIED = tag('LastModified');
const PREFIX = tag('Prefix');
const TRUNCATED = tag('IsTruncated');
const NEXT = tag('NextContinuationToken');
const ENCODING = tag('EncodingType');
const ROOT = Buffer.from('<ListBucketResult');
const END = Buffer.from('</ListBucketResult>');
class BadListing extends Error {
    name = 'InvalidListing';
}
const QUOTE = Buffer.from('"');
const QUOTE_ESCAPED = Buffer.from('&quot;');
/**
 * The decoded text of the first `name` element in [from, to), or undefined when there is none. With
 * `quoted`, the quotes around it (an ETag's, raw or escaped) are left out of the string: cutting them
 * off the decoded text instead makes a slice that keeps the quoted text alive beside it, per object.
 */
function field(buf, t, from, to, quoted = false) {
    const open = buf.indexOf(t[0], from);
    if (open === -1 || open >= to)
        return undefined;
    let start = open + t[0].length;
    let end = buf.indexOf(t[1], start);
    if (end === -1 || end > to)
        throw new BadListing(`the server's listing is cut inside ${t[0]}`);
    if (quoted)
        for (const q of [QUOTE, QUOTE_ESCAPED])
            if (end - start >= 2 * q.length &&
                q.compare(buf, start, start + q.length) === 0 &&
                q.compare(buf, end - q.length, end) === 0) {
                start += q.length;
                end -= q.length;
                break;
            }
    const text = buf.toString('utf8', start, end);
    return text.includes('&') ? (0,http/* xmlText */.xK)(text) : text;
}
/** Every [start, end) of `t`'s elements in the body, in order. */
function* blocks(buf, t) {
    let pos = 0;
    for (;;) {
        const open = buf.indexOf(t[0], pos);
        if (open === -1)
            return;
        const end = buf.indexOf(t[1], open);
        if (end === -1)
            throw new BadListing(`the server's listing is cut inside ${t[0]}`);
        yield [open + t[0].length, end];
        pos = end + t[1].length;
    }
}
function parseListPage(buf) {
    if (buf.indexOf(ROOT) === -1)
        throw new BadListing(`the server answered a listing with something else: ${buf.toString('utf8', 0, 120)}`);
    const encoded = field(buf, ENCODING, 0, buf.length) === 'url';
    const objects = [];
    for (const [from, to] of blocks(buf, CONTENTS)) {
        const key = field(buf, KEY, from, to);
        const size = Number(field(buf, SIZE, from, to));
        const modified = Date.parse(field(buf, MODIFIED, from, to) ?? '');
        if (key === undefined || !Number.isSafeInteger(size) || size < 0 || Number.isNaN(modified))
            throw new BadListing(`the server listed an object without a key, size or date: ${buf.toString('utf8', from, to)}`);
        objects.push({
            key: (0,http/* decodeListed */.Y)(key, encoded),
            size,
            etag: (0,etag/* unquoteEtag */.dF)(field(buf, ETAG, from, to, true)),
            lastModified: modified,
        });
    }
    const prefixes = [];
    for (const [from, to] of blocks(buf, COMMON)) {
        const p = field(buf, PREFIX, from, to);
        if (p !== undefined)
            prefixes.push((0,http/* decodeListed */.Y)(p, encoded));
    }
    // A body cut short after a whole <Contents> would otherwise read as a shorter, complete page.
    // (An absent IsTruncated reads as false, as the SDK reads it; a value other than true or false fails.)
    const flag = field(buf, TRUNCATED, 0, buf.length);
    if (buf.lastIndexOf(END) === -1)
        throw new BadListing(`the server's listing page is incomplete (it has no end tag)`);
    if (flag !== undefined && flag !== 'true' && flag !== 'false')
        throw new BadListing(`the server's listing says IsTruncated ${JSON.stringify(flag)}`);
    const truncated = flag === 'true';
    const nextToken = truncated ? field(buf, NEXT, 0, buf.length) : undefined;
    return { objects, prefixes, truncated, nextToken };
}

// EXTERNAL MODULE: ./src/core/store/sigv4.ts
var sigv4 = __webpack_require__(6158);
;// CONCATENATED MODULE: ./src/core/store/signed.ts
// The per-object hot path: PutObject, GetObject and HeadObject sent straight on the client's keep-alive
// sockets, signed by sigv4.ts (held to the SDK's signer byte for byte) at the SDK's clock-skew-corrected
// time, retried by the run's retry strategy (the SDK's standard one, loaded at the first failure: see
// retry-strategy.ts) with the SDK's own error classification, and listings read by list-xml.ts.
// Why not S3Client.send: its middleware stack costs about 2 ms of client CPU per request (measured here:
// 2.9 ms per small PUT through send, 0.9 ms this way), which for trees of small files is most of the
// client's work; and a run whose requests all go this way never loads the SDK.
// Everything else (multipart, copies, deletes) goes to the SDK store, and so does any request for a
// bucket this path cannot address: after a region redirect the SDK, which follows redirects, takes that
// bucket over for the rest of the run.










/** Thrown inside this module when a request must go through the SDK instead. */
class UseSdk extends Error {
    name = 'UseSdk';
}
// SHA-256 of an empty payload: what a bodiless request signs.
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
class SignedStore {
    sdk;
    shared;
    opts;
    endpointLabel;
    routes = new Map();
    /** Requests that went this way and that went to the SDK (tests and --debug read these). */
    counts = { signed: 0, sdk: 0 };
    agents;
    /** The agents whose requests each signal must abort (see abortOn). */
    watched = new WeakMap();
    constructor(sdk, shared, opts) {
        this.sdk = sdk;
        this.shared = shared;
        this.opts = opts;
        this.endpointLabel = sdk.endpointLabel;
        this.agents = shared.agents;
    }
    /** The run's credentials, asked of its provider (which caches and refreshes them) for each request. */
    async credentials() {
        const c = this.shared.credentials;
        const resolved = typeof c === 'function' ? await c() : c;
        if (!resolved?.accessKeyId || !resolved.secretAccessKey)
            throw new Error('the credentials resolved have no access key id or secret access key');
        return resolved;
    }
    /** ListObjectsV2 pages, read by list-xml.ts instead of the SDK's parser (why: see there). */
    async *list(bucket, prefix, opts) {
        const check = new list_check/* ListingCheck */.x(prefix);
        let token;
        let first = true;
        do {
            const route = await this.route(bucket);
            // A bucket the SDK must address (no route, or a redirect on the first page) is listed by it whole.
            let page;
            if (route) {
                const query = { 'list-type': '2', prefix, 'encoding-type': 'url' };
                if (opts.delimiter)
                    query.delimiter = opts.delimiter;
                if (token)
                    query['continuation-token'] = token;
                try {
                    page = await this.attempt(route, 'GET', '', query, {}, undefined, opts.signal, async (res) => parseListPage(await readBody(res)));
                    this.counts.signed++;
                }
                catch (err) {
                    if (!(err instanceof UseSdk))
                        throw err;
                    this.routes.set(bucket, Promise.resolve(undefined));
                }
            }
            if (!page) {
                if (!first)
                    throw new Error(`listing of ${bucket}/${prefix}: the bucket's endpoint changed mid-listing`);
                yield* this.sdk.list(bucket, prefix, opts);
                return;
            }
            first = false;
            // Checked before the page is handed on, so a failure is counted against the page that carried it.
            check.page(page);
            token = check.next(page.truncated, page.nextToken);
            yield { objects: page.objects, prefixes: page.prefixes };
        } while (token);
    }
    async head(bucket, key, opts = {}) {
        const query = {};
        if (opts.partNumber !== undefined)
            query.partNumber = String(opts.partNumber);
        const headers = opts.checksums ? { 'x-amz-checksum-mode': 'ENABLED' } : {};
        return this.viaRoute(bucket, async (route) => {
            const res = await this.send(route, 'HEAD', key, query, headers, undefined, opts.signal);
            res.resume();
            return headOf(res);
        }, () => this.sdk.head(bucket, key, opts));
    }
    async get(bucket, key, opts = {}) {
        const headers = opts.checksums ? { 'x-amz-checksum-mode': 'ENABLED' } : {};
        return this.viaRoute(bucket, async (route) => {
            const res = await this.send(route, 'GET', key, {}, headers, undefined, opts.signal);
            return { ...headOf(res), body: res };
        }, () => this.sdk.get(bucket, key, opts));
    }
    async put(req, opts = {}) {
        return this.viaRoute(req.bucket, async (route) => {
            const headers = putHeaders(req.headers);
            headers['content-length'] = String(req.body.length);
            headers['content-md5'] = Buffer.from(req.md5, 'hex').toString('base64');
            if (req.ifNoneMatch)
                headers['if-none-match'] = '*';
            const res = await this.send(route, 'PUT', req.key, {}, headers, req.body, opts.signal);
            res.resume();
            await new Promise((resolve, reject) => res.on('end', resolve).on('error', reject));
            const date = header(res, 'date');
            return {
                etag: (0,etag/* unquoteEtag */.dF)(header(res, 'etag')),
                sse: header(res, 'x-amz-server-side-encryption'),
                sseCustomer: header(res, 'x-amz-server-side-encryption-customer-algorithm') !== undefined,
                serverTime: date ? Math.floor(Date.parse(date) / 1000) : undefined,
            };
        }, () => this.sdk.put(req, opts));
    }
    copy(...args) {
        return this.sdk.copy(...args);
    }
    createMultipart(...args) {
        return this.sdk.createMultipart(...args);
    }
    uploadPart(...args) {
        return this.sdk.uploadPart(...args);
    }
    uploadPartCopy(...args) {
        return this.sdk.uploadPartCopy(...args);
    }
    completeMultipart(...args) {
        return this.sdk.completeMultipart(...args);
    }
    abortMultipart(...args) {
        return this.sdk.abortMultipart(...args);
    }
    deleteMany(...args) {
        return this.sdk.deleteMany(...args);
    }
    destroy() {
        this.sdk.destroy();
    }
    describeUse() {
        return `store: ${this.counts.signed} requests on the signed path; SDK ${this.sdk.used ? 'loaded' : 'not loaded'}`;
    }
    /** Runs `direct` on the bucket's route, or `viaSdk` when there is none (or the server redirected). */
    async viaRoute(bucket, direct, viaSdk) {
        const route = await this.route(bucket);
        if (route) {
            try {
                const out = await direct(route);
                this.counts.signed++;
                return out;
            }
            catch (err) {
                if (!(err instanceof UseSdk))
                    throw err;
                // Another region or endpoint than configured: the SDK knows how to follow; it keeps the bucket.
                this.routes.set(bucket, Promise.resolve(undefined));
            }
        }
        this.counts.sdk++;
        return viaSdk();
    }
    /** The bucket's URL, resolved once: a path-style endpoint's here, any other by the SDK's endpoint rules. */
    route(bucket) {
        let r = this.routes.get(bucket);
        if (!r) {
            r = this.resolveRoute(bucket).catch(() => undefined);
            this.routes.set(bucket, r);
        }
        return r;
    }
    async resolveRoute(bucket) {
        const v = this.opts.vanity;
        if (v) {
            return {
                protocol: v.protocol,
                hostname: bucket,
                port: v.port ? Number(v.port) : undefined,
                basePath: '',
            };
        }
        if (this.opts.pathStyleEndpoint)
            return pathStyleRoute(this.opts.pathStyleEndpoint, bucket);
        return this.sdk.routeOf(bucket);
    }
    /** One request with the client's retry strategy; resolves with a 2xx response whose body is unread. */
    send(route, method, key, query, headers, body, signal) {
        return this.attempt(route, method, key, query, headers, body, signal, async (res) => res);
    }
    /**
     * Sends with the client's retry strategy; `take` reads the 2xx response inside the attempt, so a body
     * that breaks off (or does not parse) is retried like a failed request.
     */
    async attempt(route, method, key, query, headers, body, signal, take) {
        const strategy = this.shared.retryStrategy;
        let token = await strategy.acquireInitialRetryToken('paras3-signed');
        for (;;) {
            try {
                signal?.throwIfAborted();
                const res = await take(await this.once(route, method, key, query, headers, body, signal));
                strategy.recordSuccess(token);
                return res;
            }
            catch (err) {
                if (err instanceof UseSdk || signal?.aborted)
                    throw err;
                const e = err;
                await this.correctClock(e);
                try {
                    token = await strategy.refreshRetryTokenForRetry(token, { errorType: await retryErrorType(e) });
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
    /**
     * As the SDK's signer does (AwsSdkSigV4Signer.errorHandler, whose helpers it does not export): an
     * error answer's Date header corrects the run's clock offset, shared with the SDK's client; a skew
     * error whose offset changed by 4 minutes or more is then retried at once.
     */
    async correctClock(e) {
        const server = e.serverTime ? Date.parse(e.serverTime) : Number.NaN;
        if (Number.isNaN(server))
            return;
        const clock = this.shared.clock;
        const before = clock.offset;
        clock.offset = server - Date.now();
        if (Math.abs(clock.offset) < 240_000 || clock.offset === before)
            return;
        const { isClockSkewError } = await smithyRetry();
        if (isClockSkewError(e)) {
            e.$metadata.clockSkewCorrected = true;
        }
    }
    /**
     * Makes an abort of `signal` destroy `req` (and so its response, mid-body too), as http.request's
     * `signal` option would. Not that option: it adds a listener to the signal, and an end-of-stream
     * watcher to the request, for every request, and the listener objects outlive two young-generation
     * collections: on a 100,000-file upload that promoted 200 MB instead of 130 MB to the old generation,
     * the run's peak RSS was 320 MB instead of 260, with 10 % more CPU (measured, three runs each). Here
     * the request carries its signal as a property, and one listener per signal and agent finds the
     * requests of that signal, in use on a socket or waiting for one, when it fires.
     */
    abortOn(signal, req, agent) {
        if (signal.aborted) {
            req.destroy(abortError(signal));
            return;
        }
        req[REQUEST_SIGNAL] = signal;
        let agents = this.watched.get(signal);
        if (!agents) {
            agents = new Set();
            this.watched.set(signal, agents);
            const watching = agents;
            signal.addEventListener('abort', () => {
                for (const a of watching)
                    abortRequestsOf(a, signal);
            }, { once: true });
        }
        agents.add(agent);
    }
    async once(route, method, key, query, extra, body, signal) {
        // Key '' is the bucket itself: `/bucket/` path-style, `/` virtual-hosted, as the SDK sends a listing.
        const path = `${route.basePath}/${(0,sigv4/* escapeUriPath */.nW)(key)}`;
        const defaultPort = route.protocol === 'https:' ? 443 : 80;
        const host = route.port && route.port !== defaultPort ? `${route.hostname}:${route.port}` : route.hostname;
        // Escaped as the signer escapes it (RFC 3986: a space is %20, not URLSearchParams' '+').
        const qs = (0,sigv4/* buildQueryString */.Go)(query);
        const signedHeaders = (0,sigv4/* signRequest */.zT)({
            method,
            path,
            query: qs,
            headers: {
                ...extra,
                host,
                // A body always travels with Content-MD5, which S3 verifies: a SHA-256 of it would be a
                // second pass over every byte for nothing.
                'x-amz-content-sha256': body ? 'UNSIGNED-PAYLOAD' : EMPTY_SHA256,
            },
        }, await this.credentials(), route.signingRegion ?? this.opts.region, 's3', new Date(Date.now() + this.shared.clock.offset));
        const transport = route.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
        const agent = route.protocol === 'https:' ? this.agents.httpsAgent : this.agents.httpAgent;
        const res = await new Promise((resolve, reject) => {
            const req = transport.request({
                agent,
                method,
                hostname: route.hostname,
                port: route.port,
                path: qs ? `${path}?${qs}` : path,
                headers: { ...signedHeaders, 'user-agent': `paras3/${version/* VERSION */.x}` },
            }, (res) => {
                // The idle timeout keeps watching while the body streams: a server that stops mid-body fails too.
                res.on('error', () => { });
                resolve(res);
            });
            req.setTimeout(this.opts.timeoutMs, () => req.destroy(Object.assign(new Error(`no response for ${Math.round(this.opts.timeoutMs / 1000)} s`), {
                name: 'TimeoutError',
                code: 'ETIMEDOUT',
            })));
            if (signal)
                this.abortOn(signal, req, agent);
            req.on('error', reject);
            req.end(body);
        });
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300)
            return res;
        const chunks = [];
        for await (const c of res)
            chunks.push(c);
        const err = (0,http/* s3Error */.lH)(status, Buffer.concat(chunks).toString('utf8'), {
            date: header(res, 'date'),
            requestId: header(res, 'x-amz-request-id'),
        });
        // Wrong region or endpoint: the SDK knows how to follow these.
        if (status === 301 ||
            status === 307 ||
            err.name === 'AuthorizationHeaderMalformed' ||
            err.name === 'PermanentRedirect')
            throw new UseSdk(`${err.name}: ${err.message}`);
        throw err;
    }
}
const REQUEST_SIGNAL = Symbol('paras3.requestSignal');
/** What http.request's `signal` option fails a request with. */
function abortError(signal) {
    return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
        name: 'AbortError',
        code: 'ABORT_ERR',
    });
}
/**
 * Destroys the agent's requests made with `signal`: those on a socket (`agent.sockets`; a socket's
 * current request is its `_httpMessage`, which Node has not renamed since 0.x) and those queued for one
 * (`agent.requests`). A socket whose request cannot be told is destroyed too: an abort stops the run.
 */
function abortRequestsOf(agent, signal) {
    const err = abortError(signal);
    for (const sockets of Object.values(agent.sockets)) {
        for (const socket of [...(sockets ?? [])]) {
            const req = socket._httpMessage;
            if (req === undefined)
                socket.destroy(err);
            else if (req && req[REQUEST_SIGNAL] === signal)
                req.destroy(err);
        }
    }
    for (const queued of Object.values(agent.requests))
        for (const req of [...(queued ?? [])])
            if (req[REQUEST_SIGNAL] === signal)
                req.destroy(err);
}
function putHeaders(h) {
    const out = {};
    if (h.contentType)
        out['content-type'] = h.contentType;
    if (h.cacheControl)
        out['cache-control'] = (0,http/* encodedHeaderValue */.L$)(h.cacheControl);
    if (h.contentDisposition)
        out['content-disposition'] = (0,http/* encodedHeaderValue */.L$)(h.contentDisposition);
    if (h.contentEncoding)
        out['content-encoding'] = h.contentEncoding;
    if (h.contentLanguage)
        out['content-language'] = h.contentLanguage;
    if (h.expires)
        out.expires = h.expires.toUTCString();
    if (h.acl)
        out['x-amz-acl'] = h.acl;
    if (h.storageClass)
        out['x-amz-storage-class'] = h.storageClass;
    if (h.sse)
        out['x-amz-server-side-encryption'] = h.sse;
    if (h.sseKmsKeyId)
        out['x-amz-server-side-encryption-aws-kms-key-id'] = h.sseKmsKeyId;
    for (const [k, v] of Object.entries(h.metadata ?? {}))
        out[`x-amz-meta-${k.toLowerCase()}`] = (0,http/* encodedHeaderValue */.L$)(v);
    return out;
}
function headOf(res) {
    const metadata = {};
    const checksums = {};
    for (const [k, v] of Object.entries(res.headers)) {
        if (typeof v !== 'string')
            continue;
        if (k.startsWith('x-amz-meta-'))
            metadata[k.slice(11)] = v;
        else if (k.startsWith('x-amz-checksum-') && k !== 'x-amz-checksum-type' && k !== 'x-amz-checksum-mode')
            checksums[k.slice(15)] = v;
    }
    const length = header(res, 'content-length');
    const modified = header(res, 'last-modified');
    const expires = header(res, 'expires');
    const parts = header(res, 'x-amz-mp-parts-count');
    return {
        size: length === undefined ? 0 : Number(length),
        etag: (0,etag/* unquoteEtag */.dF)(header(res, 'etag')),
        lastModified: modified ? Date.parse(modified) : undefined,
        metadata,
        contentType: header(res, 'content-type'),
        cacheControl: header(res, 'cache-control'),
        contentDisposition: header(res, 'content-disposition'),
        contentEncoding: header(res, 'content-encoding'),
        contentLanguage: header(res, 'content-language'),
        expires: expires && !Number.isNaN(Date.parse(expires)) ? new Date(expires) : undefined,
        storageClass: header(res, 'x-amz-storage-class'),
        sse: header(res, 'x-amz-server-side-encryption'),
        sseCustomer: header(res, 'x-amz-server-side-encryption-customer-algorithm') !== undefined,
        partsCount: parts === undefined ? undefined : Number(parts),
        checksums: Object.keys(checksums).length > 0 ? checksums : undefined,
        checksumType: header(res, 'x-amz-checksum-type'),
    };
}
function header(res, name) {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : v;
}
/** The whole body of a response; rejects when it breaks off. */
async function readBody(res) {
    const chunks = [];
    for await (const c of res)
        chunks.push(c);
    return Buffer.concat(chunks);
}
/** `<endpoint>/<bucket>`, as the SDK's rules make it for a custom endpoint with path-style addressing. */
function pathStyleRoute(endpoint, bucket) {
    const url = new URL(endpoint);
    return {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port ? Number(url.port) : undefined,
        basePath: `${url.pathname.replace(/\/+$/, '')}/${bucket}`,
    };
}

;// CONCATENATED MODULE: ./src/core/store/factory.ts
// Builds the run's ObjectStore: the transport both paths share (keep-alive sockets sized for the thread
// count, with the settings' CAs and proxy; credentials; one retry strategy; one clock correction), the
// SDK's S3Client on top of it, loaded at its first use (sdk-client.ts), and in front of that the signed
// path unless settings ask for the SDK alone.








/** Instance metadata is the chain's last resort: off an EC2 host it must fail in a second, not hang. */
const IMDS_TIMEOUT_MS = 1000;
async function createObjectStore(s) {
    // The SDK warns on Node 20 that future releases will need Node 22; it is noise in our output.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const shared = {
        // Sockets for every thread plus the parts of multipart transfers running inside them.
        agents: await clientAgents(s, s.threads * 2 + 4),
        credentials: credentialsFor(s),
        retryStrategy: retryStrategyFor(s),
        clock: { offset: 0 },
    };
    const sdk = new LazySdkStore(s.endpointLabel, 
    // The SDK's client gets the retry strategy loaded: its middleware then sees only the strategy's tokens.
    () => Promise.all([Promise.all(/* import() */[__webpack_require__.e(609), __webpack_require__.e(861), __webpack_require__.e(711), __webpack_require__.e(874)]).then(__webpack_require__.bind(__webpack_require__, 874)), shared.retryStrategy.load()]).then(([m]) => m.loadSdk(s, shared)), shared.agents);
    if (s.store === 'sdk')
        return sdk;
    return new SignedStore(sdk, shared, {
        vanity: s.vanity,
        timeoutMs: s.timeoutMs,
        region: s.region,
        // A path-style endpoint's bucket URL needs none of the SDK's endpoint rules: the bucket after the
        // endpoint's path. Anything else (AWS's own hosts, virtual-hosted addressing) is theirs to work out.
        pathStyleEndpoint: s.endpoint && s.forcePathStyle && !s.vanity ? s.endpoint : undefined,
    });
}
/**
 * The SDK's own standard strategy (exponential backoff with jitter, a retry quota, its error
 * classification) for `maxAttempts`, or with S3SYNC_WAITONERROR a fixed wait between attempts. Made
 * here, not by the client, so that the signed path has it before the SDK is loaded; AWS_RETRY_MODE
 * and a profile's retry_mode are therefore not read (the attempts and the wait are paras3 settings).
 */
function retryStrategyFor(s) {
    const delay = s.retryDelayMs;
    return new LazyRetryStrategy((m) => delay === undefined
        ? new m.StandardRetryStrategy(s.maxAttempts)
        : new m.ConfiguredRetryStrategy(s.maxAttempts, () => delay));
}
/** The roots Node trusts by default (NODE_EXTRA_CA_CERTS included where Node can say so). */
function systemRoots() {
    const get = (external_node_tls_default()).getCACertificates;
    return get ? get('default') : (external_node_tls_default()).rootCertificates;
}
/**
 * Keep-alive agents with the settings' extra CAs and proxies, for the S3 client or another AWS client.
 * Without a proxy the https agent is made at its first use, so the extra CAs are read only by a run
 * that speaks TLS (spreading the agents into a client's options is a use).
 */
async function clientAgents(s, maxSockets) {
    const ca = () => (s.ca ? [...systemRoots(), ...s.ca()] : undefined);
    const httpAgent = s.httpAgent ?? new (external_node_http_default()).Agent({ keepAlive: true, maxSockets });
    let made;
    const direct = {
        httpAgent,
        get httpsAgent() {
            made ??= s.httpsAgent ?? new (external_node_https_default()).Agent({ keepAlive: true, maxSockets, ca: ca() });
            return made;
        },
    };
    const agents = s.proxy ? await (0,proxy/* proxiedAgents */.kR)(s.proxy, direct, { maxSockets, ca: ca() }) : direct;
    // Not enumerable: the agents are spread into clients' options, which must not get this.
    return Object.defineProperty(agents, 'destroy', {
        value: () => {
            agents.httpAgent.destroy();
            if (s.proxy || made)
                agents.httpsAgent.destroy();
        },
    });
}
/** The run's credentials for any AWS client: the settings' keys, else the SDK's default chain. */
function credentialsFor(s) {
    return s.credentials ?? defaultChain(s.profile);
}
/**
 * The SDK's default chain (env, SSO, web identity / OIDC, ~/.aws files, container and instance
 * metadata), with the metadata service bounded, and its failure turned into one clear ConfigError.
 * Once it has failed it fails at once for every later request, instead of asking every source again.
 */
function defaultChain(profile) {
    // Loaded at the first request that needs credentials: a run with keys in its settings never loads it.
    let chain;
    let failed;
    return async (props) => {
        if (failed)
            throw failed;
        chain ??= Promise.all(/* import() */[__webpack_require__.e(609), __webpack_require__.e(861)]).then(__webpack_require__.t.bind(__webpack_require__, 5861, 19)).then((m) => m.defaultProvider({ profile, timeout: IMDS_TIMEOUT_MS, maxRetries: 0 }));
        try {
            return await (await chain)(props);
        }
        catch (err) {
            const e = err;
            if (e?.name !== 'CredentialsProviderError')
                throw err;
            failed = new errors/* ConfigError */.xL(`no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (environment or settings file), AWS_PROFILE, or a web identity token${profile || process.env.AWS_PROFILE ? ` (${oneLineOf(e)})` : ''}`);
            throw failed;
        }
    };
}
function oneLineOf(e) {
    return (e.message ?? String(e)).split('\n')[0] ?? '';
}


/***/ }),

/***/ 9233:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L$: () => (/* binding */ encodedHeaderValue),
/* harmony export */   XR: () => (/* binding */ copySource),
/* harmony export */   Y: () => (/* binding */ decodeListed),
/* harmony export */   lH: () => (/* binding */ s3Error),
/* harmony export */   xK: () => (/* binding */ xmlText)
/* harmony export */ });
/* unused harmony export xmlElement */
/* harmony import */ var _sigv4_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6158);
// Small pieces of S3's HTTP surface shared by both stores: key encoding in listings and copy sources,
// header values, and S3's XML error document.

/**
 * A key from a listing asked for with encoding-type=url: S3 percent-encodes it and writes spaces as
 * `+` (botocore decodes with unquote_plus for the same reason). A server that ignored the parameter
 * sent raw keys, which are taken as they are.
 */
function decodeListed(value, encoded) {
    if (!encoded)
        return value;
    try {
        return decodeURIComponent(value.replace(/\+/g, ' '));
    }
    catch {
        throw Object.assign(new Error(`the server listed a key that is not valid URL encoding: ${JSON.stringify(value)}`), {
            name: 'InvalidListing',
        });
    }
}
/** `x-amz-copy-source`: bucket and key, the key percent-encoded segment by segment. */
function copySource(bucket, key) {
    return `${bucket}/${(0,_sigv4_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeUriPath */ .nW)(key)}`;
}
/** A header value as HTTP allows it: printable ASCII as is, anything else as RFC 2047 `=?UTF-8?B?…?=`. */
function encodedHeaderValue(v) {
    if (/^[\u0020-\u007e]*$/.test(v))
        return v;
    return `=?UTF-8?B?${Buffer.from(v, 'utf8').toString('base64')}?=`;
}
const NAMED = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** XML text with its five named entities and numeric character references decoded. */
function xmlText(s) {
    return s.replace(/&(#x[0-9a-f]+|#[0-9]+|lt|gt|amp|quot|apos);/gi, (whole, e) => {
        if (e[0] !== '#')
            return NAMED[e.toLowerCase()] ?? whole;
        const cp = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    });
}
/** The text of the first `<name>` element, decoded; undefined when absent. */
function xmlElement(xml, name) {
    const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
    return m ? xmlText(m[1] ?? '') : undefined;
}
/** S3's error document (or just the status, for HEAD) as an error shaped like the SDK's: name = Code. */
function s3Error(status, body, headers) {
    const code = xmlElement(body, 'Code') ?? statusCode(status);
    const message = xmlElement(body, 'Message') ?? `HTTP ${status}`;
    return Object.assign(new Error(message), {
        name: code,
        Code: code,
        $fault: status >= 500 ? 'server' : 'client',
        $metadata: { httpStatusCode: status, requestId: headers.requestId ?? xmlElement(body, 'RequestId') },
        serverTime: headers.date,
    });
}
/** What the SDK names a bodiless error response (HEAD), so both stores raise the same names. */
function statusCode(status) {
    if (status === 404)
        return 'NotFound';
    if (status === 403)
        return 'Forbidden';
    if (status === 412)
        return 'PreconditionFailed';
    if (status === 304)
        return 'NotModified';
    if (status === 400)
        return 'BadRequest';
    return String(status);
}


/***/ }),

/***/ 6904:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ ListingCheck)
/* harmony export */ });
/* unused harmony export InvalidListing */
/* harmony import */ var _keys_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1483);
// What a ListObjectsV2 answer must hold before a sync trusts it, checked page by page by both stores
// (signed.ts, sdk.ts) with one ListingCheck per listing. A server (or a proxy) that ignores `prefix=`
// lists keys of other trees, which tree/s3.ts would cut into nonsense paths and plan as deletes; one
// that hands back a continuation token it gave before would be followed forever, each page held in
// memory. Breaking either rule is an InvalidListing: the listing fails, and with it the run, before
// anything is planned or deleted. Messages leave out the bucket and prefix: the tree stage adds them
// (tree/s3.ts).

class InvalidListing extends Error {
    name = 'InvalidListing';
}
/** Longest part of a token quoted in a message: real ones run to hundreds of characters. */
const TOKEN_SHOWN = 40;
class ListingCheck {
    prefix;
    /** Every token followed so far: a cycle of any length repeats one of them. */
    tokens = new Set();
    constructor(prefix) {
        this.prefix = prefix;
    }
    /** Refuses a page with a key, or (with a delimiter) a common prefix, outside the prefix asked for. */
    page(page) {
        if (this.prefix === '')
            return;
        for (const o of page.objects)
            if (!o.key.startsWith(this.prefix))
                this.outside('key', o.key);
        for (const p of page.prefixes)
            if (!p.startsWith(this.prefix))
                this.outside('common prefix', p);
    }
    outside(what, name) {
        throw new InvalidListing(`the server listed ${what} "${(0,_keys_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(name)}", outside the prefix "${(0,_keys_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(this.prefix)}" asked for`);
    }
    /** The token of the next page, if the page was truncated; a truncated page needs a token never seen. */
    next(truncated, token) {
        if (!truncated)
            return undefined;
        if (!token)
            throw new InvalidListing('the server sent a truncated page without a continuation token');
        if (this.tokens.has(token)) {
            const shown = token.length > TOKEN_SHOWN ? `${token.slice(0, TOKEN_SHOWN)}…` : token;
            throw new InvalidListing(`the server repeated a continuation token (${JSON.stringify(shown)}), so the listing would never end`);
        }
        this.tokens.add(token);
        return token;
    }
}


/***/ }),

/***/ 6158:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Go: () => (/* binding */ buildQueryString),
/* harmony export */   nW: () => (/* binding */ escapeUriPath),
/* harmony export */   zT: () => (/* binding */ signRequest)
/* harmony export */ });
/* unused harmony export escapeUri */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
// AWS Signature Version 4 for the signed path's requests (header auth, S3: the path signed as sent).
//
// Why not the SDK's SignatureV4: it is ~50 µs of the main thread per request (measured: ~9 % of the
// client's CPU uploading 5,000 small files), mostly in its async hashing wrappers and header copies,
// and importing it (with the @smithy/core modules its callers used for hashing and escaping) is a third
// of the code a short run loads before its first request. What it computes is a fixed recipe over
// node:crypto's HMAC and SHA-256. __tests__/unit/sigv4.test.ts holds this to the SDK's signer and to
// botocore's, byte for byte, over keys, queries, headers, regions and session tokens.

// Headers the SDK's signer never signs (a proxy or the runtime may change them on the way).
const UNSIGNABLE = new Set([
    'authorization',
    'cache-control',
    'connection',
    'expect',
    'from',
    'keep-alive',
    'max-forwards',
    'pragma',
    'referer',
    'te',
    'trailer',
    'transfer-encoding',
    'upgrade',
    'user-agent',
    'x-amzn-trace-id',
]);
/** RFC 3986 percent-encoding, as SigV4 wants it: encodeURIComponent plus `!'()*`. */
function escapeUri(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
/** A key as it goes in a URL path: each segment escaped, the slashes kept. */
function escapeUriPath(key) {
    return key.split('/').map(escapeUri).join('/');
}
/**
 * A query string with both sides escaped, sorted by escaped name (SigV4's canonical order): what is
 * signed is what is sent.
 */
function buildQueryString(query) {
    const parts = [];
    for (const [name, value] of Object.entries(query))
        parts.push([escapeUri(name), escapeUri(value)]);
    parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return parts.map(([n, v]) => `${n}=${v}`).join('&');
}
/** Derived signing keys by secret, day, region and service: one HMAC chain a day, not four per request. */
const keyCache = new Map();
function signingKey(secret, day, region, service) {
    const id = `${day}\n${region}\n${service}\n${secret}`;
    let key = keyCache.get(id);
    if (!key) {
        const hmac = (k, data) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', k).update(data).digest();
        key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
        if (keyCache.size >= 50)
            keyCache.clear();
        keyCache.set(id, key);
    }
    return key;
}
/**
 * The headers to send: `headers` plus `x-amz-date`, `x-amz-security-token` (with a session token) and
 * `authorization`. `date` is the signing time (the caller's clock-skew-corrected time).
 */
function signRequest(req, credentials, region, service, date) {
    const longDate = date
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}Z$/, 'Z');
    const day = longDate.slice(0, 8);
    const headers = { ...req.headers, 'x-amz-date': longDate };
    if (credentials.sessionToken)
        headers['x-amz-security-token'] = credentials.sessionToken;
    const names = [];
    for (const name of Object.keys(headers).sort()) {
        if (!UNSIGNABLE.has(name) && !name.startsWith('proxy-') && !name.startsWith('sec-'))
            names.push(name);
    }
    let canonicalHeaders = '';
    for (const name of names) {
        // Folded to one line, runs of spaces and tabs to one space, trimmed: as the SDK and botocore do.
        const value = headers[name]
            .replace(/[\r\n]/g, ' ')
            .replace(/[ \t]+/g, ' ')
            .replace(/^ | $/g, '');
        canonicalHeaders += `${name}:${value}\n`;
    }
    const signedHeaders = names.join(';');
    const canonicalRequest = `${req.method}\n${req.path}\n${req.query}\n${canonicalHeaders}\n${signedHeaders}\n${headers['x-amz-content-sha256']}`;
    const scope = `${day}/${region}/${service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(canonicalRequest).digest('hex')}`;
    const signature = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', signingKey(credentials.secretAccessKey, day, region, service))
        .update(stringToSign)
        .digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
}


/***/ }),

/***/ 3284:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ce: () => (/* binding */ isStaleTemp),
/* harmony export */   DU: () => (/* binding */ tempNameFor),
/* harmony export */   Gs: () => (/* binding */ isTempName)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
// Temp files of downloads: `.NAME.paras3-PID-RANDOM` beside their target (same file system, so the
// final rename is atomic). A run that is killed cannot remove its own, so every later run recognises
// them: uploads never include them, and a download into their directory removes those whose process
// is gone. Recognised only in that exact form: a user's file that merely resembles it (`notes.paras3-
// cafebabe`) is synced like any other, never skipped (and its copy deleted) nor removed as stale.


const MARK = '.paras3-';
// Our own names, every part of tempNameFor's: the leading dot, the target's name and a dot (left out for
// a long name), the mark, the pid and 8 lower-case hex digits. Not the pid-less form of early builds: it
// gives no process to ask, so nothing tells such a name from a user's.
const TEMP_NAME = /^\.(?:[^/]+\.)?paras3-([1-9]\d{0,9})-[0-9a-f]{8}$/;
/** A temp name for `base` (a name near NAME_MAX, 255 bytes, goes without its own name inside). */
// Counted up from one random start rather than 4 random bytes per file: for 5,000 small files the
// random source cost more CPU than the renames. The pid keeps processes apart, the start hosts.
let tempCounter = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).readUInt32BE(0);
function tempNameFor(base) {
    const prefix = Buffer.byteLength(base) > 200 ? '' : `.${base}`;
    tempCounter = (tempCounter + 1) >>> 0;
    return `${prefix}${MARK}${process.pid}-${tempCounter.toString(16).padStart(8, '0')}`;
}
function isTempName(name) {
    return TEMP_NAME.test(name);
}
/**
 * Whether a temp file can be removed: its process is gone, or it is a day old (a pid reused since, or a
 * run on another host sharing the directory that died long ago).
 */
function isStaleTemp(name, mtimeMs, now = Date.now()) {
    const m = TEMP_NAME.exec(name);
    if (!m)
        return false;
    if (now - mtimeMs > 24 * 3600 * 1000)
        return true;
    const pid = Number(m[1]);
    if (pid === process.pid)
        return false;
    try {
        process.kill(pid, 0);
        return false;
    }
    catch (err) {
        return (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorCode */ .CA)(err) === 'ESRCH';
    }
}


/***/ }),

/***/ 9971:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ copyInParts),
/* harmony export */   x: () => (/* binding */ uploadInParts)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _etag_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3422);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7253);
// Multipart uploads and multipart server-side copies. Our own loop rather than @aws-sdk/lib-storage,
// for guarantees it cannot give:
// - every part is checked against the MD5 that part had when the file was hashed (the hash that went
//   into `md5chksum`), so a file that changes while it is uploaded is caught before the upload completes
//   and the object already stored stays as it was;
// - an interrupt cancels the parts in flight and awaits AbortMultipartUpload before returning, so no
//   orphaned upload keeps billing storage (lib-storage lets in-flight parts run on and sends the abort
//   after done() has already rejected, when the caller may be gone);
// - the same loop copies large objects between buckets part by part (UploadPartCopy), which lib-storage
//   does not do at all.
// Tested against an independent implementation: moto_server computes real multipart ETags.




/** Uploads the file in parts; returns the completed object's ETag (unquoted, lower-case) and encryption. */
async function uploadInParts(u) {
    const count = Math.ceil(u.size / u.partSize);
    if (count !== u.partMd5s.length) {
        throw new _retry_js__WEBPACK_IMPORTED_MODULE_2__/* .VerifyError */ .Gz(`${u.label} changed while it was being uploaded (size differs from its hash)`);
    }
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(u.fsPath, 'r');
    // Part buffers are reused: a fresh 8 MiB buffer costs its page faults on first touch, which here
    // took longer than reading the part (measured: 16 reads of 8 MiB, 306 ms into fresh buffers, 22 ms
    // into one reused). A buffer goes back only after its part succeeded, when the request that sent it
    // is over; a failed part's buffer is dropped, never reused while a cancelled request might hold it.
    const free = [];
    try {
        return await inParts(u, count, async (n, uploadId, signal) => {
            const length = Math.min(u.partSize, u.size - n * u.partSize);
            const buf = free.pop() ?? Buffer.allocUnsafe(u.partSize);
            const body = await readPart(fh, n * u.partSize, length, buf);
            if (body.length !== length)
                throw new _retry_js__WEBPACK_IMPORTED_MODULE_2__/* .VerifyError */ .Gz(`${u.label} changed while it was being uploaded (part ${n + 1} is shorter)`);
            const changed = () => new _retry_js__WEBPACK_IMPORTED_MODULE_2__/* .VerifyError */ .Gz(`${u.label}: part ${n + 1} arrived as other bytes than the file held when hashed (changed while it was being uploaded, or corrupted on the way)`);
            // The part is not hashed again here (that was a third MD5 pass over every byte): it is sent with
            // the MD5 it had when the file was hashed, the one in md5chksum. S3 checks Content-MD5 and refuses
            // other bytes (BadDigest); a server that ignores it still answers with the MD5 of what it stored,
            // which must be that one (an SSE-KMS part's ETag is no MD5: then S3's check stands). Either way a
            // file changed since its hash, or bytes corrupted on the way, fail the part before the upload
            // completes, so the previous object stays.
            const md5 = u.partMd5s[n];
            const res = await u.store
                .uploadPart(u.bucket, u.key, uploadId, { number: n + 1, body, md5 }, { signal })
                .catch((err) => {
                throw err?.name === 'BadDigest' ? changed() : err;
            });
            if ((0,_etag_js__WEBPACK_IMPORTED_MODULE_3__/* .isMd5Hex */ .aU)(res.etag) && res.etag !== md5 && !(0,_etag_js__WEBPACK_IMPORTED_MODULE_3__/* .encryptionHidesMd5 */ .vc)(res.sse ?? u.headers.sse)) {
                throw changed();
            }
            u.onBytes(body.length);
            free.push(buf);
            return res.etag;
        });
    }
    finally {
        await fh.close();
    }
}
/** Copies an object server-side in parts (objects above CopyObject's 5 GiB). */
async function copyInParts(c) {
    const count = Math.ceil(c.size / c.partSize);
    return inParts(c, count, async (n, uploadId, signal) => {
        const start = n * c.partSize;
        const end = Math.min(c.size, start + c.partSize) - 1;
        const res = await c.store.uploadPartCopy(c.bucket, c.key, uploadId, { number: n + 1, source: c.source, range: [start, end] }, { signal });
        c.onBytes(end - start + 1);
        return res.etag;
    });
}
/**
 * The loop both share: create, send parts with `queueSize` workers, complete, or abort on any failure
 * or interrupt (awaited, so the upload is gone before this returns).
 */
async function inParts(c, count, sendPart) {
    // Sent without the abort signal: a cancelled request could still create an upload we never learn of.
    const uploadId = await c.store.createMultipart(c.bucket, c.key, c.headers);
    // Aborted by the caller's signal, or by the first failing part so its siblings stop too.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    c.signal?.addEventListener('abort', onAbort, { once: true });
    if (c.signal?.aborted)
        stop.abort();
    try {
        const etags = [];
        let firstError;
        let next = 0;
        const worker = async () => {
            while (!stop.signal.aborted && next < count) {
                const n = next++;
                etags[n] = await sendPart(n, uploadId, stop.signal);
            }
        };
        await Promise.all(Array.from({ length: Math.min(c.queueSize, count) }, () => worker().catch((err) => {
            if (!stop.signal.aborted)
                firstError = err;
            stop.abort();
        })));
        if (firstError !== undefined || c.signal?.aborted) {
            await abortUpload(c, uploadId);
            throw firstError ?? Object.assign(new Error('interrupted'), { name: 'AbortError' });
        }
        const parts = etags.map((etag, i) => ({ number: i + 1, etag }));
        const done = await (c.beforeComplete?.() ?? Promise.resolve())
            .then(() => c.store.completeMultipart(c.bucket, c.key, uploadId, parts))
            .catch(async (err) => {
            await abortUpload(c, uploadId);
            throw err;
        });
        return done;
    }
    finally {
        c.signal?.removeEventListener('abort', onAbort);
    }
}
async function readPart(fh, position, length, buf) {
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
async function abortUpload(c, uploadId) {
    await c.store
        .abortMultipart(c.bucket, c.key, uploadId)
        .catch((err) => c.onWarning?.(`${c.label}: could not abort multipart upload ${uploadId} (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorName */ .Is)(err) ?? (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(err)}); its parts remain until a lifecycle rule removes them`));
}


/***/ }),

/***/ 5826:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ DeletesStopped),
/* harmony export */   I: () => (/* binding */ deleteKeys)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _limits_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6419);
// What the executor needs from a direction: create a directory, move one entry, rewrite one entry's
// metadata, delete a batch. One implementation per direction: upload.ts, download.ts, copy.ts.


/**
 * A delete phase that stopped part way (an interrupt): `outcomes` are those of
 * the entries handled before it stopped, in order (they happened and must be reported so); `cause` is
 * why the rest did not run.
 */
class DeletesStopped extends Error {
    outcomes;
    cause;
    name = 'DeletesStopped';
    constructor(outcomes, cause) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.outcomes = outcomes;
        this.cause = cause;
    }
}
/**
 * Deletes keys in DeleteObjects batches of DELETE_BATCH, in order; one outcome per key. A batch whose
 * request fails (after the SDK's retries) fails each of its keys with that error, and the next batch still
 * goes: every key gets the outcome it had, not the request that happened to fail first. An interrupt
 * stops it: DeletesStopped with the outcomes of the batches before (or the error itself if none).
 */
async function deleteKeys(store, bucket, keys, signal) {
    const out = [];
    for (let i = 0; i < keys.length; i += _limits_js__WEBPACK_IMPORTED_MODULE_1__/* .DELETE_BATCH */ .Tr) {
        const batch = keys.slice(i, i + _limits_js__WEBPACK_IMPORTED_MODULE_1__/* .DELETE_BATCH */ .Tr);
        try {
            out.push(...(await store.deleteMany(bucket, batch, { signal })));
        }
        catch (err) {
            if (signal?.aborted)
                throw out.length > 0 ? new DeletesStopped(out, err) : err;
            const error = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(err);
            for (const _ of batch)
                out.push({ ok: false, error, cause: err });
        }
    }
    return out;
}


/***/ }),

/***/ 3054:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ao: () => (/* binding */ ownString),
/* harmony export */   Ct: () => (/* binding */ flat),
/* harmony export */   EX: () => (/* binding */ small),
/* harmony export */   GR: () => (/* binding */ isTransfer),
/* harmony export */   Vb: () => (/* binding */ nameOf),
/* harmony export */   X6: () => (/* binding */ noteExcluded),
/* harmony export */   qO: () => (/* binding */ withFields)
/* harmony export */ });
/* unused harmony export isDirAction */
// The data that flows through the engine: locations, listings, pairs, plans and reports.
// Nothing here does I/O; every stage of sync() speaks in these shapes.
/**
 * A copy of an entry with some fields replaced. Not `{ ...e, ...extra }`: V8 gives each object made by
 * spreading a listed entry a hidden class of its own once its numbers have mixed representations (an
 * inode or mtime that is a small integer in one entry and a double in the next), and that class costs
 * about 450 bytes per entry (measured: 100,000 files, 45 MB of a 200 MB heap). Object.assign shares
 * one class among all of them.
 */
function withFields(e, extra) {
    return Object.assign({}, e, extra);
}
/**
 * A whole number in the form V8 stores inside an object (a "small integer"). fs.Stats fields and
 * Math.floor give doubles even for whole values, and a field that once held a double is boxed (16 bytes
 * more) in every object of that shape: with sizes, times, modes and owners boxed in each listed entry and
 * its copies, a 100,000-file sync held 2.3 million such boxes. Larger or fractional values are kept.
 */
function small(n) {
    return Number.isInteger(n) && n >= 0 && n <= 0x3fffffff ? n | 0 : n;
}
/**
 * A copy of a string that is its own, not a view of a longer one. V8 makes `s.slice(n)` of 13 characters
 * or more a view that keeps all of `s` alive: a listed path cut from its key held the key as well (about
 * 40 bytes per object of a large listing). Copied through bytes because no string method promises a copy.
 */
function ownString(s) {
    return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}
let _flattened = 0;
/**
 * The string, flattened in place. A path or key made by concatenation is a tree of cons strings
 * (path.join and destName make several per target), and V8 keeps every piece alive until the string is
 * first read as a whole; reading a character makes it replace the tree by one flat copy, and its
 * collector then drops the cons cell as well. Measured on a 100,000-file download: 84 → 69 MB alive
 * with the plan's targets flattened. The character read goes to a module variable so that an optimising
 * compiler cannot drop the read as unused.
 */
function flat(s) {
    if (s.length > 0)
        _flattened ^= s.charCodeAt(0);
    return s;
}
/** The name of an entry on its own side, relative to the root. */
function nameOf(e) {
    return e.name ?? e.path;
}
/** Notes every directory above an excluded path as holding excluded entries. */
function noteExcluded(listing, path) {
    const end = path.lastIndexOf('/');
    if (end === -1)
        return;
    listing.holdsExcluded ??= new Set();
    // A parent already noted has its own ancestors noted too (an excluded tree is many paths of few dirs).
    if (listing.holdsExcluded.has(path.slice(0, end)))
        return;
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1))
        listing.holdsExcluded.add(path.slice(0, i));
}
function isTransfer(a) {
    return a.op === 'upload' || a.op === 'download' || a.op === 'copy';
}
/** Whether an action concerns a directory (a node or a local directory). */
function isDirAction(a) {
    return a.op === 'mkdir' || (a.op === 'delete' && a.dest.kind === 'dir');
}


/***/ }),

/***/ 1509:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $_: () => (/* binding */ shardLabel),
/* harmony export */   Gt: () => (/* binding */ displayPath),
/* harmony export */   P0: () => (/* binding */ changeKind),
/* harmony export */   Rs: () => (/* binding */ actionLine),
/* harmony export */   dC: () => (/* binding */ summaryLine),
/* harmony export */   g$: () => (/* reexport safe */ _core_keys_js__WEBPACK_IMPORTED_MODULE_0__.g$),
/* harmony export */   g3: () => (/* binding */ reasonCode),
/* harmony export */   uV: () => (/* binding */ reasonText),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony exports formatDuration, REASON_CODES, verb */
/* harmony import */ var _core_keys_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1483);
/* harmony import */ var _core_shard_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9499);
// How a person reads a run, for both front ends: sizes, durations, one line per action and the summary.
// One vocabulary for the dry run and the real run: the same verb and path for an action whether it is
// planned or done. Every path passes through `printable`, so a hostile name cannot forge a line, a
// workflow command or a terminal escape.



/** `shard 2/4: ` before the first line of a shard's run, nothing otherwise. */
function shardLabel(o) {
    return o.shard ? `shard ${(0,_core_shard_js__WEBPACK_IMPORTED_MODULE_1__/* .formatShard */ ._D)(o.shard)}: ` : '';
}
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
    // Rounded first, so 9,999 ms reads "10.0 s", not "10.00 s".
    const s = Math.round(ms / 10) / 100;
    return s < 10 ? `${s.toFixed(2)} s` : `${Math.round(ms / 1000)} s`;
}
/** Machine codes for why a transfer happens (`--json`), and the words people read. */
const REASON_CODES = {
    missing: 'new',
    size: 'size-differs',
    md5: 'content-differs',
    time: 'newer',
    'etag-unknown': 'md5-unknown',
    kind: 'type-differs',
    metadata: 'metadata-differs',
};
const REASONS = {
    missing: 'new',
    size: 'size differs',
    md5: 'content differs',
    time: 'newer',
    'etag-unknown': 'multipart object without a known MD5',
    kind: 'file type differs',
    metadata: 'metadata differs',
};
/** Whether the action creates, updates or deletes something at the destination. */
function changeKind(a) {
    if (a.op === 'delete')
        return 'delete';
    if (a.op === 'mkdir')
        return 'create';
    return a.op === 'metadata' || a.dest ? 'update' : 'create';
}
/** The verb of an action, the same planned or done: upload, download, copy, mkdir, delete, metadata. */
function verb(a) {
    return a.op;
}
/** `docs/a.txt`, with a trailing slash for directories and `./` for the root. */
function displayPath(a) {
    if (a.path === '')
        return './';
    const dir = a.op === 'mkdir' || (a.op === 'delete' && a.dest.kind === 'dir');
    return (0,_core_keys_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(dir ? `${a.path}/` : a.path);
}
function reasonText(a) {
    if (a.op === 'metadata')
        return (0,_core_keys_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(a.detail);
    return a.op === 'upload' || a.op === 'download' || a.op === 'copy' ? REASONS[a.reason] : undefined;
}
function reasonCode(a) {
    if (a.op === 'metadata')
        return 'metadata-differs';
    return a.op === 'upload' || a.op === 'download' || a.op === 'copy' ? REASON_CODES[a.reason] : undefined;
}
/**
 * One line for an action: `upload docs/a.txt (1.2 kB, new)`. A dry run always says why; a real run
 * says why with `reason` (-v). Directories and deletes of directories have no size.
 */
function actionLine(a, opts = {}) {
    const sized = a.op === 'upload' ||
        a.op === 'download' ||
        a.op === 'copy' ||
        (a.op === 'delete' && a.dest.kind !== 'dir');
    const size = sized ? formatBytes(a.op === 'delete' ? a.size : (opts.bytes ?? a.size)) : undefined;
    const why = opts.reason || a.op === 'metadata' ? reasonText(a) : undefined;
    const details = [size, why].filter(Boolean).join(', ');
    return `${verb(a)} ${displayPath(a)}${details ? ` (${details})` : ''}`;
}
/**
 * The last line. Files (and symlinks) and directories are counted apart, in the same words planned or
 * done: `done: files 1 created, 1 updated, 0 deleted, 3 unchanged; directories 1 created; 58 B in …`.
 */
function summaryLine(r) {
    const t = r.totals;
    const dry = r.dryrun;
    const n = (count, what) => dry && what !== 'unchanged' ? `${count} to ${what.replace(/d$/, '')}` : `${count} ${what}`;
    const files = [n(t.created, 'created'), n(t.updated, 'updated')];
    if (t.metadata)
        files.push(dry ? `${t.metadata} metadata to update` : `${t.metadata} metadata updated`);
    files.push(n(t.deleted, 'deleted'), `${t.unchanged} unchanged`);
    const parts = [`files ${files.join(', ')}`];
    const dirs = [];
    if (t.dirsCreated)
        dirs.push(n(t.dirsCreated, 'created'));
    if (t.dirsDeleted)
        dirs.push(n(t.dirsDeleted, 'deleted'));
    if (t.dirsUnchanged)
        dirs.push(`${t.dirsUnchanged} unchanged`);
    if (dirs.length > 0)
        parts.push(`directories ${dirs.join(', ')}`);
    const trouble = [];
    if (t.failed)
        trouble.push(`${t.failed} failed`);
    if (t.skipped)
        trouble.push(`${t.skipped} skipped`);
    if (t.interrupted)
        trouble.push(`${t.interrupted} not run`);
    if (trouble.length > 0)
        parts.push(trouble.join(', '));
    if (dry)
        return `dry run: ${parts.join('; ')}; ${formatBytes(t.bytes)} to transfer`;
    const rate = r.durationMs > 0 ? `, ${formatBytes(Math.round((t.bytes * 1000) / r.durationMs))}/s` : '';
    const state = r.interrupted ? 'interrupted' : r.ok ? 'done' : 'finished with problems';
    return `${state}: ${parts.join('; ')}; ${formatBytes(t.bytes)} in ${formatDuration(r.durationMs)}${rate}`;
}


/***/ })

};
