import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findCompose, type ComposeCommand } from '@mesh/docker';
import { MeshError } from '../../errors';

/** A project's compose file and compose project, found without looking for compose itself. */
export interface ProjectComposeFile {
  /** The project's compose file, relative to the workspace root. */
  file: string;
  /** `mesh-<project>`: the same for every call, so `mesh stop` finds what `mesh start` ran. */
  projectName: string;
}

/** How to call compose for one project: the command found, its file and its compose project. */
export interface ProjectCompose extends ProjectComposeFile {
  compose: ComposeCommand;
}

/** The project's `docker-compose.<flavour>.yaml`, or says how to make it. Default flavour: `dev`. */
export function projectComposeFile(
  root: string,
  project: string,
  flavour: 'dev' | 'ci' = 'dev',
): ProjectComposeFile {
  const file = join('projects', project, `docker-compose.${flavour}.yaml`);
  if (!existsSync(join(root, file)))
    throw new MeshError(
      `${file} does not exist: run \`npx mesh compose generate\` (and commit it).`,
    );
  return { file, projectName: `mesh-${project}` };
}

/**
 * Finds compose and the project's `docker-compose.<flavour>.yaml`, or says how to get either.
 * Default flavour: `dev`.
 */
export async function projectCompose(
  root: string,
  project: string,
  flavour: 'dev' | 'ci' = 'dev',
): Promise<ProjectCompose> {
  const compose = await findCompose();
  if (!compose)
    throw new MeshError(
      'Neither `docker compose` nor `docker-compose` is installed: `sudo apt-get install docker-compose`, or run with WITHOUT_DOCKER=true.',
    );
  return { compose, ...projectComposeFile(root, project, flavour) };
}

/** `docker-compose -f … ` as a user would type it, for progress messages. */
export function describeCompose({ compose, file }: ProjectCompose): string {
  return [compose.file, ...compose.args, '-f', file].join(' ');
}
