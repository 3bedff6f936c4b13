import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pipelineSettingsSpec } from '@mesh/pipeline';
import { REGISTRY_VARIABLES, registrySettingsSpec } from '@mesh/registry';
import {
  closestName,
  isSecretName,
  parseSettings,
  SettingsError,
  type SettingsProblem,
  type SettingsSpec,
} from '@mesh/settings';
import type { ComponentRef } from '@mesh/workspace';

/**
 * The settings spec a built component exports from `dist/settings.js` (`settingsSpec`), or
 * undefined when it is not built or exports none.
 */
export function loadComponentSettingsSpec(component: ComponentRef): SettingsSpec | undefined {
  const file = join(component.root, 'dist', 'settings.js');
  if (!existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(file) as { settingsSpec?: SettingsSpec };
  return module.settingsSpec;
}

/**
 * Checks `--set` values against the component's settings before anything is submitted: every
 * name must be a setting (or a registry or AWS variable, or a secret passed through), every value
 * valid. All problems at once, as a {@link SettingsError} (exit 2). Components that export no
 * spec are not checked.
 */
export function checkSets(component: ComponentRef, sets: Record<string, string>): void {
  const own = loadComponentSettingsSpec(component);
  if (!own || Object.keys(sets).length === 0) return;
  const spec = { ...own, ...registrySettingsSpec, ...pipelineSettingsSpec };
  const names = Object.keys(spec);
  const problems: SettingsProblem[] = [];
  for (const name of Object.keys(sets)) {
    if (name in spec || REGISTRY_VARIABLES.includes(name) || isSecretName(name)) continue;
    const suggestion = closestName(name, names);
    problems.push({
      name,
      message: `is not a setting of ${component.name} (--set)`,
      expected: suggestion
        ? `did you mean ${suggestion}?`
        : `one of ${Object.keys(own).join(', ')}`,
    });
  }
  const given = Object.fromEntries(Object.entries(sets).filter(([name]) => name in spec));
  const result = parseSettings(spec, { env: given, configDir: null, cwd: component.root });
  if (!result.ok)
    problems.push(...result.problems.filter((problem) => problem.name && problem.name in given));
  if (problems.length > 0) throw new SettingsError(problems, `${component.name} --set`);
}
