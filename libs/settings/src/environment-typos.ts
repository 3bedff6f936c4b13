import { closestName } from './closest-name';

/** A variable of the environment that looks like a misspelt setting. */
export interface EnvironmentTypo {
  /** The variable as set, e.g. `MIN_F1S`. */
  name: string;
  /** The setting it probably means, e.g. `MIN_F1`. */
  suggestion: string;
}

/**
 * Variables of `env` that are not settings but look like one of `names`: within a small edit
 * distance and sharing the first `_`-separated word (so `MIN_F1S` is flagged for `MIN_F1`, while
 * `PATH` or `HOME` never are). The environment holds much more than settings, so these are
 * warnings, never errors.
 */
export function findEnvironmentTypos(
  env: Record<string, string | undefined>,
  names: readonly string[],
): EnvironmentTypo[] {
  const known = new Set(names);
  const typos: EnvironmentTypo[] = [];
  for (const name of Object.keys(env).sort()) {
    if (known.has(name) || SYSTEM.has(name) || name.length < 4 || !/^[A-Z][A-Z0-9_]*$/.test(name))
      continue;
    const candidates = names.filter((candidate) => sameStem(name, candidate));
    const suggestion = closestName(name, candidates);
    if (suggestion) typos.push({ name, suggestion });
  }
  return typos;
}

// Variables every shell or locale sets, which may be one letter away from a setting's name.
const SYSTEM = new Set([
  'LANG',
  'LANGUAGE',
  'LOGNAME',
  'OLDPWD',
  'SHELL',
  'TERM',
  'TMPDIR',
  'USER',
]);

/** Same first `_`-separated word, or, for one-word names, the same first four letters. */
function sameStem(name: string, candidate: string): boolean {
  const [first] = name.split('_');
  const [candidateFirst] = candidate.split('_');
  if (name.includes('_') || candidate.includes('_')) return first === candidateFirst;
  return name.slice(0, 4) === candidate.slice(0, 4);
}
