/**
 * The tiny WordPiece tokenizer of test models: BERT's tokenizer.json layout (BertNormalizer,
 * BertPreTokenizer, WordPiece, [CLS] A [SEP] template) over a vocabulary of a few hundred pieces.
 */

export const tinySpecialTokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

const punctuation = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
const letters = [...'abcdefghijklmnopqrstuvwxyz'];
const digits = [...'0123456789'];
const words = (
  'the an of in on with and is this there photo picture ##graph ##es ##ing ##ed ##er ##ly un ##believ ##able ' +
  'dog cat car bow weapon mug handle red white black blue green big small knife edge blade hat person people ' +
  'tree sky road building table chair cup bottle bird horse sheep cow elephant bear zebra giraffe backpack ' +
  'umbrella bag tie suitcase ball kite bat glove skate ##board surf tennis racket wine glass fork spoon bowl ' +
  'banana apple sandwich orange broccoli carrot pizza donut cake couch plant bed toilet tv laptop mouse remote ' +
  'keyboard phone oven sink book clock vase scissors teddy hair drier tooth ##brush cafe wheel door window wall ' +
  'floor grass water sand snow rock mountain river sea boat train truck bus bicycle motorcycle airplane light ' +
  'sign bench fence pole leg arm head hand eye face shirt pants shoe jacket part top bottom left right'
).split(' ');

/** Every piece in id order: the specials first (ids 0–4, [PAD] = 0), then single characters, continuations and words. */
export function tinyVocabulary(): string[] {
  return [...tinySpecialTokens, ...punctuation, ...digits, ...letters, ...letters.map((l) => `##${l}`), ...digits.map((d) => `##${d}`), ...words];
}

export interface TinyTokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  size: number;
}

/**
 * tokenizer.json and tokenizer_config.json as transformers writes them for a lower-casing BERT.
 * The truncation block says 128, as many sentence-transformers exports do; loaders must ignore it
 * in favour of max_seq_length, as transformers does when sentence-transformers passes max_length.
 */
export function tinyTokenizer(): TinyTokenizerFiles {
  const vocabulary = tinyVocabulary();
  const vocab = Object.fromEntries(vocabulary.map((piece, id) => [piece, id]));
  const special = (token: string) => ({ id: token, ids: [vocab[token]], tokens: [token] });
  const tokenizerJson = {
    version: '1.0',
    truncation: { direction: 'Right', max_length: 128, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: tinySpecialTokens.map((content) => ({
      id: vocab[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    tokenize_chinese_chars: true,
    strip_accents: null,
    clean_up_tokenization_spaces: true,
  };
  return { tokenizerJson, tokenizerConfig, size: vocabulary.length };
}
