import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { connectDocker, findCompose, runComposeService } from '@mesh/docker';
import type { Output } from '@mesh/output';
import { MeshError } from '../../errors';
import type { ComponentRef, Suite } from '../../workspace';
import { buildComponentImage } from '../docker/component-image';

/**
 * A suite inside the component's development image, through the project's compose file
 * (`<component>-<suite>` service): builds the image, runs the service, and returns the suite's
 * own exit code.
 */
export async function testInContainer(
  root: string,
  component: ComponentRef,
  suite: Suite,
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const docker = await connectDocker(env);
  const compose = await findCompose();
  if (!compose)
    throw new MeshError(
      'Neither `docker compose` nor `docker-compose` is installed: `sudo apt-get install docker-compose`, or run with WITHOUT_DOCKER=true.',
    );
  const composeFile = join('projects', component.project, 'docker-compose.dev.yaml');
  if (!existsSync(join(root, composeFile))) {
    throw new MeshError(
      `${composeFile} does not exist: run \`npx mesh compose generate\` (and commit it).`,
    );
  }
  await buildComponentImage({ docker, root, component, output, env, stage: 'development' });
  output.info(
    `Running ${component.name} ${suite} tests in a container (${compose.file}${compose.args.length ? ` ${compose.args.join(' ')}` : ''})`,
  );
  return runComposeService({
    compose,
    files: [composeFile],
    service: `${component.component}-${suite}`,
    profiles: [suite],
    projectName: `mesh-${component.project}`,
    cwd: root,
    env,
  });
}
