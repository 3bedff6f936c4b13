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
