import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ComponentPredictorModule } from '@mesh/pipeline';
import { readComponentDeclaration, type ComponentRef } from '@mesh/workspace';
import { InferenceError } from './errors';

/**
 * Loads the module a component names as `mesh.predict` in its package.json and checks that it
 * exports `loadPredictor` and `evaluate`. Every failure says how to fix it.
 */
export function loadPredictorModule(
  component: Pick<ComponentRef, 'root' | 'project' | 'component'>,
  workspaceRoot?: string,
): ComponentPredictorModule {
  const declaration = readComponentDeclaration(component, workspaceRoot);
  const manifest = workspaceRoot
    ? relative(workspaceRoot, join(component.root, 'package.json'))
    : join(component.root, 'package.json');
  if (!declaration.predict) {
    throw new InferenceError(
      `${component.project}/${component.component} has no predictor: ${manifest} declares no "mesh.predict". Add "mesh": { "predict": "dist/predict.js" } and export loadPredictor and evaluate from src/predict.ts (npx mesh new writes an example).`,
    );
  }
  const path = join(component.root, declaration.predict);
  if (!existsSync(path)) {
    throw new InferenceError(
      `${relative(workspaceRoot ?? component.root, path) || path} (mesh.predict of ${manifest}) does not exist: build the component first (make projects.build/${component.project} COMPONENT=${component.component} WITHOUT_DOCKER=true).`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(path) as Partial<ComponentPredictorModule>;
  const missing = (['loadPredictor', 'evaluate'] as const).filter(
    (name) => typeof loaded[name] !== 'function',
  );
  if (missing.length > 0) {
    throw new InferenceError(
      `${declaration.predict} (mesh.predict of ${manifest}) does not export ${missing.join(' and ')}: see ComponentPredictorModule in @mesh/pipeline.`,
    );
  }
  return loaded as ComponentPredictorModule;
}
