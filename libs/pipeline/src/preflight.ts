import { openUri } from '@mesh/data';
import { openArtifactStore, openRegistry, type RegistrySettings } from '@mesh/registry';
import type { SettingsProblem } from '@mesh/settings';

/** What {@link preflight} checks before a run trains anything. */
export interface PreflightInput {
  settings: RegistrySettings;
  /** Home of the embedded registry and store. */
  meshHome: string;
  /** Data the run will read, by the setting that names it: `{ EVAL_DATA_URI: 'data/eval.jsonl' }`. */
  dataUris: Record<string, string>;
  /** Base of relative data paths (the component folder). */
  componentRoot: string;
  /** Each probe gives up after this long. Default: 10000 ms. */
  timeoutMs?: number;
}

/**
 * Checks, in seconds and all at once, what would otherwise fail only after training: the
 * registry answers and its schema can be brought up to date, the artifact store is reachable
 * and writable (its bucket exists), and every data URI can be opened. Returns one problem per
 * failure, each naming the setting to fix; an empty list means the run may start.
 */
export async function preflight(input: PreflightInput): Promise<SettingsProblem[]> {
  const timeoutMs = input.timeoutMs ?? 10_000;
  const checks: Array<Promise<SettingsProblem | undefined>> = [
    probe('REGISTRY_URL', timeoutMs, async () => {
      const registry = await openRegistry({ settings: input.settings, meshHome: input.meshHome });
      await registry.close();
    }),
    probe('MODEL_STORE_URI', timeoutMs, async () => {
      const store = openArtifactStore({ settings: input.settings, meshHome: input.meshHome });
      await store.checkWritable();
    }),
    ...Object.entries(input.dataUris).map(([name, uri]) =>
      probe(name, timeoutMs, async () => {
        const opened = await openUri(uri, { cwd: input.componentRoot, timeoutMs });
        opened.raw.destroy();
      }),
    ),
  ];
  return (await Promise.all(checks)).filter((problem) => problem !== undefined);
}

async function probe(
  name: string,
  timeoutMs: number,
  check: () => Promise<void>,
): Promise<SettingsProblem | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([check(), timeout]);
    return undefined;
  } catch (error) {
    return { name, message: (error as Error).message.replace(/\.$/, '') };
  } finally {
    clearTimeout(timer);
  }
}
