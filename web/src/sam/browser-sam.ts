/**
 * The SAM decoder in the browser: owseg's own SamModel and segmentPrompt over an onnxruntime-web
 * session and the server's embedding, so a prompt gives the mask the server's decoder would give.
 */
import type { Mask } from '../../../src/core/mask.js';
import { SamModel, type SamEmbedding } from '../../../src/models/sam/model.js';
import type { SamPreprocessConfig } from '../../../src/models/sam/preprocess-config.js';
import { bestMaskIndex, segmentPrompt, type SamPrompt } from '../../../src/models/sam/segment.js';
import type { Session } from '../../../src/onnx/session-types.js';
import type { ReceivedEmbedding } from '../../../src/server/embedding-wire.js';

export interface PromptMask {
  mask: Mask;
  /** The decoder's predicted IoU of the chosen mask. */
  score: number;
}

/** The server encodes images (POST /v1/embed); a browser SamModel only ever decodes. */
const serverEncodes: Session = {
  inputNames: [],
  outputNames: [],
  inputs: [],
  outputs: [],
  run: () => Promise.reject(new Error('The browser does not encode images: the server computes the embedding (POST /v1/embed).')),
  release: () => Promise.resolve(),
};

export class BrowserSam {
  private readonly model: SamModel;
  readonly embedding: SamEmbedding;

  constructor(decoder: Session, received: ReceivedEmbedding) {
    const { embedding, maskSize } = received;
    this.embedding = embedding;
    this.model = new SamModel(embedding.layout, decodingConfig(embedding, maskSize), { encoder: serverEncodes, decoder }, { encoderInput: '', features: {} });
  }

  /**
   * SAM's own advice for interactive use: three candidates for a lone point (it is ambiguous),
   * one mask once more points or a box say what is meant; the candidate with the best predicted IoU wins.
   */
  async segment(prompt: Omit<SamPrompt, 'multimask' | 'maskInput'>): Promise<PromptMask> {
    const multimask = (prompt.points?.length ?? 0) === 1 && prompt.box === undefined;
    const result = await segmentPrompt(this.model, this.embedding, { ...prompt, multimask });
    const best = bestMaskIndex(result);
    return { mask: result.masks[best]!, score: result.scores[best]! };
  }
}

/**
 * Decoding reads only the input side and the mask side of the preprocessing config; the pixel
 * fields matter to the encoder alone, which runs on the server, so SAM's defaults stand in for them.
 */
function decodingConfig(embedding: SamEmbedding, maskSize: number): SamPreprocessConfig {
  const square = embedding.inputSize.width === embedding.padSize && embedding.inputSize.height === embedding.padSize;
  return {
    resize: square ? 'square' : 'longest-side',
    size: embedding.padSize,
    filter: 'bilinear',
    rescale: 1,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    maskSize,
  };
}
