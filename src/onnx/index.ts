/**
 * The onnx layer's public surface: graph building, sessions, tensors and float conversions.
 * ORT's own classes stay inside this folder.
 */
export { DATA_TYPES, BYTES_PER_ELEMENT, elementCount, isDataType, type DataArrayOf, type DataType, type Dim, type TensorData } from './dtype.js';
export {
  bfloat16ArrayToFloat32,
  bfloat16BitsToFloat32,
  float16ArrayToFloat32,
  float16BitsToFloat32,
  float32ArrayToBfloat16,
  float32ArrayToFloat16,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
} from './float16.js';
export {
  boolTensor,
  byteLength,
  castFloat,
  checkTensor,
  dataFromValues,
  float32Tensor,
  formatShape,
  int32Tensor,
  int64Tensor,
  shapeMismatch,
  tensor,
  toFloat32,
  type Tensor,
  type TypedTensor,
} from './tensor.js';
export { attr, type AttributeValue, type TypedAttribute } from './builder/attributes.js';
export { decodeModel, type ModelMessage } from './builder/proto.js';
export { editModel, type ModelEdit } from './edit-model.js';
export {
  DEFAULT_EXTERNAL_DATA_THRESHOLD,
  GraphBuilder,
  MAX_EMBEDDED_BYTES,
  type DataSource,
  type GraphBuilderOptions,
  type NodeOptions,
  type SavedModel,
  type SaveOptions,
} from './builder/graph-builder.js';
export { Ops, type ConvOptions, type IntsOperand, type NormOptions, type Operand, type OpsOptions, type RmsNormOptions } from './builder/ops.js';
export { availableExecutionProviders, EXECUTION_PROVIDERS, type ExecutionProvider } from './providers.js';
export { createSession, type Session, type SessionOptions, type ValueInfo } from './session.js';
export {
  blockwiseBytes,
  checkBlockwiseOptions,
  dequantizeBlockwise,
  quantizeBlockwise,
  quantizeRows,
  type BlockwiseOptions,
  type BlockwiseWeights,
  type RowQuantized,
} from './builder/quantize.js';
