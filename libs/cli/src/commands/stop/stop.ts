import { connectDocker } from '@mesh/docker';
import type { Output } from '@mesh/output';
import { listComponents, resolveComponent, workspaceRoot } from '../../workspace';

/** Options of `mesh stop`. */
export interface StopOptions {
  cwd: string;
  output: Output;
  project: string;
  /** Only this component's containers. Default: every component of the project. */
  component?: string;
  /** Seconds a container gets to exit after SIGTERM before it is killed. Default: 10. */
  timeoutSeconds?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh stop`: stops and removes the project's running containers (a training started with
 * `mesh start`, a debugger, a suite), found by the labels every compose service of the project
 * carries, and the project's compose networks.
 */
export async function stop(options: StopOptions): Promise<number> {
  const env = options.env ?? process.env;
  const root = workspaceRoot(options.cwd);
  // An unknown project or component is an error that lists the known ones.
  if (options.component) resolveComponent(root, options.project, options.component);
  else if (!listComponents(root).some((ref) => ref.project === options.project))
    resolveComponent(root, options.project, 'train');
  const docker = await connectDocker(env);
  const label = [`dev.mesh.project=${options.project}`];
  if (options.component) label.push(`dev.mesh.component=${options.component}`);
  const containers = await docker.listContainers({ all: true, filters: { label } });
  for (const info of containers) {
    const container = docker.getContainer(info.Id);
    const name = info.Names[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12);
    if (info.State === 'running') await container.stop({ t: options.timeoutSeconds ?? 10 });
    await container.remove({ force: true }).catch(() => undefined);
    options.output.success(`Stopped ${name}`);
  }
  const networks = await docker.listNetworks({
    filters: { label: [`com.docker.compose.project=mesh-${options.project}`] },
  });
  for (const network of networks)
    await docker
      .getNetwork(network.Id)
      .remove()
      .catch(() => undefined);
  if (containers.length === 0) options.output.info(`Nothing of ${options.project} is running.`);
  return 0;
}
