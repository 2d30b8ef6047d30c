/**
 * The RAS-style referring prompt as token ids: a shared context (image, request, reference masks)
 * seen by every candidate, then one block per candidate ending where its yes/no answer would start.
 */
import { InvalidInputError } from '../../core/errors.js';
import { chatPrompt, imageContextToken, imageEndToken, imageStartToken, imageTokens, type InternVLModel } from '../../models/internvl/index.js';

/**
 * RAS marks candidate and reference mask tokens with trained special tokens; no RAS weights are
 * public, so owseg writes the same markers as plain text the tokenizer already has.
 */
export const candidateMarker = '<mask-pool-pre>';
export const referenceMarker = '<mask-ref-pre>';

/** Asked after every candidate; the zero-shot head compares the answer's first token, Yes against No. */
export const defaultQuestion = 'Is the candidate region part of what the request refers to? Answer Yes or No.';

export interface ReferPrompt {
  /** Everything before the first candidate's `<img>`: system, image, request, references, the candidate marker. */
  shared: number[];
  /** After a candidate's `</img>`: the question, the end of the user turn, the assistant turn's start. */
  tail: number[];
  imageStart: number;
  imageContext: number;
  imageEnd: number;
  /** First token of "Yes" and of "No", as an answer would begin. */
  yes: number;
  no: number;
}

export interface ReferPromptInput {
  text: string;
  wholeImageTokens: number;
  /** Token count of each reference mask, in order. */
  referenceTokens: readonly number[];
  question?: string;
}

/**
 * The prompt split where the cascade mask changes. Every split falls at a special token (`<img>`
 * starts a candidate, `</img>` ends it), so encoding the pieces apart gives the ids of the whole.
 */
export function referPrompt(model: InternVLModel, input: ReferPromptInput): ReferPrompt {
  const text = input.text.trim();
  if (text === '') throw new InvalidInputError('text', 'a request in words (e.g. "the cups on the left")', 'it is empty');
  const references = input.referenceTokens.map((count) => `${referenceMarker}${imageTokens(count)}`).join(' ');
  const referencePart = references === '' ? '' : `\nReference regions: ${references}`;
  const user = `Image: ${imageTokens(input.wholeImageTokens)}\nRequest: ${text}${referencePart}\nCandidate region: ${candidateMarker}\u0000\n${input.question ?? defaultQuestion}`;
  const [head, tail] = chatPrompt(model.manifest.prompts.system, [{ role: 'user', content: user }]).split('\u0000') as [string, string];
  const { tokenizer } = model;
  const firstToken = (word: string): number => tokenizer.encode(word)[0]!;
  return {
    shared: tokenizer.encode(head),
    tail: tokenizer.encode(tail),
    imageStart: tokenizer.specialTokens[imageStartToken]!,
    imageContext: tokenizer.specialTokens[imageContextToken]!,
    imageEnd: tokenizer.specialTokens[imageEndToken]!,
    yes: firstToken('Yes'),
    no: firstToken('No'),
  };
}

/** A candidate's block: `<img>` k×`<IMG_CONTEXT>` `</img>` and the tail. */
export function candidateBlock(prompt: ReferPrompt, tokenCount: number): number[] {
  return [prompt.imageStart, ...Array<number>(tokenCount).fill(prompt.imageContext), prompt.imageEnd, ...prompt.tail];
}
