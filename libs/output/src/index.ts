export { formatBytes, formatDuration } from './format';
export { Output, type OutputOptions, type StepProgress } from './output';
export { renderTable, type TableColumn } from './table';
