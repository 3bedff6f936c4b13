export { sha256File } from './digest';
export { readGitInfo, type GitInfo } from './git-info';
export { findWorkspaceRoot, meshHome, workspaceConfigDir } from './mesh-home';
export { RunFolder, sweepAbandonedRunFolders } from './run-folder';
export {
  EXIT,
  runComponent,
  RunInterruptedError,
  yieldToInterrupts,
  type ComponentDefinition,
  type RunComponentOptions,
  type RunContext,
  type RunSummary,
} from './run-component';
export { pipelineSettingsSpec } from './pipeline-settings';
export { appendStepSummary, registeredSummary } from './step-summary';
export { preflight, type PreflightInput } from './preflight';
export type {
  ComponentPredictorModule,
  EvaluateOptions,
  EvaluationResult,
  Predictor,
} from './predictor';
export * from './steps';
