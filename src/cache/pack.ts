// Packs: small files concatenated into one object, as restic and kopia pack blobs, so that thousands
// of small files cost a few requests. A pack is named by the SHA-256 of its bytes; the manifest says
// which slice of which pack each file is.
import { sha256Hex } from './objects.js';

export interface SealedPack {
  id: string;
  body: Buffer;
  /** Each file's content hash and where its bytes start. */
  members: { sha256: string; offset: number }[];
}

export class PackBuilder {
  private chunks: Buffer[] = [];
  private size = 0;
  private members: { sha256: string; offset: number }[] = [];
  private readonly hashes = new Set<string>();

  constructor(readonly target: number) {}

  has(sha256: string): boolean {
    return this.hashes.has(sha256);
  }

  add(sha256: string, body: Buffer): void {
    this.members.push({ sha256, offset: this.size });
    this.hashes.add(sha256);
    this.chunks.push(body);
    this.size += body.length;
  }

  full(): boolean {
    return this.size >= this.target;
  }

  /** The pack so far, or undefined if it holds nothing; the builder starts a new one. */
  seal(): SealedPack | undefined {
    if (this.members.length === 0) return undefined;
    const body = Buffer.concat(this.chunks, this.size);
    const pack = { id: sha256Hex(body), body, members: this.members };
    this.chunks = [];
    this.size = 0;
    this.members = [];
    this.hashes.clear();
    return pack;
  }
}
