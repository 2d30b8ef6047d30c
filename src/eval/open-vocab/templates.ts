/**
 * Prompt templates for embedding class names, and detectron2-style synonym lists: the prompts
 * owseg's open-vocabulary mapping fills before embedding, with where each set comes from.
 */
import { InvalidInputError } from '../../core/errors.js';

/** Osprey's region-classification template (osprey/eval/eval_open_vocab_seg_detectron2.py, ADE150_CAT_TEMPL); owseg's default. */
export const OSPREY_REGION_TEMPLATES: readonly string[] = ['There is a {} in the scene.'];

/** CLIP's single zero-shot prompt. */
export const CLIP_TEMPLATES: readonly string[] = ['a photo of a {}.'];

/** ViLD's 14 prompts, which Osprey also uses (VILD_PROMPT) for its mask classifier's text side. */
export const VILD_TEMPLATES: readonly string[] = [
  'a photo of a {}.',
  'This is a photo of a {}',
  'There is a {} in the scene',
  'There is the {} in the scene',
  'a photo of a {} in the scene',
  'a photo of a small {}.',
  'a photo of a medium {}.',
  'a photo of a large {}.',
  'This is a photo of a small {}.',
  'This is a photo of a medium {}.',
  'This is a photo of a large {}.',
  'There is a small {} in the scene.',
  'There is a medium {} in the scene.',
  'There is a large {} in the scene.',
];

/** Python's `template.format(name)` for a template with exactly one `{}` and no other braces. */
export function fillTemplate(template: string, name: string, field = 'template'): string {
  const parts = template.split('{}');
  if (parts.length !== 2 || /[{}]/.test(parts.join(''))) throw new InvalidInputError(field, 'a template with exactly one {} and no other braces', `got ${JSON.stringify(template)}`);
  return parts[0] + name + parts[1];
}

/**
 * Synonyms from a detectron2-style class label such as "wall, brick wall": Osprey replaces ", "
 * with "," and splits at ",", so each synonym keeps any other spaces it has.
 */
export function splitSynonyms(label: string): string[] {
  return label.replaceAll(', ', ',').split(',');
}
