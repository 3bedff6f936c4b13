export { maskSecrets } from './mask-secrets';
export { runSteps, type RunStepsOptions } from './run-steps';
export {
  StepFailedError,
  StepOutputMissingError,
  type StepContext,
  type StepDefinition,
  type StepRecord,
  type StepStatus,
} from './step-definition';
export { DirectoryStepOutputStore, type StepOutputStore } from './step-output-store';
export { ModelStoreStepOutputStore } from './model-store-step-output-store';
export { checkSteps, downstreamOf, upstreamOf } from './step-order';
export { stepJobName } from './step-job-name';
