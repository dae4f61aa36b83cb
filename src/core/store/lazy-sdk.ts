// The SDK store, loaded at its first request (why: sdk-client.ts). Every operation waits for the one load
// and hands over; a failed load (it cannot fail short of a broken install) fails each request with it.

import type { ClientAgents } from './factory.js';
import type { LoadedSdk } from './sdk-client.js';
import type { Route } from './signed.js';
import type { ObjectStore, RequestOptions } from './types.js';

export class LazySdkStore implements ObjectStore {
  private loading?: Promise<LoadedSdk>;
  private loaded?: LoadedSdk;
  private destroyed = false;

  constructor(
    readonly endpointLabel: string,
    private readonly load: () => Promise<LoadedSdk>,
    private readonly agents: ClientAgents,
  ) {}

  /** Whether any request has needed the SDK (tests and --debug). */
  get used(): boolean {
    return this.loading !== undefined;
  }

  private sdk(): Promise<LoadedSdk> {
    this.loading ??= this.load().then((l) => {
      this.loaded = l;
      if (this.destroyed) l.store.destroy();
      return l;
    });
    return this.loading;
  }

  async routeOf(bucket: string): Promise<Route | undefined> {
    return (await this.sdk()).routeOf(bucket);
  }

  async *list(bucket: string, prefix: string, opts: RequestOptions & { delimiter?: string }) {
    yield* (await this.sdk()).store.list(bucket, prefix, opts);
  }
  async head(...args: Parameters<ObjectStore['head']>) {
    return (await this.sdk()).store.head(...args);
  }
  async get(...args: Parameters<ObjectStore['get']>) {
    return (await this.sdk()).store.get(...args);
  }
  async put(...args: Parameters<ObjectStore['put']>) {
    return (await this.sdk()).store.put(...args);
  }
  async copy(...args: Parameters<ObjectStore['copy']>) {
    return (await this.sdk()).store.copy(...args);
  }
  async createMultipart(...args: Parameters<ObjectStore['createMultipart']>) {
    return (await this.sdk()).store.createMultipart(...args);
  }
  async uploadPart(...args: Parameters<ObjectStore['uploadPart']>) {
    return (await this.sdk()).store.uploadPart(...args);
  }
  async uploadPartCopy(...args: Parameters<ObjectStore['uploadPartCopy']>) {
    return (await this.sdk()).store.uploadPartCopy(...args);
  }
  async completeMultipart(...args: Parameters<ObjectStore['completeMultipart']>) {
    return (await this.sdk()).store.completeMultipart(...args);
  }
  async abortMultipart(...args: Parameters<ObjectStore['abortMultipart']>) {
    return (await this.sdk()).store.abortMultipart(...args);
  }
  async deleteMany(...args: Parameters<ObjectStore['deleteMany']>) {
    return (await this.sdk()).store.deleteMany(...args);
  }

  describeUse(): string {
    return `store: the SDK alone; SDK ${this.used ? 'loaded' : 'not loaded'}`;
  }

  /** Closes the sockets, the SDK's too if it is loaded (or once it is: a load still under way). */
  destroy(): void {
    this.destroyed = true;
    this.loaded?.store.destroy();
    this.agents.destroy();
  }
}
