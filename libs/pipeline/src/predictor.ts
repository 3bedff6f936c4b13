/**
 * The contract between the platform and a component's predictor module: the file its
 * package.json names as `mesh.predict` (e.g. `"predict": "dist/predict.js"`) exports
 * {@link ComponentPredictorModule}. `mesh predict`, `mesh evaluate` and `mesh models verify`
 * load it; nothing else of the component is needed to use a registered version.
 */

/** A loaded version answering batches of inputs. */
export interface Predictor {
  /** One output object per input object, same order. Throws an Error naming the field for a bad input. */
  predict(inputs: Record<string, unknown>[]): Promise<Record<string, unknown>[]>;
  /** Releases what the predictor holds (workers, native handles). Optional. */
  close?(): Promise<void>;
}

/** Options of {@link ComponentPredictorModule.evaluate}. */
export interface EvaluateOptions {
  /** Base of relative data paths (the caller's working folder). */
  cwd: string;
  /** The environment, for data readers that need it (credentials, proxies). Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Called as records are scored, with the total when known. */
  onProgress?: (done: number, total?: number) => void;
}

/** What a component's evaluator returns. */
export interface EvaluationResult {
  /** The component's own metrics, with the same names and values the training run reports for the same data. */
  metrics: Record<string, number>;
  /** Records scored. */
  records: number;
  /** `sha256:<hex>` of the data bytes as stored. */
  digest: string;
}

/** What the module named by `mesh.predict` exports. */
export interface ComponentPredictorModule {
  /** Loads a version's artifacts from a folder (the run folder layout, as registered). */
  loadPredictor(modelDir: string): Promise<Predictor>;
  /**
   * Scores the version in `modelDir` on labelled data the component can read (same readers and
   * errors as training: file and line named), with the component's own metric code.
   */
  evaluate(modelDir: string, dataUri: string, options: EvaluateOptions): Promise<EvaluationResult>;
}
