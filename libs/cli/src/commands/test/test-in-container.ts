import { connectDocker, runComposeService } from '@mesh/docker';
import type { Output } from '@mesh/output';
import type { ComponentRef, Suite } from '../../workspace';
import { projectCompose, describeCompose } from '../compose/project-compose';
import { ensureBaseImages } from '../docker/base-images';
import { buildComponentImage } from '../docker/component-image';

/**
 * A suite inside the component's development image, through the project's compose file
 * (`<component>-<suite>` service, with the infrastructure services it depends on): builds the
 * image, runs the service, removes what it started, and returns the suite's own exit code.
 */
export async function testInContainer(
  root: string,
  component: ComponentRef,
  suite: Suite,
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const docker = await connectDocker(env);
  const project = await projectCompose(root, component.project);
  // The functional suites run against the compose file's s3 and postgres services.
  if (suite === 'functional')
    await ensureBaseImages({ docker, root, output, env }, ['s3rver', 'postgres']);
  await buildComponentImage({ docker, root, component, output, env, stage: 'development' });
  output.info(
    `Running ${component.name} ${suite} tests in a container (${describeCompose(project)} run ${component.component}-${suite})`,
  );
  return runComposeService({
    compose: project.compose,
    files: [project.file],
    service: `${component.component}-${suite}`,
    profiles: [suite],
    // Its own compose project, so a suite's clean-up never touches a running `mesh start`.
    projectName: `${project.projectName}-${suite}`,
    down: true,
    cwd: root,
    env,
  });
}
