// sigv4.ts against two independent signers, byte for byte: the SDK's SignatureV4 (as the signed store
// used it: S3's path signed as sent, no payload hashing) and botocore's S3SigV4Auth (from the machine's
// Python; skipped with a notice where it is absent). s3rver accepts any signature, so a signing bug
// would pass every end-to-end test: this is where one is caught.
import { execFileSync, spawnSync } from 'node:child_process';
import { escapeUriPath as smithyEscapePath, buildQueryString as smithyQuery } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  buildQueryString,
  escapeUriPath,
  type RequestToSign,
  type SigningCredentials,
  signRequest,
} from '../../src/core/store/sigv4.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

interface Case {
  method: string;
  key: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  credentials: SigningCredentials;
  region: string;
  date: Date;
}

const KEYS = [
  '',
  'a.txt',
  'dir/sub dir/file name.txt',
  'plus+sign/and=equals&amp;',
  'quotes\'"and(parens)*star!bang',
  'tilde~dash-under_score.dot',
  'unicode/é/日本語/🙂.bin',
  'percent%20literal/%2F',
  'trailing/',
  'semi;colon,comma:colon@at$dollar',
  'back\\slash/hash#/question?',
  'x_$folder$',
];

/** A deterministic spread of requests: every key against query, header and credential variants. */
function cases(): Case[] {
  const out: Case[] = [];
  const creds: SigningCredentials[] = [
    { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    {
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret/with+odd=chars',
      sessionToken: 'FQoGZXIvYXdzE//////////wEaDP+token=',
    },
  ];
  const queries: Record<string, string>[] = [
    {},
    { 'list-type': '2', prefix: 'some dir/é+', 'encoding-type': 'url' },
    {
      'list-type': '2',
      prefix: '',
      delimiter: '/',
      'encoding-type': 'url',
      'continuation-token': '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=',
    },
    { partNumber: '1' },
  ];
  const headerSets: Record<string, string>[] = [
    {},
    { 'x-amz-checksum-mode': 'ENABLED' },
    {
      'content-type': 'text/html; charset=utf-8',
      'content-length': '1234',
      'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==',
      'x-amz-meta-md5chksum': '1B2M2Y8AsgTpgAmY7PhCfg==',
      'x-amz-meta-note': '  several   spaces\tand a tab  ',
      'x-amz-storage-class': 'STANDARD_IA',
      'if-none-match': '*',
    },
  ];
  let n = 0;
  for (const key of KEYS) {
    for (const query of queries) {
      for (const headers of headerSets) {
        const c = creds[n % creds.length] as SigningCredentials;
        out.push({
          method: ['GET', 'PUT', 'HEAD'][n % 3] as string,
          key,
          query,
          headers,
          credentials: c,
          region: ['us-east-1', 'eu-west-3', 'ap-southeast-2'][n % 3] as string,
          // Dates across a day boundary and a leap day, with milliseconds the signature drops.
          date: new Date(Date.UTC(2024, 1, 28 + (n % 3), 23, 59, 58 + (n % 2), 987)),
        });
        n++;
      }
    }
  }
  return out;
}

function toSign(c: Case): RequestToSign {
  return {
    method: c.method,
    path: `/bucket/${escapeUriPath(c.key)}`,
    query: buildQueryString(c.query),
    headers: {
      ...c.headers,
      host: '127.0.0.1:9000',
      'x-amz-content-sha256': c.method === 'PUT' ? 'UNSIGNED-PAYLOAD' : EMPTY_SHA256,
    },
  };
}

const ours = (c: Case) => signRequest(toSign(c), c.credentials, c.region, 's3', c.date);

describe('escaping', () => {
  it('escapes key paths and query strings as the SDK does', () => {
    for (const key of KEYS) expect(escapeUriPath(key)).toBe(smithyEscapePath(key));
    for (const c of cases()) expect(buildQueryString(c.query)).toBe(smithyQuery(c.query));
  });
});

describe("the SDK's SignatureV4", () => {
  it('signs every case with the same headers, byte for byte', async () => {
    for (const c of cases()) {
      const r = toSign(c);
      const signer = new SignatureV4({
        service: 's3',
        region: c.region,
        credentials: c.credentials,
        sha256: (await import('@smithy/core/checksum')).Sha256,
        uriEscapePath: false,
        applyChecksum: false,
      });
      const sdk = await signer.sign(
        {
          method: r.method,
          protocol: 'http:',
          hostname: '127.0.0.1',
          port: 9000,
          path: r.path,
          query: c.query,
          headers: r.headers,
        },
        { signingDate: c.date },
      );
      expect(ours(c)).toEqual(sdk.headers);
    }
  });
});

const python = spawnSync('python3', ['-c', 'import botocore'], { encoding: 'utf8' });
const hasBotocore = python.status === 0;
if (!hasBotocore) console.warn('python3 with botocore not found: "botocore\'s S3SigV4Auth" skipped');

// Signs each case with botocore, its clock held at the case's date; prints one Authorization per line.
const BOTOCORE = `
import json, sys, datetime
from unittest import mock
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
for c in json.load(sys.stdin):
    when = datetime.datetime.fromisoformat(c['date'].replace('Z', '+00:00')).replace(tzinfo=None)
    req = AWSRequest(method=c['method'], url=c['url'], headers=c['headers'])
    # Unsigned payload where we send UNSIGNED-PAYLOAD (a PUT: its Content-MD5 guards the body).
    unsigned = c['headers']['x-amz-content-sha256'] == 'UNSIGNED-PAYLOAD'
    req.context['client_config'] = type('Config', (), {'s3': {'payload_signing_enabled': not unsigned}})()
    auth = S3SigV4Auth(Credentials(c['ak'], c['sk'], c.get('token')), 's3', c['region'])
    with mock.patch('botocore.auth.get_current_datetime', return_value=when):
        auth.add_auth(req)
    print(req.headers['Authorization'])
`;

describe.skipIf(!hasBotocore)("botocore's S3SigV4Auth", () => {
  it('computes the same Authorization for every case', () => {
    const all = cases();
    const input = all.map((c) => {
      const r = toSign(c);
      const qs = r.query;
      return {
        method: c.method,
        url: `http://127.0.0.1:9000${r.path}${qs ? `?${qs}` : ''}`,
        headers: r.headers,
        ak: c.credentials.accessKeyId,
        sk: c.credentials.secretAccessKey,
        token: c.credentials.sessionToken,
        region: c.region,
        date: c.date.toISOString(),
      };
    });
    const out = execFileSync('python3', ['-c', BOTOCORE], { input: JSON.stringify(input), encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(out).toHaveLength(all.length);
    all.forEach((c, i) => {
      expect(ours(c).authorization).toBe(out[i]);
    });
  });
});

describe('signing', () => {
  it('changes the signature with any signed part of the request', () => {
    const c = cases()[30] as Case;
    const base = ours(c).authorization;
    expect(ours({ ...c, key: `${c.key}x` }).authorization).not.toBe(base);
    expect(ours({ ...c, query: { ...c.query, extra: '1' } }).authorization).not.toBe(base);
    expect(ours({ ...c, headers: { ...c.headers, 'x-amz-meta-a': 'b' } }).authorization).not.toBe(base);
    expect(ours({ ...c, date: new Date(c.date.getTime() + 1000) }).authorization).not.toBe(base);
    expect(
      ours({ ...c, credentials: { ...c.credentials, secretAccessKey: `${c.credentials.secretAccessKey}x` } })
        .authorization,
    ).not.toBe(base);
    // The user agent is not signed (a proxy may rewrite it).
    expect(
      signRequest(
        { ...toSign(c), headers: { ...toSign(c).headers, 'user-agent': 'x' } },
        c.credentials,
        c.region,
        's3',
        c.date,
      ).authorization,
    ).toBe(base);
  });
});
