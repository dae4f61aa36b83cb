// What to say about an option paras3 does not have: the paras3 way to do what an `aws s3 sync` or
// rclone flag does, or, for a misspelling, the nearest paras3 option. One line, no Node wording.

/** Options of aws s3 sync and rclone that paras3 lacks, with what to use instead. */
const HINTS: Record<string, string> = {
  '--acl': 'did you mean -p/--public-read? (the only ACL paras3 sets)',
  '--grants': 'did you mean -p/--public-read? (the only ACL paras3 sets)',
  '--s3-acl': 'did you mean -p/--public-read? (the only ACL paras3 sets)',
  '--checksum': 'paras3 compares MD5 by default; --checksum is not needed',
  '-c': 'paras3 compares MD5 by default; -c/--checksum is not needed',
  '--checksum-algorithm': 'paras3 sends Content-MD5 with every upload, so S3 verifies each one',
  '--exact-timestamps': 'paras3 compares content (MD5) by default, so same-size files that differ are found',
  '--content-type': 'content types come from file extensions (S3SYNC_MIME_TYPES_FILE)',
  '--no-guess-mime-type': 'content types come from file extensions (S3SYNC_MIME_TYPES_FILE)',
  '--content-encoding': 'paras3 sets Content-Type, --cache-control and --expires only',
  '--content-disposition': 'paras3 sets Content-Type, --cache-control and --expires only',
  '--content-language': 'paras3 sets Content-Type, --cache-control and --expires only',
  '--header-upload': 'paras3 sets Content-Type, --cache-control and --expires only',
  '--metadata': 'paras3 writes mode, owner and times as metadata itself; other metadata is not set',
  '--metadata-directive': 'paras3 writes mode, owner and times as metadata itself; other metadata is not set',
  '--follow-symlinks': 'paras3 stores symlinks as links and never follows them',
  '--no-follow-symlinks': 'paras3 never follows symlinks (it stores them as links); no flag needed',
  '--copy-links': 'paras3 stores symlinks as links and never follows them',
  '-L': 'paras3 stores symlinks as links and never follows them (-L/--copy-links is not needed)',
  '--links': 'paras3 stores symlinks as links by default; --links is not needed',
  '-l': 'paras3 stores symlinks as links by default; -l/--links is not needed',
  '--no-progress': 'paras3 shows progress only with -P/--progress; --no-progress is not needed',
  '--stats': 'did you mean -P/--progress?',
  '--sse-c': 'customer-provided keys (SSE-C) are not supported; use --sse AES256 or --sse aws:kms',
  '--sse-c-key': 'customer-provided keys (SSE-C) are not supported; use --sse AES256 or --sse aws:kms',
  '--s3-storage-class': 'did you mean --storage-class?',
  '--s3-server-side-encryption': 'did you mean --sse?',
  '--s3-sse-kms-key-id': 'did you mean --sse-kms-key-id?',
  '--s3-endpoint': 'did you mean --endpoint/--endpoint-url?',
  '--s3-region': 'did you mean --region?',
  '--s3-profile': 'did you mean --profile?',
  '--checkers': 'did you mean --threads/--transfers? (one limit for all parallel requests)',
  '--filter': 'use --include and --exclude (applied in the order given, first match wins)',
  '--filter-from': 'use --include-from and --exclude-from (applied in the order given)',
  '--output': 'did you mean --json?',
  '--use-json-log': 'did you mean --json?',
  '--query': 'use --json and a JSON tool such as jq',
  '--source-region': 'other regions are followed by themselves; --region sets the first one',
  '--ca-bundle': 'set AWS_CA_BUNDLE=FILE (or SSL_CERT_FILE) instead',
  '--no-verify-ssl':
    'certificates are always checked; trust a private CA with AWS_CA_BUNDLE or SSL_CERT_FILE',
  '--no-check-certificate':
    'certificates are always checked; trust a private CA with AWS_CA_BUNDLE or SSL_CERT_FILE',
  '--no-sign-request': 'paras3 signs every request; give credentials (AWS_ACCESS_KEY_ID or --profile)',
  '--retries': 'set S3SYNC_RETRIES=N (attempts per request) instead',
  '--low-level-retries': 'set S3SYNC_RETRIES=N (attempts per request) instead',
  '--cli-read-timeout': 'did you mean --timeout SECONDS? (retries: S3SYNC_RETRIES)',
  '--cli-connect-timeout': 'did you mean --timeout SECONDS? (retries: S3SYNC_RETRIES)',
  '--contimeout': 'did you mean --timeout SECONDS? (retries: S3SYNC_RETRIES)',
  '--page-size': 'paras3 lists with the largest page S3 allows; no flag needed',
  '--no-paginate': 'paras3 always reads whole listings; no flag needed',
  '--fast-list': 'paras3 lists S3 flat by default; --fast-list is not needed',
  '--color': 'colour is used on terminals unless NO_COLOR is set',
  '--ignore-times': 'not supported: paras3 transfers only what differs (size and MD5)',
  '-I': 'not supported: paras3 transfers only what differs (size and MD5)',
  '--ignore-existing': 'not supported: paras3 updates files that differ (size and MD5)',
  '--update': 'with --no-md5 paras3 compares size, then time (newer wins)',
  '-u': 'with --no-md5 paras3 compares size, then time (newer wins)',
  '--interactive': 'run with -n/--dryrun first to see every planned action',
  '-i': 'run with -n/--dryrun first to see every planned action',
  '--max-depth': 'without -r only the top level is synced; with it, everything below',
  '--create-empty-src-dirs': 'paras3 keeps empty directories as dir/ nodes by default; no flag needed',
  '--delete-before': 'paras3 deletes after every transfer succeeded; no flag needed',
  '--delete-during': 'paras3 deletes after every transfer succeeded; no flag needed',
  '--delete-after': 'paras3 deletes after every transfer succeeded; -d/--delete is enough',
  '--request-payer': 'requester-pays buckets are not supported',
  '--force-glacier-transfer': 'restoring from Glacier is not supported; restore the objects first',
  '--ignore-glacier-warnings': 'restoring from Glacier is not supported; restore the objects first',
};

/**
 * The message for an option that is not one of `known` (long names with `--`). `flag` is the option
 * as typed, without any `=value`.
 */
export function unknownOptionMessage(flag: string, known: readonly string[]): string {
  const hint = HINTS[flag];
  if (hint) return `unknown option '${flag}': ${hint}`;
  const near = flag.startsWith('--') ? nearest(flag, known) : undefined;
  return near ? `unknown option '${flag}': did you mean ${near}?` : `unknown option '${flag}'`;
}

/**
 * The known name (an option, or a value from a list) a typo most likely meant, ignoring case: a
 * unique one that starts with what was typed (an abbreviation, `--recur`), else the closest by edit
 * distance if it is close enough to be a slip (at most 2 edits, and fewer than a third of the name).
 */
export function nearest(flag: string, known: readonly string[]): string | undefined {
  const typed = flag.toLowerCase();
  const prefixed = known.filter((k) => k.toLowerCase().startsWith(typed));
  if (typed.length >= 5 && prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = levenshtein(typed, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const name = typed.replace(/^-+/, '');
  return bestDistance <= 2 && bestDistance * 3 <= name.length ? best : undefined;
}

/** Edits (insert, delete, substitute) to turn a into b. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = row;
  }
  return prev[b.length]!;
}
