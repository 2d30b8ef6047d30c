/**
 * The prompt whose attention grounds a sentence: the whole image, then the sentence on a line of
 * its own, so its tokens encode exactly as the sentence alone and their positions are known.
 */
import { InvalidInputError } from '../../../core/errors.js';
import { chatPrompt, imageTokens, type InternVLModel } from '../../../models/internvl/index.js';

export interface GroundingPrompt {
  ids: number[];
  /** Position of the whole image's first `<IMG_CONTEXT>` token. */
  imageStart: number;
  /** Positions of the sentence's tokens, in order. */
  sentence: number[];
  sentenceIds: number[];
}

export const groundingInstruction = 'Look at the image and find what this text describes:';

/**
 * `Image: <img>…</img>\n{instruction}\n{sentence}` as the user turn. The sentence follows a
 * newline and ends at `<|im_end|>`, and the tokenizer never merges across either, so its ids are
 * those of the sentence encoded alone.
 */
export function groundingPrompt(model: InternVLModel, imageTokenCount: number, sentence: string, instruction = groundingInstruction): GroundingPrompt {
  const text = sentence.trim();
  if (text === '') throw new InvalidInputError('text', 'a phrase to ground (e.g. "the dog on the left")', 'it is empty');
  const [head, tail] = chatPrompt(model.manifest.prompts.system, [{ role: 'user', content: `Image: ${imageTokens(imageTokenCount)}\n${instruction}\n\u0000` }]).split('\u0000') as [string, string];
  const { tokenizer } = model;
  const before = tokenizer.encode(head);
  const sentenceIds = tokenizer.encode(text);
  const after = tokenizer.encode(tail);
  const imageStart = before.indexOf(model.config.imageContextTokenId);
  return {
    ids: [...before, ...sentenceIds, ...after],
    imageStart,
    sentence: sentenceIds.map((_, k) => before.length + k),
    sentenceIds,
  };
}
