/** Whether the in-process path was asked for, by flag or by `WITHOUT_DOCKER=true`. */
export function wantsWithoutDocker(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return flag === true || env.WITHOUT_DOCKER === 'true';
}
