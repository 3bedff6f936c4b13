/** File names in a ranker-train run folder. */
export const MODEL_JSON = 'model.json';
export const MODEL_ONNX = 'model.onnx';
/** The folder holding the stored test inputs, inference params and predictions. */
export const TEST_FILES_DIR = 'test-files';
