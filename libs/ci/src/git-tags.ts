import { runCommand, type RunCommand } from './affected';
import { CiError } from './errors';

/** The repository's tags (`git tag --list`); a clone needs them fetched (`fetch-depth: 0` does). */
export async function gitTags(root: string, run: RunCommand = runCommand): Promise<string[]> {
  try {
    return (await run('git', ['tag', '--list'], root)).split('\n').filter(Boolean);
  } catch (error) {
    throw new CiError(`Could not list the git tags of ${root}: is it a git repository?`, 1, {
      cause: error,
    });
  }
}
