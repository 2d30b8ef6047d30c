/**
 * Edits serialised ONNX models at the protobuf wire level: drops graph outputs (and the nodes only
 * they need) and turns fixed input dimensions symbolic, copying every other byte unchanged, so fields
 * owseg's proto subset does not declare survive. Hand-written: onnxruntime-node offers no graph editing.
 */
import protobuf from 'protobufjs/light.js';

export interface ModelEdit {
  /** The graph outputs to keep; nodes that only the others need are dropped. */
  outputs: readonly string[];
  /** Input name → dimension index → the symbolic name replacing its fixed size. */
  symbolicDims?: Readonly<Record<string, Readonly<Record<number, string>>>>;
}

/** One field of a message: its number, where it starts (tag included) and ends, where its value starts, and its payload if length-delimited. */
interface Field {
  id: number;
  start: number;
  end: number;
  value: number;
  payload?: Uint8Array;
}

const WIRE_LENGTH_DELIMITED = 2;
// Field numbers from onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_ATTRIBUTE = 5;
const ATTRIBUTE_GRAPH = 6;
const ATTRIBUTE_GRAPHS = 11;
const TENSOR_DATA_LOCATION = 14;
const VALUE_INFO_NAME = 1;
const VALUE_INFO_TYPE = 2;
const TYPE_TENSOR = 1;
const TENSOR_TYPE_SHAPE = 2;
const SHAPE_DIM = 1;
const DIM_PARAM = 2;
const DATA_LOCATION_EXTERNAL = 1;

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/**
 * The edited model, or undefined when it cannot be edited safely: a node with a subgraph (its body
 * may read outer values no input lists) or weights in external files (bytes alone cannot reach
 * them). Throws when a kept output or an edited input does not exist.
 */
export function editModel(bytes: Uint8Array, edit: ModelEdit): Uint8Array | undefined {
  const model = readFields(bytes);
  const graphField = model.find((f) => f.id === MODEL_GRAPH);
  if (!graphField?.payload) throw new Error('editModel: no graph in the model');
  const graph = readFields(graphField.payload);
  if (graph.some((f) => f.id === GRAPH_INITIALIZER && isExternal(f.payload!))) return undefined;
  const nodes = graph.filter((f) => f.id === GRAPH_NODE).map((f) => ({ field: f, ...readNode(f.payload!) }));
  if (nodes.some((n) => n.subgraph)) return undefined;
  const outputs = graph.filter((f) => f.id === GRAPH_OUTPUT);
  const outputNames = outputs.map((f) => valueName(f.payload!));
  for (const name of edit.outputs) if (!outputNames.includes(name)) throw new Error(`editModel: no graph output ${name} (outputs: ${outputNames.join(', ')})`);
  const needed = new Set(edit.outputs);
  const kept = new Set<Field>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (!node.outputs.some((o) => needed.has(o))) continue;
    kept.add(node.field);
    for (const input of node.inputs) if (input !== '') needed.add(input);
  }
  const symbolic = edit.symbolicDims ?? {};
  const inputNames = new Set(graph.filter((f) => f.id === GRAPH_INPUT).map((f) => valueName(f.payload!)));
  for (const name of Object.keys(symbolic)) if (!inputNames.has(name)) throw new Error(`editModel: no graph input ${name}`);
  const pieces = graph.flatMap((f): Uint8Array[] => {
    if (f.id === GRAPH_NODE) return kept.has(f) ? [graphField.payload!.subarray(f.start, f.end)] : [];
    if (f.id === GRAPH_OUTPUT) return edit.outputs.includes(valueName(f.payload!)) ? [graphField.payload!.subarray(f.start, f.end)] : [];
    if (f.id === GRAPH_INPUT && symbolic[valueName(f.payload!)]) return [delimited(GRAPH_INPUT, symbolicInput(f.payload!, symbolic[valueName(f.payload!)]!))];
    return [graphField.payload!.subarray(f.start, f.end)];
  });
  return concat(model.map((f) => (f === graphField ? delimited(MODEL_GRAPH, concat(pieces)) : bytes.subarray(f.start, f.end))));
}

function readFields(bytes: Uint8Array): Field[] {
  const reader = protobuf.Reader.create(bytes);
  const fields: Field[] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const tag = reader.uint32();
    const wire = tag & 7;
    const value = reader.pos;
    if (wire === WIRE_LENGTH_DELIMITED) {
      const payload = reader.bytes();
      fields.push({ id: tag >>> 3, start, end: reader.pos, value, payload });
    } else {
      reader.skipType(wire);
      fields.push({ id: tag >>> 3, start, end: reader.pos, value });
    }
  }
  return fields;
}

function readNode(bytes: Uint8Array): { inputs: string[]; outputs: string[]; subgraph: boolean } {
  const fields = readFields(bytes);
  const strings = (id: number): string[] => fields.filter((f) => f.id === id).map((f) => utf8.decode(f.payload));
  const subgraph = fields.some((f) => f.id === NODE_ATTRIBUTE && readFields(f.payload!).some((a) => a.id === ATTRIBUTE_GRAPH || a.id === ATTRIBUTE_GRAPHS));
  return { inputs: strings(NODE_INPUT), outputs: strings(NODE_OUTPUT), subgraph };
}

function isExternal(tensor: Uint8Array): boolean {
  const field = readFields(tensor).find((f) => f.id === TENSOR_DATA_LOCATION);
  if (!field) return false;
  return protobuf.Reader.create(tensor.subarray(field.value, field.end)).int32() === DATA_LOCATION_EXTERNAL;
}

function valueName(valueInfo: Uint8Array): string {
  const name = readFields(valueInfo).find((f) => f.id === VALUE_INFO_NAME);
  return name ? utf8.decode(name.payload) : '';
}

/** The ValueInfoProto with the listed dimensions of its tensor shape replaced by dim_param names. */
function symbolicInput(valueInfo: Uint8Array, dims: Readonly<Record<number, string>>): Uint8Array {
  return rewrite(valueInfo, VALUE_INFO_TYPE, (type) =>
    rewrite(type, TYPE_TENSOR, (tensor) =>
      rewrite(tensor, TENSOR_TYPE_SHAPE, (shape) => {
        let index = 0;
        return concat(
          readFields(shape).map((f) => {
            if (f.id !== SHAPE_DIM) return shape.subarray(f.start, f.end);
            const name = dims[index++];
            return name === undefined ? shape.subarray(f.start, f.end) : delimited(SHAPE_DIM, delimited(DIM_PARAM, encoder.encode(name)));
          }),
        );
      }),
    ),
  );
}

/** `message` with the payload of its (single) field `id` replaced by `change(payload)`. */
function rewrite(message: Uint8Array, id: number, change: (payload: Uint8Array) => Uint8Array): Uint8Array {
  return concat(readFields(message).map((f) => (f.id === id && f.payload ? delimited(id, change(f.payload)) : message.subarray(f.start, f.end))));
}

function delimited(id: number, payload: Uint8Array): Uint8Array {
  const writer = protobuf.Writer.create();
  writer.uint32((id << 3) | WIRE_LENGTH_DELIMITED).bytes(payload);
  return writer.finish();
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
