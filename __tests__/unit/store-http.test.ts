// store/http.ts: the pieces of S3's HTTP surface both object stores share: listed keys, copy sources,
// header values, XML text and S3's error document.
import { describe, expect, it } from 'vitest';
import {
  copySource,
  decodeListed,
  encodedHeaderValue,
  s3Error,
  xmlElement,
  xmlText,
} from '../../src/core/store/http.js';

describe('decodeListed', () => {
  it.each([
    // Asked for with encoding-type=url: S3 percent-encodes, and writes a space as `+`.
    ['a+b', true, 'a b'],
    ['a%2Bb', true, 'a+b'],
    ['a%20b', true, 'a b'],
    ['100%25', true, '100%'],
    ['caf%C3%A9/%F0%9F%98%80', true, 'café/😀'],
    ['nl%0Ax', true, 'nl\nx'],
    ['plain/key.txt', true, 'plain/key.txt'],
    // A server that ignored the parameter sent raw keys: taken as they are.
    ['a+b', false, 'a+b'],
    ['a%2Bb', false, 'a%2Bb'],
    ['100%', false, '100%'],
    ['café', false, 'café'],
  ])('%j (encoded: %s) → %j', (value, encoded, key) => {
    expect(decodeListed(value, encoded)).toBe(key);
  });

  it.each(['100%', '%zz', '%C3'])('refuses %j, which is not URL encoding, naming the value', (value) => {
    let error: unknown;
    try {
      decodeListed(value, true);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      name: 'InvalidListing',
      message: `the server listed a key that is not valid URL encoding: ${JSON.stringify(value)}`,
    });
  });
});

describe('copySource', () => {
  it.each([
    ['plain/key.txt', 'b/plain/key.txt'],
    ['a b+c', 'b/a%20b%2Bc'],
    ['dir/ünï/日本', 'b/dir/%C3%BCn%C3%AF/%E6%97%A5%E6%9C%AC'],
    ['100%?#', 'b/100%25%3F%23'],
    ['dir/', 'b/dir/'],
  ])('%j → %j (segment by segment, slashes kept)', (key, expected) => {
    expect(copySource('b', key)).toBe(expected);
  });
});

describe('encodedHeaderValue', () => {
  it.each([
    ['max-age=60, public', 'max-age=60, public'],
    ['', ''],
    ['café', `=?UTF-8?B?${Buffer.from('café').toString('base64')}?=`],
    ['a\nb', `=?UTF-8?B?${Buffer.from('a\nb').toString('base64')}?=`],
    ['tab\t', `=?UTF-8?B?${Buffer.from('tab\t').toString('base64')}?=`],
  ])('%j → %j', (value, expected) => {
    expect(encodedHeaderValue(value)).toBe(expected);
  });
});

describe('xmlText and xmlElement', () => {
  it.each([
    ['a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;', 'a <b> & "c" \'d\''],
    ['&#65;&#x42;&#X43;&#x1F600;', 'ABC😀'],
    ['&AMP;&Lt;', '&<'],
    // One pass: an escaped entity stays an entity.
    ['&amp;lt;', '&lt;'],
    // Not entities, or out of Unicode's range: left as they are.
    ['&nbsp; &foo; & &#; &#x110000;', '&nbsp; &foo; & &#; &#x110000;'],
    ['no entities', 'no entities'],
  ])('%j → %j', (xml, text) => {
    expect(xmlText(xml)).toBe(text);
  });

  it('finds the first element of a name, decoded, and nothing for an absent one', () => {
    const xml = '<Error><Code>NoSuchKey</Code><Key>a&amp;b\nc</Key><Key>second</Key></Error>';
    expect(xmlElement(xml, 'Code')).toBe('NoSuchKey');
    expect(xmlElement(xml, 'Key')).toBe('a&b\nc');
    expect(xmlElement(xml, 'Message')).toBeUndefined();
    expect(xmlElement('<Code></Code>', 'Code')).toBe('');
  });
});

describe('s3Error', () => {
  const body = (code: string, message: string, requestId = 'REQ1') =>
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`;

  it.each<[string, number, string, { date?: string; requestId?: string }, Record<string, unknown>]>([
    [
      'an error document',
      403,
      body('AccessDenied', 'Access Denied'),
      {},
      {
        name: 'AccessDenied',
        Code: 'AccessDenied',
        message: 'Access Denied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403, requestId: 'REQ1' },
      },
    ],
    [
      'a server fault, with the clock and the request id from headers',
      503,
      body('SlowDown', 'Please reduce your request rate.'),
      { date: 'Wed, 02 Dec 2026 02:00:00 GMT', requestId: 'HDR' },
      {
        name: 'SlowDown',
        $fault: 'server',
        $metadata: { httpStatusCode: 503, requestId: 'HDR' },
        serverTime: 'Wed, 02 Dec 2026 02:00:00 GMT',
      },
    ],
    [
      'entities in the message',
      400,
      body('InvalidArgument', 'a &lt; b'),
      {},
      { name: 'InvalidArgument', message: 'a < b', $fault: 'client' },
    ],
    // HEAD has no body: named as the SDK names them, so both stores raise the same errors.
    ['HEAD 404', 404, '', {}, { name: 'NotFound', Code: 'NotFound', message: 'HTTP 404', $fault: 'client' }],
    ['HEAD 403', 403, '', {}, { name: 'Forbidden', message: 'HTTP 403' }],
    ['HEAD 412', 412, '', {}, { name: 'PreconditionFailed' }],
    ['HEAD 304', 304, '', {}, { name: 'NotModified' }],
    ['HEAD 400', 400, '', {}, { name: 'BadRequest' }],
    [
      'HEAD 500',
      500,
      '',
      {},
      { name: '500', message: 'HTTP 500', $fault: 'server', $metadata: { httpStatusCode: 500 } },
    ],
  ])('%s', (_name, status, xml, headers, expected) => {
    const err = s3Error(status, xml, headers);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject(expected);
  });
});
