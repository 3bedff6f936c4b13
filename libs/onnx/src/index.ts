export {
  decodeModel,
  IR_VERSION,
  onnx,
  OPSETS,
  treeEnsembleRegressorModel,
  type OnnxTree,
  type TreeEnsembleModelInput,
} from './tree-ensemble';
