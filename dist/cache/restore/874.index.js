export const id = 874;
export const ids = [874];
export const modules = {

/***/ 874:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadSdk: () => (/* binding */ loadSdk)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/endpoints/index.js
var endpoints = __webpack_require__(2085);
// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-cjs/index.js
var node_http_handler_dist_cjs = __webpack_require__(1279);
// EXTERNAL MODULE: ./src/core/etag.ts
var etag = __webpack_require__(3422);
// EXTERNAL MODULE: ./src/core/store/http.ts
var http = __webpack_require__(9233);
// EXTERNAL MODULE: ./src/core/store/list-check.ts
var list_check = __webpack_require__(6904);
;// CONCATENATED MODULE: ./src/core/store/sdk.ts
// The ObjectStore on the AWS SDK's S3Client: every operation, with the SDK's endpoint resolution,
// region redirects, credentials chain and retries.




class SdkStore {
    client;
    endpointLabel;
    constructor(client, endpointLabel) {
        this.client = client;
        this.endpointLabel = endpointLabel;
    }
    async *list(bucket, prefix, opts) {
        const check = new list_check/* ListingCheck */.x(prefix);
        let token;
        do {
            const page = await this.client.send(new dist_cjs/* ListObjectsV2Command */.u6x({
                Bucket: bucket,
                Prefix: prefix,
                Delimiter: opts.delimiter,
                ContinuationToken: token,
                // Keys with control characters (CR, LF…) do not survive XML as text: ask for them encoded.
                EncodingType: 'url',
            }), { abortSignal: opts.signal });
            // A server that ignores encoding-type (s3rver) answers without <EncodingType>: keys are raw then.
            const encoded = page.EncodingType === 'url';
            const out = {
                objects: (page.Contents ?? []).map((o) => ({
                    key: (0,http/* decodeListed */.Y)(o.Key ?? '', encoded),
                    size: o.Size ?? 0,
                    etag: (0,etag/* unquoteEtag */.dF)(o.ETag),
                    lastModified: o.LastModified?.getTime() ?? 0,
                })),
                prefixes: (page.CommonPrefixes ?? []).map((p) => (0,http/* decodeListed */.Y)(p.Prefix ?? '', encoded)),
            };
            // Checked before the page is handed on, so a failure is counted against the page that carried it.
            check.page(out);
            token = check.next(page.IsTruncated, page.NextContinuationToken);
            yield out;
        } while (token);
    }
    async head(bucket, key, opts = {}) {
        const res = await this.client.send(new dist_cjs/* HeadObjectCommand */.l81({
            Bucket: bucket,
            Key: key,
            PartNumber: opts.partNumber,
            ChecksumMode: opts.checksums ? 'ENABLED' : undefined,
        }), { abortSignal: opts.signal });
        return headOf(res);
    }
    async get(bucket, key, opts = {}) {
        const res = await this.client.send(new dist_cjs/* GetObjectCommand */.jLs({
            Bucket: bucket,
            Key: key,
            ChecksumMode: opts.checksums ? 'ENABLED' : undefined,
        }), { abortSignal: opts.signal });
        if (!res.Body)
            throw Object.assign(new Error(`${key}: empty response body`), { name: 'EmptyBody' });
        return { ...headOf(res), body: res.Body };
    }
    async put(req, opts = {}) {
        const clock = serverClock();
        const cmd = new dist_cjs/* PutObjectCommand */.wKZ({
            Bucket: req.bucket,
            Key: req.key,
            Body: req.body,
            ContentLength: req.body.length,
            ContentMD5: Buffer.from(req.md5, 'hex').toString('base64'),
            IfNoneMatch: req.ifNoneMatch ? '*' : undefined,
            ...sdkHeaders(req.headers),
        });
        cmd.middlewareStack.add(clock.middleware, { step: 'deserialize', name: 'paras3ServerClock' });
        const res = await this.client.send(cmd, { abortSignal: opts.signal });
        return {
            etag: (0,etag/* unquoteEtag */.dF)(res.ETag),
            sse: res.ServerSideEncryption,
            sseCustomer: Boolean(res.SSECustomerAlgorithm),
            serverTime: clock.time(),
        };
    }
    async copy(req, opts = {}) {
        const res = await this.client.send(new dist_cjs/* CopyObjectCommand */.s9Z({
            Bucket: req.bucket,
            Key: req.key,
            CopySource: (0,http/* copySource */.XR)(req.source.bucket, req.source.key),
            MetadataDirective: req.replace ? 'REPLACE' : 'COPY',
            IfNoneMatch: req.ifNoneMatch ? '*' : undefined,
            CopySourceIfMatch: req.ifSourceMatch ? `"${req.ifSourceMatch}"` : undefined,
            ...(req.replace ? sdkHeaders(req.replace) : {}),
            ...defined(sdkHeaders({
                acl: req.acl,
                storageClass: req.storageClass,
                sse: req.sse,
                sseKmsKeyId: req.sseKmsKeyId,
            })),
        }), { abortSignal: opts.signal });
        return {
            etag: (0,etag/* unquoteEtag */.dF)(res.CopyObjectResult?.ETag),
            lastModified: res.CopyObjectResult?.LastModified?.getTime(),
            sse: res.ServerSideEncryption,
            sseCustomer: Boolean(res.SSECustomerAlgorithm),
        };
    }
    async createMultipart(bucket, key, headers) {
        // Sent without an abort signal: a cancelled request could still create an upload we never learn of.
        const res = await this.client.send(new dist_cjs/* CreateMultipartUploadCommand */.nG4({ Bucket: bucket, Key: key, ...sdkHeaders(headers) }));
        if (!res.UploadId)
            throw new Error(`${key}: the server started a multipart upload without an id`);
        return res.UploadId;
    }
    async uploadPart(bucket, key, uploadId, part, opts = {}) {
        const cmd = new dist_cjs/* UploadPartCommand */.iVK({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: part.number,
            Body: part.body,
            ContentLength: part.body.length,
            ContentMD5: Buffer.from(part.md5, 'hex').toString('base64'),
        });
        cmd.middlewareStack.add(unsignedPayload, { step: 'build', name: 'paras3UnsignedPart' });
        const res = await this.client.send(cmd, { abortSignal: opts.signal });
        return { etag: (0,etag/* unquoteEtag */.dF)(res.ETag), sse: res.ServerSideEncryption };
    }
    async uploadPartCopy(bucket, key, uploadId, part, opts = {}) {
        const res = await this.client.send(new dist_cjs/* UploadPartCopyCommand */.Xp2({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: part.number,
            CopySource: (0,http/* copySource */.XR)(part.source.bucket, part.source.key),
            CopySourceRange: `bytes=${part.range[0]}-${part.range[1]}`,
        }), { abortSignal: opts.signal });
        return { etag: (0,etag/* unquoteEtag */.dF)(res.CopyPartResult?.ETag) };
    }
    async completeMultipart(bucket, key, uploadId, parts) {
        const clock = serverClock();
        const cmd = new dist_cjs/* CompleteMultipartUploadCommand */.Gym({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.number, ETag: `"${p.etag}"` })) },
        });
        cmd.middlewareStack.add(clock.middleware, { step: 'deserialize', name: 'paras3ServerClock' });
        const res = await this.client.send(cmd);
        return { etag: (0,etag/* unquoteEtag */.dF)(res.ETag), sse: res.ServerSideEncryption, serverTime: clock.time() };
    }
    async abortMultipart(bucket, key, uploadId) {
        await this.client.send(new dist_cjs/* AbortMultipartUploadCommand */.tfP({ Bucket: bucket, Key: key, UploadId: uploadId }));
    }
    async deleteMany(bucket, keys, opts = {}) {
        const res = await this.client.send(new dist_cjs/* DeleteObjectsCommand */.xvx({
            Bucket: bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
        }), { abortSignal: opts.signal });
        const errors = new Map((res.Errors ?? []).map((e) => [e.Key, `${e.Code}: ${e.Message}`]));
        return keys.map((k) => {
            const error = errors.get(k);
            return error === undefined ? { ok: true } : { ok: false, error };
        });
    }
    destroy() {
        this.client.destroy();
    }
}
function headOf(res) {
    const checksums = {};
    if (res.ChecksumCRC32)
        checksums.crc32 = res.ChecksumCRC32;
    if (res.ChecksumCRC32C)
        checksums.crc32c = res.ChecksumCRC32C;
    if (res.ChecksumCRC64NVME)
        checksums.crc64nvme = res.ChecksumCRC64NVME;
    if (res.ChecksumSHA1)
        checksums.sha1 = res.ChecksumSHA1;
    if (res.ChecksumSHA256)
        checksums.sha256 = res.ChecksumSHA256;
    return {
        size: res.ContentLength ?? 0,
        etag: (0,etag/* unquoteEtag */.dF)(res.ETag),
        lastModified: res.LastModified?.getTime(),
        metadata: res.Metadata ?? {},
        contentType: res.ContentType,
        cacheControl: res.CacheControl,
        contentDisposition: res.ContentDisposition,
        contentEncoding: res.ContentEncoding,
        contentLanguage: res.ContentLanguage,
        expires: res.Expires,
        storageClass: res.StorageClass,
        sse: res.ServerSideEncryption,
        sseCustomer: Boolean(res.SSECustomerAlgorithm),
        partsCount: res.PartsCount,
        checksums: Object.keys(checksums).length > 0 ? checksums : undefined,
        checksumType: res.ChecksumType,
    };
}
function sdkHeaders(h) {
    return {
        ContentType: h.contentType,
        CacheControl: h.cacheControl,
        ContentDisposition: h.contentDisposition,
        ContentEncoding: h.contentEncoding,
        ContentLanguage: h.contentLanguage,
        Expires: h.expires,
        ACL: h.acl,
        Metadata: h.metadata ? encodedMetadata(h.metadata) : undefined,
        StorageClass: h.storageClass,
        ServerSideEncryption: h.sse,
        SSEKMSKeyId: h.sseKmsKeyId,
    };
}
/** Only the keys that have a value: a spread of undefined would erase what an earlier spread set. */
function defined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
/** Metadata values travel as HTTP headers: anything outside printable ASCII is RFC 2047-encoded. */
function encodedMetadata(meta) {
    const out = {};
    for (const [k, v] of Object.entries(meta))
        out[k] = (0,http/* encodedHeaderValue */.L$)(v);
    return out;
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
/**
 * The server's clock when it answered a write (its Date header, whole seconds), which the SDK's outputs
 * leave out. The MD5 cache records it as the time by which the object was written (md5cache.ts,
 * writtenBy): without it, a file uploaded through the SDK could never be vouched for as unchanged.
 */
function serverClock() {
    let date;
    return {
        middleware: (next) => async (args) => {
            const out = await next(args);
            const headers = out.response.headers;
            date = headers?.date ?? headers?.Date;
            return out;
        },
        time() {
            const ms = date ? Date.parse(date) : Number.NaN;
            return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
        },
    };
}

;// CONCATENATED MODULE: ./src/core/store/sdk-client.ts
// The AWS SDK's S3Client and everything that needs it, in a module of its own: the store factory loads it
// with import() at the first request only the SDK can make (a multipart upload, a copy, a delete, a
// bucket whose URL only the SDK's endpoint rules can work out). A run of the signed path alone (a no-op,
// a tree of small files to or from a path-style endpoint) then never loads the SDK, about a third of a
// short run's start-up.




function loadSdk(s, shared) {
    const vanity = s.vanity;
    const config = {
        region: s.region,
        endpoint: s.endpoint,
        forcePathStyle: s.forcePathStyle,
        // The SDK then takes each request's Bucket as the URL to send it to (see vanityBuckets below).
        bucketEndpoint: vanity !== undefined,
        // A bucket in another region than configured answers with a redirect; follow it instead of failing.
        followRegionRedirects: true,
        credentials: shared.credentials,
        maxAttempts: s.maxAttempts,
        // The signed path's strategy: one retry quota for the run, whichever path a request takes.
        retryStrategy: shared.retryStrategy,
        systemClockOffset: shared.clock.offset,
        // We send Content-MD5 on every PutObject and verify every body ourselves; the SDK's default CRC
        // checksums cost CPU per request, and some S3-compatible servers store their aws-chunked framing
        // as object content.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        requestHandler: new node_http_handler_dist_cjs.NodeHttpHandler({
            ...shared.agents,
            connectionTimeout: Math.min(s.timeoutMs, 10_000),
            // An idle timeout, not a deadline: a large transfer may take long, but never silence for this long.
            // (The handler's requestTimeout only warns unless told to throw, and is a deadline besides.)
            socketTimeout: s.timeoutMs,
        }),
    };
    const client = new dist_cjs/* S3Client */.YxF(config);
    // One clock correction for both paths: the SDK's signer writes the server's offset into its config,
    // the signed path reads it from the shared clock, and the other way round.
    Object.defineProperty(client.config, 'systemClockOffset', {
        get: () => shared.clock.offset,
        set: (v) => {
            shared.clock.offset = v;
        },
        enumerable: true,
        configurable: true,
    });
    if (vanity)
        vanityBuckets(client, vanity);
    return {
        store: new SdkStore(client, s.endpointLabel),
        routeOf: async (bucket) => {
            const ep = await (0,endpoints.getEndpointFromInstructions)({ Bucket: bucket, Key: 'k' }, dist_cjs/* GetObjectCommand */.jLs, client.config);
            const auth = ep.properties?.authSchemes?.[0];
            // Only plain SigV4 (not SigV4a or S3 Express sessions), which the signed path speaks.
            if (auth?.name && auth.name !== 'sigv4')
                return undefined;
            return {
                protocol: ep.url.protocol,
                hostname: ep.url.hostname.replace(/^\[|\]$/g, ''),
                port: ep.url.port ? Number(ep.url.port) : undefined,
                basePath: ep.url.pathname.replace(/\/+$/, ''),
                signingRegion: auth?.signingRegion,
            };
        },
    };
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


/***/ })

};
