import type { Predictor } from '@mesh/pipeline';
import { parseVersionRef, trainedModelName, type Registry } from '@mesh/registry';
import { resolveComponent } from '@mesh/workspace';
import { InferenceError } from './errors';
import { loadPredictorModule } from './predictor-module';
import { fetchVersion, type FetchedVersion } from './version-cache';

/** Options of {@link openVersionPredictor}. */
export interface OpenVersionPredictorOptions {
  /** An open registry (see `openRegistry` in `@mesh/registry`). */
  registry: Registry;
  /** Holds the artifact cache (`<meshHome>/cache`). */
  meshHome: string;
  /** The workspace whose component code predicts. */
  workspaceRoot: string;
  /** e.g. `keywords`. */
  project: string;
  /** Default: `train`. */
  component?: string;
  /** A version id (`KEYWORDS-TRAINED-3`) or alias reference (`keywords@production`). Default: the newest version. */
  version?: string;
  /** Download into a fresh folder instead of the cache (re-checks every byte). Default: false. */
  fresh?: boolean;
  /** Called before each artifact is downloaded (not on a cache hit). */
  onFile?: (path: string, index: number, total: number) => void;
}

/** A registered version, loaded and answering batches. */
export interface VersionPredictor extends Predictor {
  /** The version's id, e.g. `KEYWORDS-TRAINED-3`. */
  versionId: string;
  fetched: FetchedVersion;
  /** Closes the component's predictor and removes a fresh download. */
  close(): Promise<void>;
}

/**
 * The version a user asked for: `version` (an id, or `MODEL@alias`), `alias` of the project's
 * model, or else the newest ready version. Refuses a version of another project.
 */
export async function resolveVersionRef(
  registry: Registry,
  project: string,
  options: { version?: string; alias?: string } = {},
): Promise<string> {
  const model = trainedModelName(project);
  if (options.version && options.alias)
    throw new InferenceError('Give --version or --alias, not both.');
  if (options.alias) return registry.resolve(`${model}@${options.alias}`);
  if (options.version) {
    const ref = parseVersionRef(options.version);
    if (ref.model !== model)
      throw new InferenceError(
        `${options.version} is a version of ${ref.model}, not of ${project} (${model}).`,
      );
    return registry.resolve(options.version);
  }
  const versions = await registry.listVersions({ model });
  const newest = versions.at(-1);
  if (!newest)
    throw new InferenceError(
      `${model} has no versions yet: train one with make projects.start/${project} COMPONENT=train WITHOUT_DOCKER=true.`,
    );
  return newest.id;
}

/**
 * The library form of `mesh predict`: resolves the version, fetches its artifacts (cached by
 * digest, each verified), loads the component's `mesh.predict` module and its predictor.
 */
export async function openVersionPredictor(
  options: OpenVersionPredictorOptions,
): Promise<VersionPredictor> {
  const component = resolveComponent(
    options.workspaceRoot,
    options.project,
    options.component ?? 'train',
  );
  const module = loadPredictorModule(component, options.workspaceRoot);
  const ref = await resolveVersionRef(options.registry, options.project, {
    version: options.version,
  });
  const fetched = await fetchVersion(options.registry, ref, {
    meshHome: options.meshHome,
    fresh: options.fresh,
    onFile: options.onFile,
  });
  let predictor: Predictor;
  try {
    predictor = await module.loadPredictor(fetched.dir);
  } catch (error) {
    fetched.release();
    throw new InferenceError(
      `${fetched.version.id}: the ${options.project} predictor could not load it: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return {
    versionId: fetched.version.id,
    fetched,
    predict: (inputs) => predictor.predict(inputs),
    async close() {
      try {
        await predictor.close?.();
      } finally {
        fetched.release();
      }
    },
  };
}
