import { jobsSettingsSpec, type JobsSettings } from '@mesh/jobs';
import { loadSettings } from '@mesh/settings';

/** The jobs settings from `env` alone, as the service resolves them. */
export function jobsSettings(env: Record<string, string> = {}): JobsSettings {
  return loadSettings(jobsSettingsSpec, { env, configDir: null }).values as JobsSettings;
}
