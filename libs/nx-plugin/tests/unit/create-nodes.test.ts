import { tempTree } from '@mesh/testing';
import { createNodes } from '../../src/index';
import { inferTargets } from '../../src/infer-targets';
import { classifyPackage, suitesOf } from '../../src/workspace-layout';

const manifest = (name: string, nxName?: string) =>
  JSON.stringify({ name, ...(nxName ? { nx: { name: nxName } } : {}) });

describe('classifyPackage', () => {
  it('names components after their project and component folders', () => {
    expect(classifyPackage('projects/keywords/train')).toEqual({
      kind: 'component',
      name: 'keywords-train',
      project: 'keywords',
      component: 'train',
    });
    expect(classifyPackage('libs/settings')).toEqual({ kind: 'library', name: 'settings' });
    expect(classifyPackage('projects/keywords')).toBeUndefined();
  });
});

describe('inferTargets', () => {
  const component = classifyPackage('projects/demo/train')!;
  const targets = inferTargets('projects/demo/train', component, ['unit', 'functional']);

  it('caches build and unit with inputs covering sources, tests, config and the lockfile', () => {
    expect(targets.build.cache).toBe(true);
    expect(targets.build.inputs).toEqual(['production', '^production', 'sharedGlobals']);
    expect(targets.unit.cache).toBe(true);
    expect(targets.unit.inputs).toEqual(['default', '^production', 'sharedGlobals']);
    expect(targets.unit.options.command).toContain('--roots projects/demo/train/tests/unit');
  });

  it('never caches suites that touch the outside world, nor start, image builds or pushes', () => {
    expect(targets.functional.cache).toBe(false);
    expect(targets.start.cache).toBe(false);
    expect(targets['docker-build'].cache).toBe(false);
    expect(targets.push.dependsOn).toEqual(['docker-build']);
    expect(targets.start.dependsOn).toEqual(['build', { projects: ['cli'], target: 'build' }]);
  });

  it('gives components a test target over the suites they have, and libraries none', () => {
    expect(targets.test.dependsOn).toEqual(['unit', 'functional']);
    expect(targets.integration).toBeUndefined();
    expect(inferTargets('libs/x', { kind: 'library', name: 'x' }, ['unit']).start).toBeUndefined();
  });
});

describe('createNodes', () => {
  const [glob, create] = createNodes;
  const context = (workspaceRoot: string) => ({ workspaceRoot, nxJsonConfiguration: {} });

  it('matches every package folder of the layout', () => {
    expect(glob).toBe('{libs/*,apps/*,projects/*/*}/package.json');
  });

  it('infers a project per component folder, with suites that hold tests', async () => {
    const root = tempTree({
      'projects/demo/train/package.json': manifest('@mesh/demo-train', 'demo-train'),
      'projects/demo/train/tests/unit/a.test.ts': '',
      'projects/demo/train/tests/integration/.gitkeep': '',
    });
    const results = await create(['projects/demo/train/package.json'], undefined, context(root));
    const project = results[0][1].projects?.['projects/demo/train'];
    expect(project?.name).toBe('demo-train');
    expect(Object.keys(project?.targets ?? {}).sort()).toEqual([
      'build',
      'docker-build',
      'push',
      'start',
      'test',
      'unit',
    ]);
    expect(suitesOf(root, 'projects/demo/train')).toEqual(['unit']);
  });

  it('infers an app like a library: build and the suites it has, run after the CLI is built', async () => {
    const root = tempTree({
      'apps/training-api/package.json': manifest('@mesh/training-api', 'training-api'),
      'apps/training-api/tests/unit/a.test.ts': '',
      'apps/training-api/tests/functional/page.test.ts': '',
    });
    const results = await create(['apps/training-api/package.json'], undefined, context(root));
    const project = results[0][1].projects?.['apps/training-api'];
    expect(project?.name).toBe('training-api');
    expect(project?.tags).toEqual(['type:app']);
    expect(Object.keys(project?.targets ?? {}).sort()).toEqual(['build', 'functional', 'unit']);
    expect(project?.targets?.functional.dependsOn).toEqual([
      'build',
      { projects: ['cli'], target: 'build' },
    ]);
  });

  it('says how to fix a package.json whose name disagrees with its folder', async () => {
    const root = tempTree({ 'projects/demo/train/package.json': manifest('@mesh/demo-train') });
    const failure = await Promise.resolve(
      create(['projects/demo/train/package.json'], undefined, context(root)),
    ).catch((error: { errors: Array<[string, Error]> }) => error.errors);
    expect(failure).toEqual([
      [
        'projects/demo/train/package.json',
        expect.objectContaining({
          message: expect.stringContaining(
            'Add "nx": { "name": "demo-train" } to projects/demo/train/package.json',
          ),
        }),
      ],
    ]);
  });
});
