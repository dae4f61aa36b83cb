// The text of `paras3 cache --help`. No imports, so help costs nothing to load.
export const CACHE_USAGE = `Usage: paras3 cache COMMAND --store BUCKET:PREFIX [options]

A CI cache on S3, as actions/cache keeps one: entries by key, each a manifest
over content-addressed data, so saves upload only what changed and restores
download in parallel.

  paras3 cache save    --store S --key KEY [--restore-key PREFIX]... PATH...
  paras3 cache restore --store S --key KEY [--restore-key PREFIX]... PATH...
  paras3 cache list    --store S
  paras3 cache prune   --store S (--older-than AGE | --keep-last N)

save      store PATHs (directories or files) under KEY. A key that already has
          an entry is left as it is; of two saves of one key at once the first
          to finish wins and the other says so. With --restore-key, data of the
          newest matching entry is reused without reading unchanged files.
restore   restore the entry of KEY, else the newest entry whose key starts with
          the first --restore-key that has one (a partial hit). Files are
          written with their mode and mtime; nothing outside PATHs is touched.
          Exit 0 on a hit or partial hit, 1 on a miss.
list      the entries, newest first: key and time saved.
prune     delete entries older than AGE (30m, 12h, 7d, 2w) or all but the
          newest N, then the data no remaining entry uses.

Options:
      --store BUCKET:PREFIX  where the cache lives (or s3://bucket/prefix)
      --key KEY              the entry's key (save, restore)
      --restore-key PREFIX   fallback key prefix, in order (repeatable)
      --lookup-only          restore: say whether an entry exists, download
                             nothing
      --older-than AGE       prune: entries saved more than AGE ago
      --keep-last N          prune: keep the newest N entries
      --gc-grace AGE         prune: keep unused data younger than AGE, which a
                             save in progress may have written (default 1h)
  -n, --dryrun               prune: say what would be deleted, delete nothing
      --json                 print one JSON object on stdout
      --threads N            parallel transfers (default 16; env THREADS)
      --endpoint URL         S3-compatible endpoint (env AWS_ENDPOINT_URL)
      --region R             AWS region (env AWS_REGION)
      --profile NAME         credentials of this ~/.aws profile
      --timeout SECONDS      idle timeout of a request attempt (default 60)
  -q, --quiet                only errors and warnings
  -h, --help                 show this help

Exit status: 0 done (restore: hit); 1 restore missed, or failed; 2 bad usage
or settings; 130 interrupted.`;
