export {
  defaultEnvironment,
  loadSettings,
  parseSettings,
  type ResolveSettingsOptions,
  type Settings,
  type SettingsResult,
  type SettingsSpec,
} from './load-settings';
export { readDotenvFile, type DotenvFile } from './dotenv-file';
export { isSecretName, redactRecord, redactUrlCredentials, redactValue, REDACTED } from './redact';
export { formatProblem, SettingsError, type SettingsProblem } from './settings-error';
export { describeSource, type SettingSource } from './source';
export {
  bool,
  describeExpected,
  email,
  EnvError,
  host,
  int,
  intRange,
  isSecretSpec,
  json,
  list,
  makeValidator,
  num,
  port,
  secret,
  str,
  url,
  type IntOptions,
  type IntRange,
} from './validators';
export { listOf, numberIn, type NumberBounds } from './range-validators';
export { findEnvironmentTypos, type EnvironmentTypo } from './environment-typos';
export { closestName } from './closest-name';
