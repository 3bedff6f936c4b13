export { connect, type RegistryConnection } from './database/connect';
export { DownloadStaging } from './download-staging';
export { appliedMigrations, migrateToLatest } from './database/migrations';
export { RegistryError, RegistryNotFoundError, UnknownVersionError } from './errors';
export { CI_VARIABLES, ciContext, collectLineage, imageContext, type Lineage } from './lineage';
export { parseVersionRef, trainedModelName, versionId, type VersionRef } from './model-names';
export { openArtifactStore, openRegistry, type OpenRegistryOptions } from './open-registry';
export {
  Registry,
  type AddEvaluationInput,
  type AliasEvent,
  type EvaluationRecord,
  type ArtifactRecord,
  type GcOptions,
  type GcReport,
  type RegisterVersionInput,
  type RegistrationProgress,
  type RegistrationResult,
  type RegistryOptions,
  type VersionDiff,
  type VersionRecord,
  type VersionSummary,
} from './registry';
export {
  REGISTRY_VARIABLES,
  registrySettingsSpec,
  type RegistrySettings,
} from './registry-settings';
export {
  ACCEPTED_REGISTRY_URLS,
  describeLocation,
  parseRegistryUrl,
  type RegistryLocation,
} from './registry-url';
export type { BlobProblem, FsckOptions, FsckReport } from './check-artifacts';
// Owner locks, for the staging folders of the packages that register (runs): the same kind of
// lock the store's temporary files carry.
export { ownerIsGone, readOwnerLock, removeOwnerLock, writeOwnerLock } from '@mesh/model-store';
export { fileApiSettingsSpec, type FileApiSettings } from './file-api-settings';
export {
  fileApiStoreUri,
  openFileApi,
  openFileStore,
  type FileStoreOptions,
  type OpenFileApiOptions,
} from './open-file-api';
