export { affectedProjects, runCommand, type AffectedRange, type RunCommand } from './affected';
export { CiError } from './errors';
export { gitTags } from './git-tags';
export { imageTag, isRelease, nextCalendarVersion, type TagContext } from './image-tag';
export {
  planCiMatrix,
  TRAIN_COMPONENT,
  type CiMatrix,
  type ComponentJob,
  type LibraryJob,
  type SuiteFlags,
  type TrainJob,
} from './matrix';
export {
  readWorkspacePackages,
  type ComponentPackage,
  type LibraryPackage,
  type WorkspacePackages,
} from './workspace-packages';
export { actionlint } from './workflows/actionlint';
export {
  AWS_CREDENTIALS_ACTION,
  checkWorkflowInvariants,
  EC2_RUNNER_ACTION,
  runsSuite,
  type InvariantInput,
} from './workflows/invariants';
export { lintWorkflows, type WorkflowLintResult } from './workflows/lint-workflows';
export {
  parseWorkflow,
  readWorkflows,
  WORKFLOWS_DIR,
  type WorkflowFile,
} from './workflows/read-workflows';
export { formatWorkflowProblem, type WorkflowProblem } from './workflows/workflow-problem';
