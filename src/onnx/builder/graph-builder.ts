/**
 * GraphBuilder: assembles an ONNX graph value by value (inputs, weights, constants, nodes, outputs)
 * and saves it, streaming weights into an external-data file when they are too big to embed.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { BYTES_PER_ELEMENT, ONNX_TYPE_CODE, elementCount, type DataType, type Dim, type TensorData } from '../dtype.js';
import { dataFromValues } from '../tensor.js';
import { attr, attributeMessage, type AttributeValue } from './attributes.js';
import { writeExternalData } from './external-data.js';
import {
  DATA_LOCATION_EXTERNAL,
  encodeModel,
  type ModelMessage,
  type NodeMessage,
  type TensorMessage,
  type ValueInfoMessage,
} from './proto.js';
import { checkData, rawBytes } from './raw-data.js';

export interface GraphBuilderOptions {
  /** Default ONNX opset, 17 (the first with LayerNormalization); 13 to 23 are accepted. */
  opset?: number;
  /** com.microsoft opset, 1; declared in the model only when a node uses that domain. */
  microsoftOpset?: number;
}

/** Initializer data, or a function that produces it when the model is saved (read once per save). */
export type DataSource = TensorData | (() => TensorData | Promise<TensorData>);

export interface NodeOptions {
  /** How many outputs the node has (default 1), or their names. */
  outputs?: number | string[];
  domain?: '' | 'com.microsoft';
  /** Node name; made unique with a suffix if taken. Outputs are named after it. */
  name?: string;
}

export interface SaveOptions {
  /**
   * Above this many bytes of initializers, weights go to `<file>.data`. Default 2 GiB. Weights also
   * go external whenever embedding them would not fit one protobuf (see MAX_EMBEDDED_BYTES).
   */
  externalDataThreshold?: number;
  /** Name of the external-data file beside the model; default `<file>.data` (transformers.js exports use `<file>_data`). */
  dataFileName?: string;
}

export interface SavedModel {
  path: string;
  /** The external-data file, when one was written. */
  dataPath?: string;
  /** Bytes written in all, model plus external data. */
  bytes: number;
}

interface Initializer {
  name: string;
  dtype: DataType;
  dims: number[];
  source: DataSource;
  byteLength: number;
}

export const DEFAULT_EXTERNAL_DATA_THRESHOLD = 2 * 1024 ** 3;

/** A protobuf message is at most 2^31 − 1 bytes; 64 MiB of it stays free for the graph itself. */
export const MAX_EMBEDDED_BYTES = 2 ** 31 - 1 - 64 * 1024 ** 2;

// The lowest IR version able to hold each opset range (onnx/docs/Versioning.md).
const IR_VERSION_FOR_OPSET: readonly [maxOpset: number, irVersion: number][] = [
  [18, 8],
  [20, 9],
  [22, 10],
  [23, 11],
];

// Constants up to this many elements are shared between identical calls of constant().
const SHARED_CONSTANT_LIMIT = 256;

const PRODUCER_VERSION = '0.1.0';

export class GraphBuilder {
  readonly name: string;
  readonly opset: number;
  readonly microsoftOpset: number;

  private readonly values = new Set<string>();
  private readonly nodeNames = new Set<string>();
  private readonly nodeCounts = new Map<string, number>();
  private readonly nodes: NodeMessage[] = [];
  private readonly inputs: ValueInfoMessage[] = [];
  private readonly outputs: ValueInfoMessage[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly sharedConstants = new Map<string, string>();
  private readonly metadata = new Map<string, string>();
  private usesMicrosoftDomain = false;

  constructor(name: string, options: GraphBuilderOptions = {}) {
    this.name = name;
    this.opset = options.opset ?? 17;
    this.microsoftOpset = options.microsoftOpset ?? 1;
    if (!Number.isInteger(this.opset) || this.opset < 13 || !IR_VERSION_FOR_OPSET.some(([max]) => this.opset <= max)) {
      throw new InvalidInputError('opset', 'an ONNX opset from 13 to 23', `got ${this.opset}`);
    }
  }

  /** Declares a graph input; returns its name. */
  input(name: string, dtype: DataType, shape: Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, dtype, shape));
    return name;
  }

  /** Declares `value` a graph output, renamed through an Identity node when `name` differs. */
  output(value: string, dtype: DataType, shape: Dim[], name = value): void {
    this.requireValue(value, 'output');
    if (this.outputs.some((o) => o.name === name)) throw new InvalidInputError(`output ${name}`, 'a name not yet used by another output');
    if (name !== value) this.node('Identity', [value], {}, { outputs: [name], name: `${name}_identity` });
    this.outputs.push(valueInfo(name, dtype, shape));
  }

  /**
   * A named weight. A function source is called only when the model is saved, once, and never
   * while another initializer's data is held, so saving needs memory for one tensor at a time.
   */
  initializer(name: string, dtype: DataType, dims: number[], data: DataSource): string {
    checkDims(`initializer ${name}`, dims);
    if (typeof data !== 'function') checkData(`initializer ${name}`, dtype, dims, data);
    this.claim(name);
    this.initializers.push({ name, dtype, dims: [...dims], source: data, byteLength: elementCount(dims) * BYTES_PER_ELEMENT[dtype] });
    return name;
  }

  /**
   * A small constant embedded in the graph as a Constant node. Plain numbers are values (float16
   * ones are rounded to half); a typed array is taken as stored (a Uint16Array of half bits for float16).
   */
  constant(data: number[] | bigint[] | TensorData, dtype: DataType, dims: number[]): string {
    checkDims('constant', dims);
    const values = Array.isArray(data) ? dataFromValues(dtype, data) : data;
    checkData('constant', dtype, dims, values);
    const key = values.length <= SHARED_CONSTANT_LIMIT ? `${dtype}|${dims.join(',')}|${Array.from(values as ArrayLike<unknown>).join(',')}` : undefined;
    const shared = key === undefined ? undefined : this.sharedConstants.get(key);
    if (shared !== undefined) return shared;
    const [out] = this.node('Constant', [], { value: attr.tensor(dtype, dims, values) }, { name: 'const' });
    if (key !== undefined) this.sharedConstants.set(key, out!);
    return out!;
  }

  /** Adds a node; returns its outputs' names (generated unique unless given). '' marks an omitted optional input. */
  node(opType: string, inputs: (string | '')[], attributes: Record<string, AttributeValue | undefined> = {}, options: NodeOptions = {}): string[] {
    for (const input of inputs) if (input !== '') this.requireValue(input, `${opType} input`);
    const attribute = Object.entries(attributes).flatMap(([key, value]) => (value === undefined ? [] : [attributeMessage(key, value)]));
    const nodeName = this.nodeName(options.name ?? opType);
    const outputs = this.outputNames(nodeName, options.outputs ?? 1);
    const domain = options.domain ?? '';
    if (domain === 'com.microsoft') this.usesMicrosoftDomain = true;
    this.nodes.push({ input: [...inputs], output: outputs, name: nodeName, op_type: opType, domain, attribute });
    return outputs;
  }

  /** Whether a value (input, initializer, constant or node output) of this name exists. */
  has(value: string): boolean {
    return this.values.has(value);
  }

  /** Adds a model metadata entry (ModelProto.metadata_props). */
  setMetadata(key: string, value: string): void {
    this.metadata.set(key, value);
  }

  /** Total bytes of all initializers, known without reading lazy sources. */
  get initializerBytes(): number {
    return this.initializers.reduce((sum, i) => sum + i.byteLength, 0);
  }

  /** Writes the model; when the initializers exceed the threshold they go to `<path>.data` (or `dataFileName`) beside it. */
  async save(path: string, options: SaveOptions = {}): Promise<SavedModel> {
    const threshold = options.externalDataThreshold ?? DEFAULT_EXTERNAL_DATA_THRESHOLD;
    // Written under temporary names and renamed at the end, so a failed save never leaves a model that looks complete.
    const partialModel = `${path}.partial`;
    const dataPath = options.dataFileName === undefined ? `${path}.data` : join(dirname(path), options.dataFileName);
    const partialData = `${dataPath}.partial`;
    try {
      if (this.initializerBytes <= Math.min(threshold, MAX_EMBEDDED_BYTES)) {
        const bytes = await this.toBytes();
        await writeFile(partialModel, bytes);
        await rename(partialModel, path);
        return { path, bytes: bytes.byteLength };
      }
      const { placements, size } = await writeExternalData(
        partialData,
        this.initializers.map((init) => ({ byteLength: init.byteLength, read: async () => rawBytes(await this.readInitializer(init)) })),
      );
      const location = basename(dataPath);
      const tensors = this.initializers.map((init, i): TensorMessage => {
        const { offset, length } = placements[i]!;
        return {
          ...tensorHeader(init),
          external_data: [
            { key: 'location', value: location },
            { key: 'offset', value: String(offset) },
            { key: 'length', value: String(length) },
          ],
          data_location: DATA_LOCATION_EXTERNAL,
        };
      });
      const model = encodeModel(this.modelMessage(tensors));
      await writeFile(partialModel, model);
      await rename(partialData, dataPath);
      await rename(partialModel, path);
      return { path, dataPath, bytes: model.byteLength + size };
    } finally {
      await rm(partialData, { force: true });
      await rm(partialModel, { force: true });
    }
  }

  /** The whole model with embedded weights; refused when they would not fit one protobuf (MAX_EMBEDDED_BYTES). */
  async toBytes(): Promise<Uint8Array> {
    if (this.initializerBytes > MAX_EMBEDDED_BYTES) {
      throw new RangeError(`graph ${this.name}: ${this.initializerBytes} bytes of initializers do not fit one protobuf; save() it with external data`);
    }
    const tensors: TensorMessage[] = [];
    for (const init of this.initializers) tensors.push({ ...tensorHeader(init), raw_data: rawBytes(await this.readInitializer(init)) });
    return encodeModel(this.modelMessage(tensors));
  }

  private async readInitializer(init: Initializer): Promise<TensorData> {
    const data = typeof init.source === 'function' ? await init.source() : init.source;
    checkData(`initializer ${init.name}`, init.dtype, init.dims, data);
    return data;
  }

  private modelMessage(initializer: TensorMessage[]): ModelMessage {
    if (this.outputs.length === 0) throw new InvalidInputError(`graph ${this.name}`, 'at least one output');
    const opsetImport = [{ domain: '', version: this.opset }];
    if (this.usesMicrosoftDomain) opsetImport.push({ domain: 'com.microsoft', version: this.microsoftOpset });
    return {
      ir_version: IR_VERSION_FOR_OPSET.find(([max]) => this.opset <= max)![1],
      opset_import: opsetImport,
      producer_name: 'owseg',
      producer_version: PRODUCER_VERSION,
      graph: { node: this.nodes, name: this.name, initializer, input: this.inputs, output: this.outputs },
      metadata_props: [...this.metadata].map(([key, value]) => ({ key, value })),
    };
  }

  private claim(name: string): void {
    if (name === '') throw new InvalidInputError('name', 'a non-empty value name');
    if (this.values.has(name)) throw new InvalidInputError(`value ${name}`, 'a name not yet used in this graph');
    this.values.add(name);
  }

  private requireValue(value: string, role: string): void {
    if (!this.values.has(value)) throw new InvalidInputError(`${role} ${value}`, 'a value already defined in this graph');
  }

  private nodeName(base: string): string {
    let count = this.nodeCounts.get(base) ?? 0;
    let name = count === 0 ? base : `${base}_${count}`;
    while (this.nodeNames.has(name)) name = `${base}_${++count}`;
    this.nodeCounts.set(base, count + 1);
    this.nodeNames.add(name);
    return name;
  }

  private outputNames(nodeName: string, outputs: number | string[]): string[] {
    if (Array.isArray(outputs)) {
      for (const name of outputs) this.claim(name);
      return [...outputs];
    }
    const names: string[] = [];
    for (let i = 0; i < outputs; i++) {
      const base = outputs === 1 ? nodeName : `${nodeName}_${i}`;
      let name = base;
      for (let k = 1; this.values.has(name); k++) name = `${base}_v${k}`;
      this.claim(name);
      names.push(name);
    }
    return names;
  }
}

function valueInfo(name: string, dtype: DataType, shape: Dim[]): ValueInfoMessage {
  const dim = shape.map((d, i) => {
    if (typeof d === 'string') {
      if (d === '') throw new InvalidInputError(`${name} shape[${i}]`, 'a size or a non-empty symbolic name');
      return { dim_param: d };
    }
    if (!Number.isSafeInteger(d) || d < 0) throw new InvalidInputError(`${name} shape[${i}]`, 'a non-negative integer or a symbolic name', `got ${d}`);
    return { dim_value: d };
  });
  return { name, type: { tensor_type: { elem_type: ONNX_TYPE_CODE[dtype], shape: { dim } } } };
}

function tensorHeader(init: Initializer): TensorMessage {
  return { name: init.name, dims: init.dims, data_type: ONNX_TYPE_CODE[init.dtype] };
}

function checkDims(field: string, dims: readonly number[]): void {
  for (const [i, d] of dims.entries()) {
    if (!Number.isSafeInteger(d) || d < 0) throw new InvalidInputError(`${field} dims[${i}]`, 'a non-negative integer', `got ${d}`);
  }
}
