export { RequestLedger, type RequestRecord, type RequestStatus } from './request-ledger';
export { SUBJECTS, type JobEvent } from './subjects';
export {
  parseTrainRequest,
  RejectedRequest,
  type TrainInterval,
  type TrainRequest,
} from './train-request';
export {
  startTrainingTrigger,
  type TrainingTrigger,
  type TrainingTriggerOptions,
} from './training-trigger';
export {
  TrainingScheduler,
  type TrainFunction,
  type TrainingOutcome,
  type TrainingSchedulerOptions,
} from './training-scheduler';
