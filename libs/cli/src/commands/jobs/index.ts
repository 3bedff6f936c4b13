export { cancelJob } from './cancel';
export { listJobs } from './list';
export { jobLogs } from './logs';
export { showJob } from './show';
export { submit } from './submit';
