export { sha256File } from './digest';
export { readGitInfo, type GitInfo } from './git-info';
export { findWorkspaceRoot, meshHome } from './mesh-home';
export { RunFolder } from './run-folder';
export {
  EXIT,
  runComponent,
  type ComponentDefinition,
  type RunComponentOptions,
  type RunContext,
  type RunSummary,
} from './run-component';
export { pipelineSettingsSpec } from './pipeline-settings';
export { appendStepSummary, registeredSummary } from './step-summary';
export * from './steps';
