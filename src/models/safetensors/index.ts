/**
 * Safetensors checkpoints: streaming reader (single file or sharded), writer, and dtype conversion.
 */
export { safetensorsDtypes, isFloatDtype, toFloat32, fromFloat32, type SafetensorsDtype, type FloatDtype } from './dtypes.js';
export { parseHeader, type SafetensorsHeader, type TensorInfo } from './header.js';
export { SafetensorsFile } from './file.js';
export { SafetensorsCheckpoint, singleFileName, indexFileName, type CheckpointTensor } from './checkpoint.js';
export { writeSafetensors, encodeHeader, tensorBytes, type TensorToWrite } from './writer.js';
