// Local file names in another charset than UTF-8 (S3SYNC_NATIVE_CHARSET): keys on S3 are always
// UTF-8 (NFC), local names are the bytes the file system holds. With UTF-8 (the default) nothing here
// runs: paths stay strings. With a single-byte charset (ISO-8859-x, windows-125x, KOI8…), the walker
// reads names as bytes and decodes them, and every file-system call gets the encoded bytes back.
import { ConfigError } from './errors.js';

export interface NameCodec {
  /** The canonical charset name, e.g. `iso-8859-1`. */
  readonly charset: string;
  /** Bytes of a local name → the text used in keys. */
  decode(bytes: Buffer): string;
  /** Text of a key path → the bytes of the local name; throws when a character has no byte. */
  encode(text: string): Buffer;
}

// Node's 'latin1' is ISO-8859-1 exactly (bytes 0x80–0x9f are the C1 controls). The WHATWG decoder
// behind TextDecoder maps the label `iso-8859-1` to windows-1252 instead, so keep the two apart.
const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'iso-ir-100']);
const UTF8 = new Set(['utf-8', 'utf8']);

/**
 * The codec for a charset name, or undefined for UTF-8 (names are used as the strings Node gives).
 * Only charsets with one byte per character are supported: their names map byte for byte both ways.
 */
export function nameCodec(charset: string): NameCodec | undefined {
  const label = charset.trim().toLowerCase();
  if (UTF8.has(label)) return undefined;
  if (LATIN1.has(label)) {
    return {
      charset: 'iso-8859-1',
      decode: (bytes) => bytes.toString('latin1'),
      encode: (text) => {
        for (const ch of text) {
          if ((ch.codePointAt(0) ?? 0) > 0xff) throw unencodable(ch, 'iso-8859-1');
        }
        return Buffer.from(text, 'latin1');
      },
    };
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: false });
  } catch {
    throw new ConfigError(`unknown charset ${JSON.stringify(charset)}`);
  }
  // One decoded character per byte value, all distinct: a single-byte charset whose names round-trip.
  const table: string[] = [];
  for (let b = 0; b < 256; b++) table.push(decoder.decode(Uint8Array.of(b)));
  // Node 20's decoder treats windows-1252 as Latin-1 (0x80 is not €); its 32 differences are fixed.
  if (decoder.encoding === 'windows-1252') {
    CP1252_80_9F.forEach((ch, i) => {
      table[0x80 + i] = ch;
    });
  }
  const reverse = new Map(table.map((ch, b) => [ch, b]));
  if (table.some((ch) => [...ch].length !== 1) || reverse.size !== 256) {
    throw new ConfigError(
      `charset ${JSON.stringify(charset)} is not supported for file names (use UTF-8 or a single-byte charset such as ISO-8859-1 or windows-1252)`,
    );
  }
  return {
    charset: decoder.encoding,
    decode: (bytes) => {
      let out = '';
      for (const b of bytes) out += table[b];
      return out;
    },
    encode: (text) => {
      const out: number[] = [];
      for (const ch of text) {
        const b = reverse.get(ch);
        if (b === undefined) throw unencodable(ch, decoder.encoding);
        out.push(b);
      }
      return Buffer.from(out);
    },
  };
}

// windows-1252 bytes 0x80–0x9f; the five it leaves undefined map to the C1 control of the same number,
// as the WHATWG Encoding Standard says, so every byte still has its own character.
const CP1252_80_9F = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'];

function unencodable(ch: string, charset: string): Error {
  const cp = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return new Error(`"${ch}" (U+${cp}) cannot be written as a ${charset} file name`);
}

/**
 * The path on disk for a string path under `root`: unchanged without a codec; otherwise the root's
 * own bytes (it came from the command line, as UTF-8) followed by the encoded rest.
 */
export function fsPathUnder(root: string, full: string, codec: NameCodec | undefined): string | Buffer {
  if (!codec) return full;
  if (full === root) return full;
  if (!full.startsWith(root)) return codec.encode(full);
  return Buffer.concat([Buffer.from(root, 'utf8'), codec.encode(full.slice(root.length))]);
}

/** Joins a directory path and a name on disk, either of which may be bytes. */
export function joinFsPath(dir: string | Buffer, name: string | Buffer, sep: string): string | Buffer {
  if (typeof dir === 'string' && typeof name === 'string') {
    return dir.endsWith(sep) ? dir + name : dir + sep + name;
  }
  const d = typeof dir === 'string' ? Buffer.from(dir, 'utf8') : dir;
  const n = typeof name === 'string' ? Buffer.from(name, 'utf8') : name;
  const s = d.length > 0 && d[d.length - 1] === sep.charCodeAt(0) ? Buffer.alloc(0) : Buffer.from(sep);
  return Buffer.concat([d, s, n]);
}

/** The path on disk of a relative path (as text) under `root`: joined with the platform's separator. */
export function localFsPath(
  root: string,
  rel: string,
  codec: NameCodec | undefined,
  sep: string,
): string | Buffer {
  if (rel === '') return root;
  const joined = rel.split('/').join(sep);
  if (!codec) return root.endsWith(sep) ? root + joined : root + sep + joined;
  return joinFsPath(root, codec.encode(joined), sep);
}
