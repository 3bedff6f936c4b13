export { buildApp, type AppOptions, type Mount } from './app';
export { checkBearer, parseTokens, type AuthResult } from './auth';
export { NotReadyError, planTrain, replanFromRecord, type PlanTrainContext } from './plan-train';
export { apiSettingsSpec, type ApiSettings } from './settings';
export { startTrainingApi, type StartTrainingApiOptions, type TrainingApi } from './start';
