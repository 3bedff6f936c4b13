import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { toWPEdit } from './edit-set/to-wp-edit';
import type { XmlTree } from './edit-set/wp-edit';
import { CbngModel } from './model/cbng-model';
import { scoreEditSet } from './steps';
import { trialMetrics } from './trial/trial-report';
import type { EvaluateOptions, Predictor } from '@mesh/pipeline';
export type { EvaluateOptions, Predictor } from '@mesh/pipeline';

/** The threshold an edit is called vandalism at, when a version does not say. */
export const DEFAULT_THRESHOLD = 0.85;

/**
 * The folder holding `artifacts/` in a version: the version's root, or the one
 * `<target>/<instance>/` folder below it (the run layout).
 */
export function modelFolder(modelDir: string): string {
  if (existsSync(join(modelDir, 'artifacts', 'ann.json'))) return modelDir;
  for (const target of readdirSync(modelDir, { withFileTypes: true })) {
    if (!target.isDirectory()) continue;
    for (const instance of readdirSync(join(modelDir, target.name), { withFileTypes: true })) {
      const candidate = join(modelDir, target.name, instance.name);
      if (instance.isDirectory() && existsSync(join(candidate, 'artifacts', 'ann.json')))
        return candidate;
    }
  }
  throw new Error(`${modelDir}: no artifacts/ann.json (is this a cbng-train version?)`);
}

/** Parses one `<WPEdit>` element given as XML text into the same tree the edit-set reader builds. */
export function parseEditXml(xml: string): XmlTree {
  const parser = new SaxesParser();
  const stack: { name: string; children?: XmlTree; text: string }[] = [];
  let root: XmlTree | undefined;
  let failure: Error | undefined;
  parser.on('error', (error) => (failure ??= error));
  parser.on('opentag', (tag) => stack.push({ name: tag.name, text: '' }));
  parser.on('text', (text) => {
    if (stack.length > 0) stack[stack.length - 1].text += text;
  });
  parser.on('closetag', () => {
    const element = stack.pop()!;
    const value = element.children ?? element.text;
    if (stack.length === 0) root = typeof value === 'object' ? value : {};
    else (stack[stack.length - 1].children ??= {})[element.name] = value;
  });
  parser.write(xml).close();
  if (failure) throw new Error(`edit XML: ${failure.message}`);
  return root ?? {};
}

/** Turns one input (the WPEdit object, `{ xml }` or `{ edit: ... }`) into a tree. */
function inputTree(input: Record<string, unknown>, index: number): XmlTree {
  const value = (input.edit ?? input.xml ?? input) as unknown;
  if (typeof value === 'string') return parseEditXml(value);
  if (typeof value === 'object' && value !== null)
    return stringify(value as Record<string, unknown>);
  throw new Error(`input ${index}: give the edit as a WPEdit object or its XML under "xml"`);
}

function stringify(value: Record<string, unknown>): XmlTree {
  const tree: XmlTree = {};
  for (const [name, field] of Object.entries(value)) {
    if (field === null || field === undefined) continue;
    tree[name] =
      typeof field === 'object' ? stringify(field as Record<string, unknown>) : String(field);
  }
  return tree;
}

/** Loads a version's model: `{score, isVandalism}` per edit. */
export async function loadPredictor(modelDir: string): Promise<Predictor> {
  const model = CbngModel.load(modelFolder(modelDir));
  return {
    async predict(inputs) {
      return inputs.map((input, index) => {
        let edit;
        try {
          edit = toWPEdit(inputTree(input, index), false);
        } catch (error) {
          throw new Error(`input ${index}: ${(error as Error).message}`, { cause: error });
        }
        const score = model.score(edit).score;
        return { score, isVandalism: score >= DEFAULT_THRESHOLD };
      });
    },
  };
}

/**
 * Scores the version on a labelled edit set (streamed, errors naming file and line) with the
 * trial report's metric code: the same figures the training run reported for the same set.
 */
export async function evaluate(
  modelDir: string,
  dataUri: string,
  options: EvaluateOptions,
): Promise<{ metrics: Record<string, number>; records: number; digest: string }> {
  const model = CbngModel.load(modelFolder(modelDir));
  const { records, digest } = await scoreEditSet(
    model,
    dataUri,
    (n) => options.onProgress?.(n),
    options.cwd,
  );
  const metrics = trialMetrics(records, {
    reportThreshold: DEFAULT_THRESHOLD,
    maxFalsePositiveRate: 0.0001,
    searchStep: 0.0001,
    tableStep: 0.0005,
  });
  return { metrics: { ...metrics }, records: records.length, digest };
}
