/** The message for a containerised start, which this version of mesh cannot do yet. */
export const CONTAINERS_NOT_AVAILABLE =
  'Running components in containers is not available yet. Run in-process instead: ' +
  'make projects.start/<project> COMPONENT=<component> WITHOUT_DOCKER=true (or mesh start <project> --without-docker).';

/** Whether the in-process path was asked for, by flag or by `WITHOUT_DOCKER=true`. */
export function wantsWithoutDocker(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return flag === true || env.WITHOUT_DOCKER === 'true';
}
