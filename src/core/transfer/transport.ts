// What the executor needs from a direction: create a directory, move one entry, rewrite one entry's
// metadata, delete a batch. One implementation per direction: upload.ts, download.ts, copy.ts.
import { oneLine } from '../errors.js';
import { DELETE_BATCH } from '../limits.js';
import type { FileStamp, RemoteState } from '../md5cache.js';
import type { DeleteOutcome, ObjectStore } from '../store/types.js';
import type { DeleteAction, MetadataAction, MkdirAction, TransferAction } from '../types.js';

export type { DeleteOutcome };

export interface Transport {
  mkdir(action: MkdirAction): Promise<void>;
  /** Moves one entry; reports bytes as they go and returns the total moved. */
  transfer(action: TransferAction, onBytes: (n: number) => void): Promise<number>;
  /** Content equal: rewrites mode, owner, times (locally) or the object's metadata (in place on S3). */
  metadata(action: MetadataAction): Promise<void>;
  /** Deletes in the order given (directories after their contents); one outcome per action. */
  deleteBatch(actions: DeleteAction[]): Promise<DeleteOutcome[]>;
  /** After the transfers of a run that was not interrupted (download: directories' stored modes and times). */
  finish?(): Promise<void>;
  /** Removes leftovers of interrupted work (temp files, open multipart uploads). */
  cleanup?(): Promise<void>;
}

/**
 * Called when a local file's bytes are known to have a given MD5 and, when `remote` is given, to agree
 * with that object (feeds the MD5 cache).
 */
export type OnStored = (
  path: string,
  stamp: FileStamp,
  md5: string,
  multipartEtag?: string,
  remote?: RemoteState,
) => void;

/**
 * A delete phase that stopped part way (an interrupt): `outcomes` are those of
 * the entries handled before it stopped, in order (they happened and must be reported so); `cause` is
 * why the rest did not run.
 */
export class DeletesStopped extends Error {
  override name = 'DeletesStopped';
  constructor(
    readonly outcomes: DeleteOutcome[],
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Deletes keys in DeleteObjects batches of DELETE_BATCH, in order; one outcome per key. A batch whose
 * request fails (after the SDK's retries) fails each of its keys with that error, and the next batch still
 * goes: every key gets the outcome it had, not the request that happened to fail first. An interrupt
 * stops it: DeletesStopped with the outcomes of the batches before (or the error itself if none).
 */
export async function deleteKeys(
  store: ObjectStore,
  bucket: string,
  keys: string[],
  signal?: AbortSignal,
): Promise<DeleteOutcome[]> {
  const out: DeleteOutcome[] = [];
  for (let i = 0; i < keys.length; i += DELETE_BATCH) {
    const batch = keys.slice(i, i + DELETE_BATCH);
    try {
      out.push(...(await store.deleteMany(bucket, batch, { signal })));
    } catch (err) {
      if (signal?.aborted) throw out.length > 0 ? new DeletesStopped(out, err) : err;
      const error = oneLine(err);
      for (const _ of batch) out.push({ ok: false, error, cause: err });
    }
  }
  return out;
}
