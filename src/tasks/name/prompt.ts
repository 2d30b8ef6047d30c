/**
 * The WOW-Seg naming prompt as token ids: the shared prefix, one block per region and the infix,
 * split at the places where the cascade mask changes (built here by hand, no library lays this out).
 */
import { InvalidInputError } from '../../core/errors.js';
import { chatPrompt, imageContextToken, imageEndToken, imagePlaceholder, imageStartToken, imageTokens, type InternVLModel } from '../../models/internvl/index.js';

/**
 * The instruction the released checkpoint was trained with: `--conversation_template` in
 * AAwcAA/WOW-Seg-Meta shell/internvl3.0/2nd_finetune/internvl3_1b_dynamic_res_2nd_finetune_full.sh
 * (the training code appends one `<image>` per region after it; wow_eval/single_mask_infer.sh
 * evaluates with the same text plus that one `<image>`). The first `<image>` is the whole image.
 */
export const defaultInstruction =
  'You are an expert in image region classification. I will provide you with a complete image and a part of this image. ' +
  'You need to classify the region part based on the full image. Complete image: <image>. Region image:';

/** Where a pack may carry its own instruction: owseg.json → prompts.wowseg (a string with `<image>` placeholders). */
export const instructionField = 'prompts.wowseg';

/**
 * The training answer joins the names with " , " (wow_eval/convert_osprey_to_internvl.py); a name
 * ends at the first generated token whose text holds this character.
 */
export const separatorChar = ',';

export interface NamingPrompt {
  /** System turn, user turn start, instruction up to the whole image, the whole image block, text up to the regions. */
  shared: number[];
  /** Text after the region blocks, the user turn's end and the assistant turn's start. */
  infix: number[];
  /** Ids of `<img>`, `<IMG_CONTEXT>`, `</img>`. */
  imageStart: number;
  imageContext: number;
  imageEnd: number;
}

/** The pack's `prompts.wowseg` if it has one, else {@link defaultInstruction}. */
export function packInstruction(model: InternVLModel): string {
  const value = (model.manifest.prompts as unknown as Record<string, unknown>).wowseg;
  if (value === undefined) return defaultInstruction;
  if (typeof value !== 'string') throw new InvalidInputError(`owseg.json ${instructionField}`, 'a string', `got ${typeof value}`);
  return value;
}

/**
 * Splits the instruction around its `<image>` placeholders: the first is the whole image; the
 * region blocks go at the second if there is one, else at the end (as the training code appends them).
 */
export function namingPrompt(model: InternVLModel, instruction: string, wholeImageTokens: number): NamingPrompt {
  const parts = instruction.split(imagePlaceholder);
  if (parts.length < 2 || parts.length > 3) {
    throw new InvalidInputError('instruction', `one ${imagePlaceholder} for the whole image and at most one more for the regions`, `got ${parts.length - 1}`);
  }
  const [before, middle, after = ''] = parts as [string, string, string?];
  const conversation = chatPrompt(model.manifest.prompts.system, [{ role: 'user', content: `${before}${imageTokens(wholeImageTokens)}${middle}\u0000${after}` }]);
  const [head, tail] = conversation.split('\u0000') as [string, string];
  const { tokenizer } = model;
  // Each piece begins or ends at a special token, so encoding the pieces apart gives the ids of the whole.
  return {
    shared: tokenizer.encode(head),
    infix: tokenizer.encode(tail),
    imageStart: tokenizer.specialTokens[imageStartToken]!,
    imageContext: tokenizer.specialTokens[imageContextToken]!,
    imageEnd: tokenizer.specialTokens[imageEndToken]!,
  };
}

/** `<img>` k×`<IMG_CONTEXT>` `</img>`. */
export function regionBlock(prompt: NamingPrompt, tokenCount: number): number[] {
  return [prompt.imageStart, ...Array<number>(tokenCount).fill(prompt.imageContext), prompt.imageEnd];
}
