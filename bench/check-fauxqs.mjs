#!/usr/bin/env node
// Checks each patch of bench/fauxqs-hooks.mjs against the running server (`node bench/check-fauxqs.mjs`,
// a few seconds; run.mjs runs it before it measures anything, unless BENCH_CHECK_SERVER=0):
//   1. a 50 MB PUT is stored whole          3. a 0-byte PUT without Content-Type is stored
//   4. a key with "+", "%" and a space lists percent-encoded under encoding-type=url, raw without it
//   5. 2,500 mixed-case and non-ASCII keys list in UTF-8 byte order across three pages; a truncated
//      delimited page continues after its last common prefix
//   6. the indexed listing answers as the original (order-patched) one on random prefixes, delimiters,
//      markers and page sizes, while keys are added and deleted
//   7. listings give LastModified in whole seconds
//   2. the server is bound to 127.0.0.1 (checked by bench/fauxqs.mjs itself at start)
// Prints one line per check and exits 1 on the first failure.
import { spawn } from 'node:child_process';
import { register } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BUCKET = 'check';

function fail(what) {
  process.stderr.write(`check-fauxqs: FAILED: ${what}\n`);
  process.exit(1);
}
const ok = (what) => process.stdout.write(`check-fauxqs: ok: ${what}\n`);

// UTF-8 byte order, the reference the server must match.
const byteOrder = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function startServer() {
  const child = spawn(process.execPath, [path.join(here, 'fauxqs.mjs'), BUCKET], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    lines.once('line', (l) => resolve({ child, port: JSON.parse(l).port }));
    child.once('exit', (code) => reject(new Error(`bench/fauxqs.mjs exited with ${code}`)));
  });
}

const enc = (key) => key.split('/').map(encodeURIComponent).join('/');

async function put(base, key, body, headers = {}) {
  const res = await fetch(`${base}/${BUCKET}/${enc(key)}`, { method: 'PUT', body, headers, duplex: 'half' });
  if (res.status !== 200) fail(`PUT ${key}: HTTP ${res.status} ${await res.text()}`);
}

async function list(base, params) {
  const q = new URLSearchParams({ 'list-type': '2', ...params });
  const res = await fetch(`${base}/${BUCKET}?${q}`);
  const xml = await res.text();
  if (res.status !== 200) fail(`list ${q}: HTTP ${res.status} ${xml}`);
  const all = (tag) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);
  const unxml = (s) =>
    s.replace(
      /&(lt|gt|quot|apos|amp);/g,
      (_, e) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e],
    );
  return {
    xml,
    keys: [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => unxml(m[1])),
    prefixes: [...xml.matchAll(/<CommonPrefixes><Prefix>([^<]*)<\/Prefix>/g)].map((m) => unxml(m[1])),
    token: all('NextContinuationToken')[0],
    truncated: all('IsTruncated')[0] === 'true',
  };
}

async function listAll(base, params) {
  const keys = [];
  const prefixes = [];
  let token;
  let pages = 0;
  do {
    const page = await list(base, { ...params, ...(token ? { 'continuation-token': token } : {}) });
    keys.push(...page.keys);
    prefixes.push(...page.prefixes);
    token = page.truncated ? page.token : undefined;
    pages++;
  } while (token);
  return { keys, prefixes, pages };
}

async function httpChecks() {
  const { child, port } = await startServer();
  const base = `http://127.0.0.1:${port}`;
  try {
    const big = Buffer.alloc(50 * 1e6, 7);
    await put(base, 'big/fifty-mb', big);
    const head = await fetch(`${base}/${BUCKET}/big/fifty-mb`, { method: 'HEAD' });
    if (head.headers.get('content-length') !== String(big.length)) fail('50 MB PUT not stored whole');
    ok('1. a 50 MB PUT is stored whole (fauxqs alone: HTTP 413 over 11 MiB)');

    await put(base, 'empty/.keep', Buffer.alloc(0));
    const empty = await fetch(`${base}/${BUCKET}/empty/.keep`);
    if (empty.status !== 200 || (await empty.arrayBuffer()).byteLength !== 0) fail('0-byte PUT');
    ok('3. a 0-byte PUT without Content-Type is stored (fauxqs alone: HTTP 500)');

    const odd = 'odd/a+b %c&d.txt';
    await put(base, odd, 'x');
    const raw = await list(base, { prefix: 'odd/' });
    if (raw.keys[0] !== odd) fail(`raw listing gave ${raw.keys[0]}`);
    const url = await list(base, { prefix: 'odd/', 'encoding-type': 'url' });
    if (url.xml.match(/<Key>([^<]*)<\/Key>/)?.[1] !== 'odd/a%2Bb%20%25c%26d.txt')
      fail(`encoded listing: ${url.xml}`);
    if (!url.xml.includes('<EncodingType>url</EncodingType>')) fail('no <EncodingType> in the answer');
    if (decodeURIComponent(url.keys[0].replace(/\+/g, ' ')) !== odd) fail('encoded key does not decode back');
    ok('4. "a+b %c&d.txt" lists percent-encoded under encoding-type=url, raw without (fauxqs alone: raw)');

    // Mixed case and non-ASCII over page boundaries: ICU collation would put "a" before "B".
    const names = [];
    for (let i = 0; i < 2500; i++) {
      const c = ['a', 'B', 'b', 'A', 'é', 'Z', '_', '0', '\u{1F600}', '\uFF21'][i % 10];
      names.push(`order/${c}${String(i).padStart(4, '0')}`);
    }
    for (let i = 0; i < names.length; i += 100)
      await Promise.all(names.slice(i, i + 100).map((k) => put(base, k, 'o')));
    const got = await listAll(base, { prefix: 'order/' });
    const want = [...names].sort(byteOrder);
    if (got.pages !== 3) fail(`2,500 keys in ${got.pages} pages`);
    if (got.keys.length !== want.length || got.keys.some((k, i) => k !== want[i])) {
      const i = got.keys.findIndex((k, j) => k !== want[j]);
      fail(`key order: #${i} is ${got.keys[i]}, S3 gives ${want[i]} (${got.keys.length} keys)`);
    }
    // A delimited page that ends with a common prefix after the last object.
    for (const k of ['mixed/a', 'mixed/b/x', 'mixed/b/y', 'mixed/c']) await put(base, k, 'm');
    const mixed = await listAll(base, { prefix: 'mixed/', delimiter: '/', 'max-keys': '2' });
    const seen = [...mixed.keys, ...mixed.prefixes].sort(byteOrder).join(' ');
    if (seen !== 'mixed/a mixed/b/ mixed/c') fail(`delimited pages gave ${seen}`);
    ok(
      '5. 2,500 mixed-case keys list in UTF-8 byte order over 3 pages; delimited pages neither skip nor repeat',
    );

    const { xml } = await list(base, { prefix: 'mixed/' });
    const stamps = [...xml.matchAll(/<LastModified>([^<]*)</g)].map((m) => m[1]);
    if (stamps.length !== 4 || stamps.some((t) => !t.endsWith('.000Z')))
      fail(`LastModified listed: ${stamps}`);
    ok(`7. listings give LastModified in whole seconds (${stamps[0]}; fauxqs alone: milliseconds)`);
  } finally {
    child.stdin.end();
  }
}

// Patch 6 in process: the indexed listing against fauxqs's own (order-patched) one.
async function indexCheck() {
  register('./fauxqs-hooks.mjs', import.meta.url);
  const entry = import.meta.resolve('fauxqs');
  const { S3Store } = await import(new URL('./s3/s3Store.js', entry).href);
  const store = new S3Store();
  store.createBucket('b');
  let seed = 12345;
  const rand = (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const parts = ['a', 'B', 'b/', 'c/', 'é', 'x-', '/', '\u{1F600}', 'Z'];
  const word = () => Array.from({ length: 1 + rand(5) }, () => parts[rand(parts.length)]).join('');
  const body = Buffer.from('x');
  let compared = 0;
  for (let round = 0; round < 40; round++) {
    for (let i = 0; i < 60; i++) store.putObject('b', word(), body);
    const keys = [...store.buckets.get('b').keys()];
    for (let i = 0; i < 10; i++) store.deleteObject('b', keys[rand(keys.length)]);
    for (let q = 0; q < 25; q++) {
      const options = {
        prefix: rand(3) ? word().slice(0, rand(3)) : '',
        delimiter: rand(2) ? '/' : rand(2) ? 'b' : undefined,
        maxKeys: [1, 2, 7, 1000][rand(4)],
        startAfter: rand(2) ? word() : '',
      };
      const a = store.listObjects('b', options);
      const b = store.__originalListObjects('b', options);
      const show = (r) =>
        JSON.stringify([r.objects.map((o) => o.key), [...r.commonPrefixes].sort(byteOrder), r.isTruncated]);
      if (show(a) !== show(b)) fail(`listing ${JSON.stringify(options)}: ${show(a)} vs original ${show(b)}`);
      compared++;
    }
  }
  ok(`6. the indexed listing equals the original on ${compared} random listings with adds and deletes`);
}

await httpChecks();
await indexCheck();
ok('2. bound to 127.0.0.1 (bench/fauxqs.mjs checks its listening address at start)');
