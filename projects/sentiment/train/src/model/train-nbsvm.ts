import {
  classificationReport,
  CsrBuilder,
  decisionValues,
  probabilitiesFromDecisions,
  selectRows,
  trainLogisticRegression,
  type CsrMatrix,
  type LogisticModel,
} from '@mesh/ml';
import { FeatureHasher, groupsOf, type FeatureConfig } from './features';
import { SentimentModel } from './sentiment-model';

/** One point of the feature grid. */
export interface FeatureCandidate {
  wordNgramMax: number;
  charNgrams: readonly [number, number] | null;
}

/** Hyperparameters and the grid they are chosen from. */
export interface NbsvmParams {
  /** Feature sets tried on the validation data. */
  candidates: FeatureCandidate[];
  /** Values of C tried (ascending; each fit starts from the previous one). */
  cGrid: number[];
  negation: boolean;
  hashBits: number;
  /** Columns in fewer training documents are dropped. */
  minDf: number;
  /** NB smoothing (Wang & Manning's alpha). */
  alpha: number;
  /** Stopping tolerance of dual coordinate descent (largest projected dual gradient). */
  tolerance: number;
  /** Epoch limit of dual coordinate descent per fit. */
  maxIterations: number;
  /** Epoch limit of the grid's fits, which only need to rank the grid points. */
  gridMaxIterations: number;
}

/** How rows are used: fit on `train`, choose on `validation`, refit on `refit`. */
export interface RowPlan {
  train: number[];
  validation: number[];
  refit: number[];
}

/** One tried point of the grid and its validation score. */
export interface GridResult {
  wordNgramMax: number;
  charNgrams: readonly [number, number] | null;
  C: number;
  score: number;
}

export interface TrainedNbsvm {
  model: SentimentModel;
  grid: GridResult[];
  chosen: GridResult;
  /** Name of the validation score (accuracy for two labels, else macro-F1). */
  selectionMetric: 'accuracy' | 'macro_f1';
  columns: number;
}

/** Progress callback: a phase name and, for long phases, done/total. */
export type TrainProgress = (phase: string, done?: number, total?: number) => void;

interface FeatureMatrix {
  matrix: CsrMatrix;
  columnGroups: Uint8Array;
  columnBuckets: Uint32Array;
}

/** Hashes every text once, with the largest feature set of the grid, and drops rare columns. */
function buildMatrix(
  texts: readonly string[],
  config: FeatureConfig,
  minDf: number,
  progress: TrainProgress,
): FeatureMatrix {
  const hasher = new FeatureHasher(config);
  const size = 2 ** config.hashBits;
  const bucketGroups = new Uint8Array(size);
  const df = new Int32Array(size);
  const builder = new CsrBuilder();
  const onGroup = (column: number, group: number) => {
    bucketGroups[column] |= group;
  };
  let ones = new Float32Array(0);
  for (let i = 0; i < texts.length; i++) {
    const columns = hasher.features(texts[i], onGroup);
    for (let k = 0; k < columns.length; k++) df[columns[k]]++;
    if (ones.length < columns.length) ones = new Float32Array(columns.length * 2).fill(1);
    builder.addRow(columns, ones.subarray(0, columns.length));
    if (i % 1000 === 999) progress('Extracting n-gram features', i + 1, texts.length);
  }
  progress('Extracting n-gram features', texts.length, texts.length);
  const raw = builder.build(size);
  // Compact the kept buckets into consecutive columns, the most frequent first (a counting sort
  // by document frequency): the solver's reads and writes of the weights then mostly hit a small,
  // cached block of memory, as n-gram frequencies are Zipfian.
  const threshold = Math.max(minDf, 1);
  let maxDf = 0;
  for (let b = 0; b < size; b++) if (df[b] > maxDf) maxDf = df[b];
  const firstOfDf = new Int32Array(maxDf + 2);
  for (let b = 0; b < size; b++) if (df[b] >= threshold) firstOfDf[df[b]]++;
  let columns = 0;
  for (let f = maxDf; f >= threshold; f--) {
    const count = firstOfDf[f];
    firstOfDf[f] = columns;
    columns += count;
  }
  const columnOf = new Int32Array(size).fill(-1);
  for (let b = 0; b < size; b++) if (df[b] >= threshold) columnOf[b] = firstOfDf[df[b]]++;
  const columnBuckets = new Uint32Array(columns);
  const columnGroups = new Uint8Array(columns);
  for (let b = 0; b < size; b++)
    if (columnOf[b] >= 0) {
      columnBuckets[columnOf[b]] = b;
      columnGroups[columnOf[b]] = bucketGroups[b];
    }
  const indptr = new Int32Array(raw.rows + 1);
  let nnz = 0;
  for (let i = 0; i < raw.rows; i++) {
    for (let k = raw.indptr[i]; k < raw.indptr[i + 1]; k++) {
      const column = columnOf[raw.indices[k]];
      if (column >= 0) raw.indices[nnz++] = column;
    }
    indptr[i + 1] = nnz;
  }
  const matrix: CsrMatrix = {
    rows: raw.rows,
    cols: columns,
    indptr,
    indices: raw.indices.slice(0, nnz),
    values: raw.values.slice(0, nnz),
  };
  return { matrix, columnGroups, columnBuckets };
}

/**
 * NB log-count ratios of one binary problem (Wang & Manning 2012, eq. 2):
 * r = log((p / |p|_1) / (q / |q|_1)), p = alpha + positive rows' binary counts, q likewise for
 * negative rows; zero for columns outside `groups`.
 */
function logCountRatios(
  matrix: CsrMatrix,
  positive: (row: number) => boolean,
  columnGroups: Uint8Array,
  groups: number,
  alpha: number,
): Float64Array {
  const p = new Float64Array(matrix.cols);
  const q = new Float64Array(matrix.cols);
  for (let i = 0; i < matrix.rows; i++) {
    const target = positive(i) ? p : q;
    for (let k = matrix.indptr[i]; k < matrix.indptr[i + 1]; k++) target[matrix.indices[k]]++;
  }
  let pTotal = 0;
  let qTotal = 0;
  for (let j = 0; j < matrix.cols; j++) {
    if ((columnGroups[j] & groups) === 0) continue;
    pTotal += p[j] + alpha;
    qTotal += q[j] + alpha;
  }
  const r = new Float64Array(matrix.cols);
  for (let j = 0; j < matrix.cols; j++) {
    if ((columnGroups[j] & groups) === 0) continue;
    r[j] = Math.log((p[j] + alpha) / pTotal) - Math.log((q[j] + alpha) / qTotal);
  }
  return r;
}

interface Fitted {
  /** Per problem: NB ratios and the logistic model over the scaled columns. */
  problems: Array<{ ratios: Float64Array; model: LogisticModel }>;
}

function fit(
  matrix: CsrMatrix,
  labels: Int32Array,
  classes: number,
  groups: number,
  C: number,
  columnGroups: Uint8Array,
  params: NbsvmParams,
  warm: Fitted | undefined,
  ratios: Float64Array[] | undefined,
  maxIterations = params.gridMaxIterations,
): Fitted {
  const problems = classes === 2 ? 1 : classes;
  const result: Fitted = { problems: [] };
  for (let k = 0; k < problems; k++) {
    const positive = classes === 2 ? 1 : k;
    const r =
      ratios?.[k] ??
      logCountRatios(matrix, (row) => labels[row] === positive, columnGroups, groups, params.alpha);
    const binary = Int32Array.from(labels, (label) => (label === positive ? 1 : 0));
    const model = trainLogisticRegression(matrix, binary, 2, {
      C,
      solver: 'dual-cd',
      columnScale: r,
      tolerance: params.tolerance,
      maxIterations,
      initial: warm?.problems[k].model,
    });
    result.problems.push({ ratios: r, model });
  }
  return result;
}

/**
 * A grid fit's dual variables carried over to other rows (for the refit's warm start): rows of
 * `to` that were in `from` keep theirs, the others start near zero as in a cold start.
 */
function onRows(fitted: Fitted, from: readonly number[], to: readonly number[]): Fitted {
  const position = new Map<number, number>();
  from.forEach((row, i) => position.set(row, i));
  return {
    problems: fitted.problems.map(({ ratios, model }) => {
      if (!model.dual) return { ratios, model };
      const alpha = model.dual.alpha[0];
      const moved = Float64Array.from(to, (row) => {
        const at = position.get(row);
        return at === undefined ? 0 : alpha[at];
      });
      return { ratios, model: { ...model, dual: { alpha: [moved], C: model.dual.C } } };
    }),
  };
}

function predictRows(fitted: Fitted, matrix: CsrMatrix, classes: number): Int32Array {
  const predicted = new Int32Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) {
    const start = matrix.indptr[i];
    const end = matrix.indptr[i + 1];
    const columns = matrix.indices.subarray(start, end);
    const decisions = fitted.problems.map(({ ratios, model }) => {
      const values = Float64Array.from(
        columns,
        (column, k) => matrix.values[start + k] * ratios[column],
      );
      return decisionValues(model, columns, values)[0];
    });
    const p = probabilitiesFromDecisions(classes, decisions);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    predicted[i] = best;
  }
  return predicted;
}

/**
 * NBSVM-LR: binary n-gram features scaled by NB log-count ratios, then L2 logistic regression
 * (Wang & Manning 2012, with logistic loss as in Mesnil et al. 2014); one-vs-rest for more than
 * two labels, each problem with its own ratios. The feature set and C are chosen by the
 * validation score, then the model is refitted on `plan.refit`.
 */
export function trainNbsvm(
  texts: readonly string[],
  labelNames: readonly string[],
  plan: RowPlan,
  params: NbsvmParams,
  progress: TrainProgress = () => {},
): TrainedNbsvm {
  const labels = [...new Set(labelNames)].sort();
  const classes = labels.length;
  if (classes < 2)
    throw new Error(
      `the training data has one label only (${labels[0]}): a classifier needs two or more`,
    );
  const labelIndex = new Map(labels.map((label, k) => [label, k]));
  const y = Int32Array.from(labelNames, (label) => labelIndex.get(label) as number);
  const widest: FeatureConfig = {
    wordNgramMax: Math.max(...params.candidates.map((c) => c.wordNgramMax)),
    charNgrams: params.candidates.reduce<readonly [number, number] | null>(
      (range, c) =>
        c.charNgrams
          ? [
              Math.min(range?.[0] ?? 99, c.charNgrams[0]),
              Math.max(range?.[1] ?? 0, c.charNgrams[1]),
            ]
          : range,
      null,
    ),
    negation: params.negation,
    hashBits: params.hashBits,
  };
  const { matrix, columnGroups, columnBuckets } = buildMatrix(
    texts,
    widest,
    params.minDf,
    progress,
  );
  const selectionMetric = classes === 2 ? 'accuracy' : 'macro_f1';
  const grid: GridResult[] = [];
  const cGrid = [...params.cGrid].sort((a, b) => a - b);

  let chosen: GridResult;
  // The best grid fit starts the final fit (its ratios are recomputed on the refit rows).
  let bestFit: Fitted | undefined;
  if (plan.validation.length > 0 && params.candidates.length + cGrid.length > 2) {
    const trainMatrix = selectRows(matrix, plan.train);
    const trainLabels = Int32Array.from(plan.train, (row) => y[row]);
    const validMatrix = selectRows(matrix, plan.validation);
    const validLabels = Int32Array.from(plan.validation, (row) => y[row]);
    // Two stages, so the grid costs |candidates| + |C| - 1 fits rather than their product: the
    // feature sets at the middle C, then every C (ascending, warm-started) for the best of them.
    const middle = cGrid[Math.floor((cGrid.length - 1) / 2)];
    const total = params.candidates.length + cGrid.length - 1;
    const fits = new Map<FeatureCandidate, Fitted>();
    let bestFitAt = -1;
    const score = (fitted: Fitted) => {
      const report = classificationReport(
        validLabels,
        predictRows(fitted, validMatrix, classes),
        classes,
      );
      return selectionMetric === 'accuracy' ? report.accuracy : report.macroF1;
    };
    for (const candidate of params.candidates) {
      progress('Choosing n-grams and C on the validation data', grid.length, total);
      const fitted = fit(
        trainMatrix,
        trainLabels,
        classes,
        groupsOf(candidate),
        middle,
        columnGroups,
        params,
        undefined,
        undefined,
      );
      fits.set(candidate, fitted);
      grid.push({ ...candidate, C: middle, score: score(fitted) });
      if (grid[grid.length - 1].score > (grid[bestFitAt]?.score ?? -1)) {
        bestFitAt = grid.length - 1;
        bestFit = fitted;
      }
    }
    const best = grid.reduce((a, b) => (b.score > a.score ? b : a));
    const bestCandidate = params.candidates.find(
      (c) => c.wordNgramMax === best.wordNgramMax && c.charNgrams === best.charNgrams,
    ) as FeatureCandidate;
    let warm = fits.get(bestCandidate);
    for (const C of cGrid) {
      if (C === middle) continue;
      progress('Choosing n-grams and C on the validation data', grid.length, total);
      const fitted = fit(
        trainMatrix,
        trainLabels,
        classes,
        groupsOf(bestCandidate),
        C,
        columnGroups,
        params,
        warm,
        warm?.problems.map((p) => p.ratios),
      );
      warm = fitted;
      grid.push({ ...bestCandidate, C, score: score(fitted) });
      if (grid[grid.length - 1].score > grid[bestFitAt].score) {
        bestFitAt = grid.length - 1;
        bestFit = fitted;
      }
    }
    progress('Choosing n-grams and C on the validation data', total, total);
    chosen = grid[bestFitAt];
  } else {
    chosen = {
      ...params.candidates[params.candidates.length - 1],
      C: cGrid[Math.floor(cGrid.length / 2)],
      score: NaN,
    };
  }

  progress('Fitting the chosen model on all training data');
  const refitMatrix = plan.refit.length === matrix.rows ? matrix : selectRows(matrix, plan.refit);
  const refitLabels =
    plan.refit.length === matrix.rows ? y : Int32Array.from(plan.refit, (row) => y[row]);
  const final = fit(
    refitMatrix,
    refitLabels,
    classes,
    groupsOf(chosen),
    chosen.C,
    columnGroups,
    params,
    bestFit && onRows(bestFit, plan.train, plan.refit),
    undefined,
    params.maxIterations,
  );

  // Fold the ratios into the weights and keep the columns that matter.
  const kept: number[] = [];
  for (let j = 0; j < matrix.cols; j++)
    if (final.problems.some(({ ratios, model }) => ratios[j] * model.weights[0][j] !== 0))
      kept.push(j);
  kept.sort((a, b) => columnBuckets[a] - columnBuckets[b]);
  const buckets = Uint32Array.from(kept, (j) => columnBuckets[j]);
  const weights = final.problems.map(({ ratios, model }) =>
    Float32Array.from(kept, (j) => ratios[j] * model.weights[0][j]),
  );
  const features: FeatureConfig = {
    wordNgramMax: chosen.wordNgramMax,
    charNgrams: chosen.charNgrams,
    negation: params.negation,
    hashBits: params.hashBits,
  };
  const model = new SentimentModel(
    labels,
    features,
    buckets,
    weights,
    final.problems.map(({ model: m }) => m.intercepts[0]),
    {
      C: chosen.C,
      word_ngram_range: [1, chosen.wordNgramMax],
      char_ngram_range: chosen.charNgrams,
      min_df: params.minDf,
      nb_alpha: params.alpha,
    },
  );
  return { model, grid, chosen, selectionMetric, columns: matrix.cols };
}
