/**
 * InternVL's `internvl2_5` chat template (conversation.py, MPT separator style) and the image
 * placeholder expansion of InternVLChatModel.chat, as plain string building.
 */

export const internvl25Template = 'internvl2_5';

/** The template's default system message (used when config.json's system_message is null). */
export const internvl25SystemMessage =
  '你是书生·万象，英文名是InternVL，是由上海人工智能实验室、清华大学及多家合作单位联合开发的多模态大语言模型。';

export const imageStartToken = '<img>';
export const imageEndToken = '</img>';
export const imageContextToken = '<IMG_CONTEXT>';
/** Where a question puts its image before the tokens are expanded. */
export const imagePlaceholder = '<image>';
export const turnStartToken = '<|im_start|>';
export const turnEndToken = '<|im_end|>';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * `<|im_start|>system\n{system}<|im_end|>\n`, then `<|im_start|>{role}\n{content}<|im_end|>\n` per
 * turn, then `<|im_start|>assistant\n` so the model answers next (an empty system message still
 * leaves its line, as the MPT style does).
 */
export function chatPrompt(system: string, turns: readonly ChatTurn[]): string {
  let prompt = `${turnStartToken}system\n${system}${turnEndToken}\n`;
  for (const turn of turns) prompt += `${turnStartToken}${turn.role}\n${turn.content}${turnEndToken}\n`;
  return `${prompt}${turnStartToken}assistant\n`;
}

/** `<img>` + count × `<IMG_CONTEXT>` + `</img>`: an image (or region) of `count` tokens in the prompt. */
export function imageTokens(count: number): string {
  return `${imageStartToken}${imageContextToken.repeat(count)}${imageEndToken}`;
}

/** Replaces each `<image>` placeholder in turn with the token block of the matching image. */
export function expandImages(prompt: string, tokenCounts: readonly number[]): string {
  let out = prompt;
  for (const count of tokenCounts) {
    const at = out.indexOf(imagePlaceholder);
    if (at < 0) break;
    out = out.slice(0, at) + imageTokens(count) + out.slice(at + imagePlaceholder.length);
  }
  return out;
}
