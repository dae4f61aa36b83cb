// ETags, in one place. S3's ETag of a single-part, unencrypted (or SSE-S3) object is the hex MD5 of its
// bytes; a multipart object's is the MD5 of its part MD5s followed by `-N`; an SSE-KMS or SSE-C
// object's is neither (it looks like an MD5 but is not one), which only the encryption headers tell.

const MD5_HEX = /^[0-9a-f]{32}$/;

export function isMd5Hex(s: string | undefined): s is string {
  return s !== undefined && MD5_HEX.test(s);
}

/** `"abc"` → `abc`, lower case; '' for none. */
export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^(W\/)?"|"$/g, '').toLowerCase();
}

/** The MD5 a plain ETag stands for, when it can stand for one (see encryptionHidesMd5). */
export function md5FromEtag(etag: string | undefined): string | undefined {
  return isMd5Hex(etag) ? etag : undefined;
}

/** Number of parts in a multipart ETag (`hex-N`), or 0 for a plain one. */
export function etagParts(etag: string | undefined): number {
  const m = /^[0-9a-f]{32}-(\d+)$/.exec(etag ?? '');
  return m ? Number(m[1]) : 0;
}

/**
 * Whether the object's ETag cannot be its MD5 because of how it is encrypted: SSE-KMS (`aws:kms`,
 * `aws:kms:dsse`) or a customer key (SSE-C). SSE-S3 (`AES256`) keeps MD5 ETags.
 */
export function encryptionHidesMd5(sse: string | undefined, customerKey?: boolean): boolean {
  return sse?.startsWith('aws:kms') === true || customerKey === true;
}
