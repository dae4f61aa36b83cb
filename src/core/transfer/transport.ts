// What the executor needs from a direction: create a directory, move one entry, delete a batch.
import type { FileStamp } from '../md5cache.js';
import type { PlanAction } from '../types.js';

export type DeleteOutcome = { ok: true } | { ok: false; error: string };

export interface Transport {
  mkdir(action: PlanAction): Promise<void>;
  /** Moves one entry; reports bytes as they go and returns the total moved. */
  transfer(action: PlanAction, onBytes: (n: number) => void): Promise<number>;
  /** Deletes in the order given (directories after their contents); one outcome per action. */
  deleteBatch(actions: PlanAction[]): Promise<DeleteOutcome[]>;
  /** Removes leftovers of interrupted work (temp files). */
  cleanup?(): Promise<void>;
}

/** Called when a local file's bytes are known to have a given MD5 (feeds the MD5 cache). */
export type OnStored = (path: string, stamp: FileStamp, md5: string, multipartEtag?: string) => void;
