import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { listComponents } from '@mesh/workspace';

// `mesh task <project> predict` and `make projects.run/<project> TASK=predict` run the component's
// `predict` script: @mesh/inference's mesh-predict over the predictor its `mesh.predict` names.
// `mesh new` writes all of it; this keeps every shipped component in step.

const root = join(__dirname, '..', '..', '..', '..');
const components = listComponents(root);

describe('the predict task', () => {
  it('finds the components', () => {
    expect(components.map((component) => component.name)).toContain('keywords-train');
  });

  it.each(components.map((component) => [component.path, component] as const))(
    '%s declares the predict task, its predictor and @mesh/inference',
    (_path, component) => {
      const manifest = JSON.parse(readFileSync(join(component.root, 'package.json'), 'utf8'));
      const problems: string[] = [];

      const script: unknown = manifest.scripts?.predict;
      const match = typeof script === 'string' ? /^node (\S+mesh-predict\.js)$/.exec(script) : null;
      if (!match)
        problems.push(
          `scripts.predict is ${JSON.stringify(script)}, not node <...>/mesh-predict.js`,
        );
      else if (
        resolve(component.root, match[1]) !== join(root, 'libs/inference/bin/mesh-predict.js')
      )
        problems.push(
          `scripts.predict runs ${match[1]}, which is not libs/inference/bin/mesh-predict.js`,
        );

      const predictor: unknown = manifest.mesh?.predict;
      if (typeof predictor !== 'string' || !/^dist\/.+\.js$/.test(predictor))
        problems.push(`mesh.predict is ${JSON.stringify(predictor)}, not dist/<module>.js`);
      else if (
        !existsSync(
          join(component.root, predictor.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')),
        )
      )
        problems.push(`mesh.predict names ${predictor}, but its source is missing`);

      if (manifest.dependencies?.['@mesh/inference'] === undefined)
        problems.push(
          '@mesh/inference missing from dependencies (the production image omits devDependencies)',
        );
      const tsconfig = ts.parseConfigFileTextToJson(
        'tsconfig.json',
        readFileSync(join(component.root, 'tsconfig.json'), 'utf8'),
      ).config as { references?: Array<{ path: string }> };
      const references = (tsconfig.references ?? []).map((reference) =>
        resolve(component.root, reference.path),
      );
      if (!references.includes(join(root, 'libs/inference')))
        problems.push(
          'libs/inference missing from tsconfig.json references (built before the image runs it)',
        );

      expect(problems).toEqual([]);
    },
  );
});
