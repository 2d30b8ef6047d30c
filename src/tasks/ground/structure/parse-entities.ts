/**
 * parseEntities: a sentence → its words (with spans) and the entities it names, the structure
 * Segment Anyword uses to bind each word's attention to the right object.
 */
import { InvalidInputError } from '../../../core/errors.js';
import { nounPhrases } from './chunk.js';
import { tagSentence } from './context.js';
import { buildEntities } from './entities.js';
import { applyRules } from './rules.js';
import { tagWords } from './tagger.js';
import type { SentenceStructure } from './types.js';
import { splitWords } from './words.js';

/**
 * Words and entities of an English sentence. Pronouns alone are not entities, and a sentence with
 * no noun gives none (the caller decides whether that is an error). Deterministic: the same text
 * always gives the same structure.
 */
export function parseEntities(text: string): SentenceStructure {
  if (typeof text !== 'string') throw new InvalidInputError('text', 'a string', `got ${typeof text}`);
  const words = splitWords(text);
  const sentence = tagSentence(text, tagWords(text, words));
  applyRules(sentence);
  return { text, words, entities: buildEntities(text, sentence, nounPhrases(sentence)) };
}
