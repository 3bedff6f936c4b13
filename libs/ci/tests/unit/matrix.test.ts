import { affectedProjects, planCiMatrix, readWorkspacePackages } from '@mesh/ci';
import {
  fixtureComponent as component,
  fixtureLibrary as library,
  fixtureWorkspace,
  removeTempTrees,
} from '@mesh/testing';

afterAll(removeTempTrees);

/**
 * A workspace where `settings` is used by `data`, which both components use, and `store` only by
 * ner: a change to settings affects everything, a change to keywords only keywords.
 */
function workspace() {
  return fixtureWorkspace({
    ...library('settings'),
    ...library('data', ['settings'], ['unit', 'integration']),
    ...library('store', [], ['unit']),
    ...library('testing', [], []),
    ...component('keywords', 'train', ['data', 'settings'], {
      suites: ['unit', 'integration', 'functional'],
    }),
    ...component('ner', 'train', ['data', 'store'], {
      suites: ['unit'],
      mesh: { gpu: 1, 'instance-type': 'g5.xlarge' },
    }),
  });
}

/** What `mesh ci matrix --affected --base <base> --head <head>` plans in the workspace. */
async function affectedMatrix(root: string, base: string, head: string) {
  return planCiMatrix(readWorkspacePackages(root), await affectedProjects(root, { base, head }));
}

describe('the affected matrix, on fixture workspaces in real git repositories', () => {
  it('plans a changed library for every component that depends on it, directly or not', async () => {
    const fixture = workspace();
    const base = fixture.commit({ 'libs/settings/src/index.ts': 'export const settings = 1;\n' });
    const head = fixture.commit({ 'libs/settings/src/index.ts': 'export const settings = 2;\n' });
    const matrix = await affectedMatrix(fixture.root, base, head);
    expect(matrix.components.map((job) => job.name)).toEqual(['keywords-train', 'ner-train']);
    expect(matrix.libraries.map((job) => job.name)).toEqual(['data', 'settings']);
    expect(matrix.train.map((job) => job.name)).toEqual(['keywords-train', 'ner-train']);
  }, 60_000);

  it('plans a changed component alone, with its suites and its declared runner', async () => {
    const fixture = workspace();
    const base = fixture.commit({});
    const head = fixture.commit({
      'projects/ner/train/src/main.ts': 'export const changed = 1;\n',
    });
    const matrix = await affectedMatrix(fixture.root, base, head);
    expect(matrix).toEqual({
      components: [
        {
          name: 'ner-train',
          project: 'ner',
          component: 'train',
          path: 'projects/ner/train',
          unit: true,
          integration: false,
          functional: false,
        },
      ],
      libraries: [],
      train: [
        {
          name: 'ner-train',
          project: 'ner',
          component: 'train',
          runner: 'self-hosted',
          'instance-type': 'g5.xlarge',
          gpu: 1,
        },
      ],
    });
  }, 60_000);

  it('plans a library used by one component for that component only', async () => {
    const fixture = workspace();
    const base = fixture.commit({});
    const head = fixture.commit({ 'libs/store/src/index.ts': 'export const store = 2;\n' });
    const matrix = await affectedMatrix(fixture.root, base, head);
    expect(matrix.components.map((job) => job.name)).toEqual(['ner-train']);
    expect(matrix.libraries.map((job) => job.name)).toEqual(['store']);
  }, 60_000);

  it('says how to fix a base commit that is not in the history', async () => {
    const fixture = workspace();
    await expect(
      affectedProjects(fixture.root, { base: '0123456789abcdef0123456789abcdef01234567' }),
    ).rejects.toThrow(/fetch-depth: 0/);
  }, 60_000);
});

describe('planCiMatrix', () => {
  const fixture = workspace();
  const packages = readWorkspacePackages(fixture.root);

  it('plans everything for "all", leaving out libraries without a suite', () => {
    const matrix = planCiMatrix(packages, 'all');
    expect(matrix.components.map((job) => job.name)).toEqual(['keywords-train', 'ner-train']);
    expect(matrix.libraries.map((job) => job.name)).toEqual(['data', 'settings', 'store']);
    expect(matrix.libraries[0]).toMatchObject({ unit: true, integration: true, functional: false });
  });

  it('sizes each train pipeline from the component declaration: hosted by default', () => {
    const [keywords, ner] = planCiMatrix(packages, 'all').train;
    expect(keywords).toMatchObject({ runner: 'hosted', 'instance-type': '', gpu: 0 });
    expect(ner).toMatchObject({ runner: 'self-hosted', 'instance-type': 'g5.xlarge', gpu: 1 });
  });

  it('ignores affected names that are neither a component nor a library', () => {
    const matrix = planCiMatrix(packages, ['nx-tooling', 'ner-train']);
    expect(matrix.components.map((job) => job.name)).toEqual(['ner-train']);
    expect(matrix.libraries).toEqual([]);
  });
});
