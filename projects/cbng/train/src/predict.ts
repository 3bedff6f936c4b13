import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/** How deep below a version's root {@link modelFolder} looks: a target name may hold `/`s. */
const MAX_RUN_DEPTH = 16;

/**
 * The folder holding `artifacts/` in a version: the version's root, or the one
 * `<target>/<instance>/` folder below it (the run layout). A target name with `/` in it (e.g.
 * `Original Testing Training Set - Random Edits 50/50`) makes `<target>` several folders deep.
 */
export function modelFolder(modelDir: string): string {
  const found: string[] = [];
  let level = [modelDir];
  for (let depth = 0; depth <= MAX_RUN_DEPTH && level.length > 0 && found.length === 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      if (existsSync(join(folder, 'artifacts', 'ann.json'))) {
        found.push(folder);
        continue;
      }
      for (const entry of readdirSync(folder, { withFileTypes: true }))
        if (entry.isDirectory() && !SKIPPED.has(entry.name)) next.push(join(folder, entry.name));
    }
    level = next;
  }
  if (found.length === 1) return found[0];
  if (found.length > 1)
    throw new Error(
      `${modelDir}: several runs hold artifacts/ann.json (${found.map((folder) => relative(modelDir, folder)).join(', ')}); give the version of one run`,
    );
  throw new Error(`${modelDir}: no artifacts/ann.json (is this a cbng-train version?)`);
}

/** Folders of a version that never hold a run. */
const SKIPPED = new Set(['artifacts', 'edit-sets', 'logs', 'trial', 'test-files']);

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
