import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ObjectNotFoundError, type ModelStore } from '@mesh/model-store';
import type { StepOutputStore } from './step-output-store';

/**
 * A {@link StepOutputStore} in a model store (S3 or a local directory) under `prefix`, e.g.
 * `<target>/<instance>`: each output is uploaded as soon as its step finishes, so step jobs on
 * other machines (and the file API) see it, and a resumed run downloads it back.
 */
export class ModelStoreStepOutputStore implements StepOutputStore {
  readonly location: string;
  private readonly prefix: string;

  constructor(
    private readonly store: ModelStore,
    prefix: string,
  ) {
    this.prefix = prefix.replace(/^\/+|\/+$/g, '');
    this.location = this.prefix ? `${store.uri}/${this.prefix}` : store.uri;
  }

  async save(path: string, absolute: string): Promise<void> {
    await this.store.put(this.keyOf(path), absolute);
  }

  async restore(path: string, absolute: string): Promise<boolean> {
    let body;
    try {
      body = await this.store.get(this.keyOf(path));
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return false;
      throw error;
    }
    await mkdir(dirname(absolute), { recursive: true });
    try {
      await pipeline(body, createWriteStream(absolute));
    } catch (error) {
      await rm(absolute, { force: true });
      throw error;
    }
    return true;
  }

  private keyOf(path: string): string {
    return this.prefix ? `${this.prefix}/${path}` : path;
  }
}
