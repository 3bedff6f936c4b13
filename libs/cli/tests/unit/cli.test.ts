import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { tempTree } from '@mesh/testing';
import { componentDockerfile } from '../../src/commands/new/dockerfile-template';
import { PREDICT_TASK } from '../../src/commands/new/component-template';
import { parse } from 'yaml';
import { composeFile } from '../../src/commands/compose/compose-file';
import { expectedComposeFiles } from '../../src/commands/compose/generate';
import { main } from '../../src/main';

function workspace() {
  return tempTree({
    'nx.json': '{}',
    'projects/keywords/train/package.json': '{}',
    'projects/keywords/train/tests/unit/a.test.ts': '',
    'projects/ner/train/package.json': '{}',
  });
}

async function mesh(args: string[], cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = new Output({ stdout, stderr, env: { CI: 'true' } });
  const code = await main(['node', 'mesh', ...args], cwd, output);
  return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
}

describe('mesh', () => {
  it('lists the known projects when one is unknown, with exit code 2', async () => {
    const result = await mesh(['test', 'nope'], workspace());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Unknown project "nope". Known projects: keywords (--component train), ner (--component train).',
    );
  });

  it('names the components of a project when the component is unknown', async () => {
    const result = await mesh(['build', 'keywords', '--component', 'serve'], workspace());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Project "keywords" has no component "serve". Its components: train.',
    );
  });

  it('refuses a suite the component has no tests for', async () => {
    const result = await mesh(['test', 'keywords', '--suite', 'integration'], workspace());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('keywords-train has no integration tests');
    expect(result.stderr).toContain('Its suites: unit.');
  });

  it('rejects an unknown suite name as a usage error', async () => {
    const result = await mesh(['test', 'keywords', '--suite', 'smoke'], workspace());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "argument 'smoke' is invalid. Allowed choices are unit, integration, functional, all.",
    );
  });

  it('says in one line how to start Docker when a containerised start finds no engine', async () => {
    const previous = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
    try {
      const result = await mesh(['start', 'keywords'], workspace());
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^error: Docker Engine is not reachable at unix:\/\/\/nonexistent\/docker.sock .*sudo systemctl start docker/,
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      if (previous === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previous;
    }
  });

  it('lists components as JSON', async () => {
    const result = await mesh(['projects', '--json'], workspace());
    expect(JSON.parse(result.stdout)).toEqual([
      {
        name: 'keywords-train',
        project: 'keywords',
        component: 'train',
        path: 'projects/keywords/train',
        suites: ['unit'],
      },
      {
        name: 'ner-train',
        project: 'ner',
        component: 'train',
        path: 'projects/ner/train',
        suites: [],
      },
    ]);
  });

  it('scaffolds a component with settings, its three config files, three test folders and a unit test', async () => {
    const root = workspace();
    const result = await mesh(['new', 'demo', '--component', 'train', '--skip-install'], root);
    expect(result.code).toBe(0);
    const folder = join(root, 'projects/demo/train');
    for (const file of [
      'src/main.ts',
      'src/settings.ts',
      'src/predict.ts',
      'tests/unit/predict.test.ts',
      'config/dev.env',
      'config/ci.env',
      'config/prod.env',
      'tests/unit/settings.test.ts',
      'tests/integration',
      'tests/functional',
    ]) {
      expect(existsSync(join(folder, file))).toBe(true);
    }
    expect(existsSync(join(root, 'projects/demo/docker-compose.dev.yaml'))).toBe(true);
    expect(existsSync(join(root, 'projects/demo/docker-compose.ci.yaml'))).toBe(true);
    expect(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))).toMatchObject({
      name: '@mesh/demo-train',
      nx: { name: 'demo-train' },
      mesh: { predict: 'dist/predict.js' },
      scripts: { predict: PREDICT_TASK },
      dependencies: { '@mesh/inference': '*' },
    });
    expect(
      JSON.parse(readFileSync(join(folder, 'tsconfig.json'), 'utf8')).references,
    ).toContainEqual({ path: '../../../libs/inference' });
    expect((await mesh(['new', 'demo', '--skip-install'], root)).stderr).toContain(
      'projects/demo/train exists already',
    );
    expect((await mesh(['new', 'Bad_Name', '--skip-install'], root)).code).toBe(2);
  });

  it('reports an unreachable Docker Engine with how to start one, as JSON', async () => {
    const previous = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
    try {
      const result = await mesh(['doctor', '--json'], workspace());
      const docker = JSON.parse(result.stdout).find(
        (check: { name: string }) => check.name === 'Docker Engine',
      );
      expect(result.code).toBe(1);
      expect(docker.status).toBe('fail');
      expect(docker.detail).toContain('not reachable at unix:///nonexistent/docker.sock');
      expect(docker.fix).toContain('apt-get install docker.io');
    } finally {
      if (previous === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previous;
    }
  });
});

describe('the keywords predict task', () => {
  it('is the one mesh new writes, and its bin exists', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const keywords = join(root, 'projects', 'keywords', 'train');
    const manifest = JSON.parse(readFileSync(join(keywords, 'package.json'), 'utf8'));
    expect(manifest.scripts.predict).toBe(PREDICT_TASK);
    expect(existsSync(join(keywords, PREDICT_TASK.split(' ')[1]))).toBe(true);
  });
});

describe('component Dockerfiles', () => {
  it('every shipped component Dockerfile matches the generator, so they cannot drift apart', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    for (const project of readdirSync(join(root, 'projects'))) {
      for (const component of readdirSync(join(root, 'projects', project))) {
        const path = join(root, 'projects', project, component, 'Dockerfile');
        if (existsSync(path))
          expect(readFileSync(path, 'utf8')).toBe(componentDockerfile(project, component));
      }
    }
  });

  it("the builder's copy step succeeds when the last built folder has no bin/ (sentiment sorts last)", () => {
    // The shell loop of the builder stage, run as the image build runs it (`sh -c`), over a tree
    // whose last built package lacks some of the optional folders.
    const dockerfile = componentDockerfile('zeta', 'train');
    const run = dockerfile.slice(
      dockerfile.indexOf('for dir in'),
      dockerfile.indexOf('done\n\n') + 4,
    );
    const root = tempTree({
      'libs/a/package.json': '{}',
      'libs/a/dist/index.js': '',
      'libs/a/bin/a.js': '',
      'projects/zeta/train/package.json': '{}',
      'projects/zeta/train/dist/main.js': '',
      'projects/zeta/train/config/dev.env': '',
    });
    const app = join(root, 'app');
    const script = run.replace(/\\\n/g, '\n').replaceAll('/app', app);
    const result = spawnSync('sh', ['-c', `set -e; ${script}`], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(join(app, 'libs/a/bin/a.js'))).toBe(true);
    expect(existsSync(join(app, 'projects/zeta/train/config/dev.env'))).toBe(true);
    expect(existsSync(join(app, 'projects/zeta/train/bin'))).toBe(false);
  });
});

describe('compose files', () => {
  it('the committed docker-compose.dev.yaml and .ci.yaml are what `mesh compose generate` makes', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const expected = expectedComposeFiles(root);
    expect([...expected.keys()]).toContain('projects/keywords/docker-compose.dev.yaml');
    for (const [path, text] of expected) expect(readFileSync(join(root, path), 'utf8')).toBe(text);
  });

  it('has the seed services with profiles, and a GPU reservation only where a component asks', () => {
    const text = composeFile(
      'nulog',
      [{ project: 'nulog', component: 'train', gpus: 1, suites: ['unit', 'integration'] }],
      'ci',
    );
    const services = parse(text).services;
    expect(Object.keys(services)).toEqual([
      'train',
      'train-unit',
      'train-integration',
      'train-debug',
      's3',
      'postgres',
    ]);
    expect(services['train-unit'].profiles).toEqual(['unit']);
    expect(services['train-debug'].ports).toEqual(['127.0.0.1:${DEBUG_PORT:-9229}:9229']);
    expect(services.train.labels).toEqual({
      'dev.mesh.project': 'nulog',
      'dev.mesh.component': 'train',
    });
    expect(services.train.deploy.resources.reservations.devices).toEqual([
      { driver: 'nvidia', count: 1, capabilities: ['gpu'] },
    ]);
    expect(services.train.env_file).toEqual(['train/config/${DEPLOYMENT:-prod}.env']);
    expect(services.train.volumes).toBeUndefined();
    const cpu = parse(
      composeFile(
        'k',
        [{ project: 'k', component: 'train', gpus: 0, suites: ['functional'] }],
        'dev',
      ),
    ).services;
    expect(cpu.train.deploy).toBeUndefined();
    // The dev run reads config/<ENVIRONMENT>.env from the mounted folder, with no env_file
    // overriding it, and registers into MESH_HOME (the workspace's .mesh/ by default).
    expect(cpu.train.env_file).toBeUndefined();
    expect(cpu.train.environment).toEqual(
      expect.arrayContaining([
        'ENVIRONMENT=${ENVIRONMENT:-dev}',
        'REGISTRY_URL',
        'MESH_IMAGE_DIGEST',
      ]),
    );
    expect(cpu.train.volumes).toContain('${MESH_HOME:-../../.mesh}:/var/lib/mesh');
    expect(cpu.train.network_mode).toBe('host');
    // A functional suite gets the project's S3 server and PostgreSQL, named in its environment.
    expect(cpu['train-functional'].depends_on).toEqual(['s3', 'postgres']);
    expect(cpu['train-functional'].environment.MESH_TEST_REGISTRY_URL).toMatch(/@postgres:5432\//);
    expect(cpu.s3.profiles).toEqual(['functional']);
  });

  it("passes a component's declared variables (mesh.env) to its run and debugger, once", () => {
    for (const flavour of ['dev', 'ci'] as const) {
      const services = parse(
        composeFile(
          'cbng',
          [
            {
              project: 'cbng',
              component: 'train',
              gpus: 0,
              suites: ['unit'],
              env: ['REVIEW_API_URL', 'PRINT_ONLY', 'CI'],
            },
            { project: 'cbng', component: 'other', gpus: 0, suites: [] },
          ],
          flavour,
        ),
      ).services;
      for (const service of ['train', 'train-debug']) {
        expect(services[service].environment).toEqual(
          expect.arrayContaining(['REVIEW_API_URL', 'PRINT_ONLY', 'REGISTRY_URL']),
        );
        // CI is passed to every component already: not listed twice.
        expect(services[service].environment.filter((name: string) => name === 'CI')).toEqual([
          'CI',
        ]);
      }
      expect(services.other.environment).not.toContain('REVIEW_API_URL');
    }
  });
});
