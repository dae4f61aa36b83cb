// The text of `paras3 --help`. Kept apart from the parser so each stays short; no imports, so
// `--help` costs nothing to load.
export const USAGE = `Usage: paras3 [options] SOURCE DESTINATION

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

A CI cache on S3 (save, restore, list, prune): see paras3 cache --help.

Try every new command with -n (--dryrun) first, especially with --delete.

Options (aliases as aws and rclone spell them in parentheses):
  -r, --recursive          descend into directories (else only the top level)
  -n, --dryrun             print every planned action with sizes; change nothing
                           (--dry-run)
  -d, --delete             delete destination entries the source does not have
      --max-delete N       refuse all deletes if more than N would happen
  -p, --public-read        make uploaded objects public (ACL public-read)
  -s, --ssl                use https with AWS_S3_HOST
      --no-md5             compare size, then time (not size, then MD5)
      --size-only          compare size only: same size means unchanged
      --make-dirs          on download, create directories that have no node
                           on S3 (for trees written by other tools)
      --no-dir-nodes       on upload, write no zero-byte dir/ objects (a site
                           behind CloudFront); download such trees with
                           --make-dirs
      --no-posix-metadata  write no owner, group, mode or mtime metadata and
                           compare none (public sites)
      --exclude GLOB       skip matching paths (repeatable). Without '/' GLOB
                           matches a name at any depth, with '/' the path from
                           the synced root; a trailing '/' matches directories
                           only. Excluded directories are not walked, and
                           excluded destination paths are never deleted.
      --include GLOB       sync only matching paths (repeatable; same GLOBs).
                           --include and --exclude apply in the order given,
                           the first that matches a path decides; a path none
                           matches is excluded once any --include is given.
                           An included directory includes what it holds.
      --exclude-from FILE  read exclude globs from FILE: one a line, # comments
      --include-from FILE  read include globs from FILE, likewise
      --delete-excluded    delete excluded destination paths too (implies -d)
      --cache-control V    Cache-Control for uploads; GLOB=V for matching
                           paths only (repeatable)
      --expires DATE       Expires header for uploads (2030-01-01T00:00:00Z)
      --storage-class C    storage class of uploads: STANDARD, STANDARD_IA,
                           ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, GLACIER_IR,
                           DEEP_ARCHIVE, REDUCED_REDUNDANCY, OUTPOSTS,
                           EXPRESS_ONEZONE
      --sse MODE           server-side encryption of uploads: AES256, aws:kms
                           or aws:kms:dsse
      --sse-kms-key-id ID  KMS key for --sse aws:kms (else the bucket's default)
      --threads N          parallel transfers (default 16; env THREADS)
                           (--transfers)
      --endpoint URL       S3-compatible endpoint (env AWS_ENDPOINT_URL)
                           (--endpoint-url)
      --region R           AWS region (env AWS_REGION; default us-east-1)
      --profile NAME       credentials of this ~/.aws profile (env AWS_PROFILE)
      --timeout SECONDS    fail a request attempt after this long without a
                           byte either way, then retry (default 60;
                           env PARAS3_TIMEOUT)
      --shard K/N          do only shard K of N of the sync (by a hash of each
                           path); N such runs together do what one run would.
                           K/N@LO-HI: the hash range that paras3 plan printed
  -v, --verbose            say why each entry is transferred
  -q, --quiet              no line per file: only errors, warnings and the
                           summary (--only-show-errors)
      --debug              show settings with their origin, and stack traces
  -P, --progress           show a status line on stderr (on a terminal):
                           phase, files, bytes, rate and time left
      --json               print one JSON report on stdout, nothing else
  -h, --help               show this help
  -V, --version            show the version

Sharding one sync over N jobs (a GitHub Actions matrix; see README):
  paras3 plan --shards N [--json] [options] SOURCE DESTINATION
                           list the source (with -d the destination too) once,
                           print N shards balanced by bytes; --json prints
                           {"include":[...]} for strategy.matrix.
                           Then each job runs: paras3 --shard K/N@LO-HI ...
                           (A first argument "plan" is this command; write
                           ./plan for a directory of that name.)

Settings (flags win over env vars, env vars over an ini file; see README):
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY  credentials (or the SDK's chain)
  AWS_S3_HOST=host[:port]                   S3-compatible server (http, or -s)
  AWS_CALLING_FORMAT=REGULAR|SUBDOMAIN      path-style or virtual-hosted
  AWS_ENDPOINT_URL, AWS_REGION, THREADS, S3SYNC_RETRIES, ...

Exit status: 0 all done; 1 some entries failed or were skipped (each named on
stderr); 2 bad usage or settings; 130 interrupted.`;
