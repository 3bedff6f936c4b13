import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { planServiceContainer } from '@mesh/docker';
import { parse } from 'yaml';
import { listComponents } from '../../src/workspace';

const root = join(__dirname, '..', '..', '..', '..');

// `mesh start` creates a component's run service through the Engine API only when the committed
// compose file's definition is one container; otherwise it pays compose's start-up every run.
describe("every component's run service in docker-compose.dev.yaml", () => {
  it.each(listComponents(root).map((ref) => [ref.name, ref] as const))(
    '%s is one container the Engine API can create',
    (_name, ref) => {
      const file = join(root, 'projects', ref.project, 'docker-compose.dev.yaml');
      const plan = planServiceContainer(parse(readFileSync(file, 'utf8')), {
        service: ref.component,
        projectDir: dirname(file),
        projectName: `mesh-${ref.project}`,
        env: { MESH_HOME: '/tmp/mesh-home', MESH_UID: '1234', MESH_GID: '1234' },
      });
      expect(plan).toHaveProperty('container');
      if (!('container' in plan)) return;
      expect(plan.container.image).toBe(`${ref.name}:dev`);
      expect(plan.container.user).toBe('1234:1234');
      expect(plan.container.binds).toContain('/tmp/mesh-home:/var/lib/mesh');
      expect(plan.container.labels).toMatchObject({
        'dev.mesh.project': ref.project,
        'dev.mesh.component': ref.component,
      });
    },
  );
});

// `make projects.start/cbng REVIEW_API_URL=...` in a container: the variables cbng declares in
// `mesh.env` reach the container the Engine API creates, from the committed compose file.
it("passes cbng's declared variables to its run container, and leaves unset ones unset", () => {
  const file = join(root, 'projects', 'cbng', 'docker-compose.dev.yaml');
  const plan = planServiceContainer(parse(readFileSync(file, 'utf8')), {
    service: 'train',
    projectDir: dirname(file),
    projectName: 'mesh-cbng',
    env: {
      MESH_HOME: '/tmp/mesh-home',
      REVIEW_API_URL: 'http://127.0.0.1:8090',
      RUN_CONCURRENCY: '3',
      PRINT_ONLY: 'true',
      NOT_DECLARED: 'x',
    },
  });
  if (!('container' in plan)) throw new Error(`needs compose: ${plan.needsCompose}`);
  expect(plan.container.env).toMatchObject({
    REVIEW_API_URL: 'http://127.0.0.1:8090',
    RUN_CONCURRENCY: '3',
    PRINT_ONLY: 'true',
  });
  expect(plan.container.env).not.toHaveProperty('NOT_DECLARED');
  expect(plan.container.env).not.toHaveProperty('SAMPLE_REVIEW_API_PORT');
});
