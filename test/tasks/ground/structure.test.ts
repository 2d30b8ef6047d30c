/**
 * parseEntities on hand-written sentences, one group per rule, with the entities a linguist would
 * name: head noun, modifiers that describe the same object, and number. Not the library's output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { parseEntities } from '../../../src/tasks/ground/structure/parse-entities.js';

/** An expected entity: its phrase, head and modifiers as written; `plural` only when true. */
interface Expected {
  phrase: string;
  head: string;
  modifiers?: string[];
  plural?: true;
}

const rules: Record<string, [sentence: string, entities: Expected[]][]> = {
  'determiners and degree adverbs belong to the phrase but are not modifiers': [
    ['a red car', [{ phrase: 'a red car', head: 'car', modifiers: ['red'] }]],
    ['the largest elephant', [{ phrase: 'the largest elephant', head: 'elephant', modifiers: ['largest'] }]],
    ['a very tall tree', [{ phrase: 'a very tall tree', head: 'tree', modifiers: ['tall'] }]],
    ['three small white dogs', [{ phrase: 'three small white dogs', head: 'dogs', modifiers: ['small', 'white'], plural: true }]],
    ['light green shirt', [{ phrase: 'light green shirt', head: 'shirt', modifiers: ['light', 'green'] }]],
  ],
  'relations split entities: prepositions, verbs and complex prepositions': [
    ['the dog next to the ball', [{ phrase: 'the dog', head: 'dog' }, { phrase: 'the ball', head: 'ball' }]],
    ['a man riding a horse', [{ phrase: 'a man', head: 'man' }, { phrase: 'a horse', head: 'horse' }]],
    ['a man in a blue shirt', [{ phrase: 'a man', head: 'man' }, { phrase: 'a blue shirt', head: 'shirt', modifiers: ['blue'] }]],
    ['the big brown bear behind the tree', [
      { phrase: 'the big brown bear', head: 'bear', modifiers: ['big', 'brown'] },
      { phrase: 'the tree', head: 'tree' },
    ]],
    ['the ball in front of the goal', [{ phrase: 'the ball', head: 'ball' }, { phrase: 'the goal', head: 'goal' }]],
    ['the cat to the right of the dog', [{ phrase: 'the cat', head: 'cat' }, { phrase: 'the dog', head: 'dog' }]],
    ['a slice of pizza', [{ phrase: 'a slice', head: 'slice' }, { phrase: 'pizza', head: 'pizza' }]],
    ['a man skiing', [{ phrase: 'a man', head: 'man' }]],
    ['a group of people standing near the bus', [
      { phrase: 'a group', head: 'group' },
      { phrase: 'people', head: 'people', plural: true },
      { phrase: 'the bus', head: 'bus' },
    ]],
  ],
  'lists and coordination give one entity per conjunct; coordinated adjectives stay in one': [
    ['cups, plates and a bowl', [
      { phrase: 'cups', head: 'cups', plural: true },
      { phrase: 'plates', head: 'plates', plural: true },
      { phrase: 'a bowl', head: 'bowl' },
    ]],
    ['a dog, a cat and two birds', [
      { phrase: 'a dog', head: 'dog' },
      { phrase: 'a cat', head: 'cat' },
      { phrase: 'two birds', head: 'birds', plural: true },
    ]],
    ['a black cat and a white dog', [
      { phrase: 'a black cat', head: 'cat', modifiers: ['black'] },
      { phrase: 'a white dog', head: 'dog', modifiers: ['white'] },
    ]],
    ['an apple or a pear', [{ phrase: 'an apple', head: 'apple' }, { phrase: 'a pear', head: 'pear' }]],
    ['the red and white bus', [{ phrase: 'the red and white bus', head: 'bus', modifiers: ['red', 'white'] }]],
    ['a big, red ball', [{ phrase: 'a big, red ball', head: 'ball', modifiers: ['big', 'red'] }]],
  ],
  'plural from the noun, irregular forms, collective nouns and numbers': [
    ['two cats', [{ phrase: 'two cats', head: 'cats', plural: true }]],
    ['the mice', [{ phrase: 'the mice', head: 'mice', plural: true }]],
    ['the people', [{ phrase: 'the people', head: 'people', plural: true }]],
    ['these sheep', [{ phrase: 'these sheep', head: 'sheep', plural: true }]],
    ['the sheep', [{ phrase: 'the sheep', head: 'sheep' }]],
    ['one dog and two cats', [{ phrase: 'one dog', head: 'dog' }, { phrase: 'two cats', head: 'cats', plural: true }]],
    ['Elephants.', [{ phrase: 'Elephants', head: 'Elephants', plural: true }]],
    ['the girl wearing sunglasses', [{ phrase: 'the girl', head: 'girl' }, { phrase: 'sunglasses', head: 'sunglasses', plural: true }]],
    ['green apples on a wooden table', [
      { phrase: 'green apples', head: 'apples', modifiers: ['green'], plural: true },
      { phrase: 'a wooden table', head: 'table', modifiers: ['wooden'] },
    ]],
  ],
  '"one" is a real head when no noun follows it': [
    ['the left one', [{ phrase: 'the left one', head: 'one', modifiers: ['left'] }]],
    ['the one on the right', [{ phrase: 'the one', head: 'one', modifiers: ['right'] }]],
    ['the red one', [{ phrase: 'the red one', head: 'one', modifiers: ['red'] }]],
    ['the two red ones', [{ phrase: 'the two red ones', head: 'ones', modifiers: ['red'], plural: true }]],
    ['that one', [{ phrase: 'that one', head: 'one' }]],
  ],
  'spatial words: attributive, locative (joins the nearest entity before it) or part of a relation': [
    ['the dog on the left and its red leash', [
      { phrase: 'the dog', head: 'dog', modifiers: ['left'] },
      { phrase: 'its red leash', head: 'leash', modifiers: ['red'] },
    ]],
    ['man on the right holding a phone', [{ phrase: 'man', head: 'man', modifiers: ['right'] }, { phrase: 'a phone', head: 'phone' }]],
    ['a person in the middle', [{ phrase: 'a person', head: 'person', modifiers: ['middle'] }]],
    ['the man in the background', [{ phrase: 'the man', head: 'man', modifiers: ['background'] }]],
    ['the second car from the left', [{ phrase: 'the second car', head: 'car', modifiers: ['second', 'left'] }]],
    ['the top left pizza', [{ phrase: 'the top left pizza', head: 'pizza', modifiers: ['top', 'left'] }]],
    ['guy on left side', [{ phrase: 'guy', head: 'guy', modifiers: ['left'] }]],
    ['pizza in the bottom right corner', [{ phrase: 'pizza', head: 'pizza', modifiers: ['bottom', 'right'] }]],
    ['elephant far left', [{ phrase: 'elephant', head: 'elephant', modifiers: ['left'] }]],
    ['On the left, a dog.', [{ phrase: 'a dog', head: 'dog', modifiers: ['left'] }]],
    ['the left side of the road', [{ phrase: 'the left side', head: 'side', modifiers: ['left'] }, { phrase: 'the road', head: 'road' }]],
    ['the dog left the room', [{ phrase: 'the dog', head: 'dog' }, { phrase: 'the room', head: 'room' }]],
  ],
  'possessives: possessive determiners are determiners, a possessor noun is its own entity': [
    ['its red leash', [{ phrase: 'its red leash', head: 'leash', modifiers: ['red'] }]],
    ['the man and his dog', [{ phrase: 'the man', head: 'man' }, { phrase: 'his dog', head: 'dog' }]],
    ["the woman's hat", [{ phrase: "the woman's", head: "woman's" }, { phrase: 'hat', head: 'hat' }]],
    ['the dog’s red collar', [{ phrase: 'the dog’s', head: 'dog’s' }, { phrase: 'red collar', head: 'collar', modifiers: ['red'] }]],
    ["the dogs' bowls", [{ phrase: "the dogs'", head: "dogs'", plural: true }, { phrase: 'bowls', head: 'bowls', plural: true }]],
    ["the man's running shoes", [
      { phrase: "the man's", head: "man's" },
      { phrase: 'running shoes', head: 'shoes', modifiers: ['running'], plural: true },
    ]],
  ],
  'compound nouns are one entity headed by the last noun; the others are modifiers': [
    ['a tennis ball', [{ phrase: 'a tennis ball', head: 'ball', modifiers: ['tennis'] }]],
    ['a fire hydrant next to the street', [
      { phrase: 'a fire hydrant', head: 'hydrant', modifiers: ['fire'] },
      { phrase: 'the street', head: 'street' },
    ]],
    ['a stop sign', [{ phrase: 'a stop sign', head: 'sign', modifiers: ['stop'] }]],
    ['the tall office building', [{ phrase: 'the tall office building', head: 'building', modifiers: ['tall', 'office'] }]],
    ['white T-shirt', [{ phrase: 'white T-shirt', head: 'T-shirt', modifiers: ['white'] }]],
  ],
  'pronouns are never entities; a sentence without a noun has none': [
    ['he is holding a cup', [{ phrase: 'a cup', head: 'cup' }]],
    ['they are eating pizza', [{ phrase: 'pizza', head: 'pizza' }]],
    ['someone holding an umbrella', [{ phrase: 'an umbrella', head: 'umbrella' }]],
    ['a man hugging her', [{ phrase: 'a man', head: 'man' }]],
    ['her dog', [{ phrase: 'her dog', head: 'dog' }]],
    ['it', []],
    ['very quickly', []],
    ['', []],
  ],
};

for (const [rule, cases] of Object.entries(rules)) {
  test(rule, () => {
    for (const [sentence, expected] of cases) {
      const { words, entities } = parseEntities(sentence);
      const actual = entities.map((entity) => ({
        phrase: entity.phrase,
        head: entity.head.text,
        ...(entity.modifiers.length > 0 ? { modifiers: entity.modifiers.map((i) => words[i]!.text) } : {}),
        ...(entity.plural ? { plural: true as const } : {}),
      }));
      assert.deepEqual(actual, expected, sentence);
    }
  });
}

test(`${Object.values(rules).flat().length} sentences: spans, heads and word indices agree with the words`, () => {
  for (const [sentence] of Object.values(rules).flat()) {
    const { text, words, entities } = parseEntities(sentence);
    assert.equal(text, sentence);
    words.forEach((word, i) => {
      assert.equal(word.index, i);
      assert.equal(sentence.slice(word.start, word.end), word.text, sentence);
    });
    for (const entity of entities) {
      assert.equal(sentence.slice(entity.start, entity.end), entity.phrase, sentence);
      const inside = words.filter((w) => w.start >= entity.start && w.end <= entity.end).map((w) => w.index);
      assert.deepEqual(entity.wordIndices, inside, sentence);
      assert.equal(entity.head.index, entity.wordIndices.at(-1), sentence);
      assert.equal(words[entity.head.index]!.text, entity.head.text, sentence);
      assert.ok(!entity.modifiers.includes(entity.head.index), sentence);
      assert.deepEqual([...entity.modifiers].sort((a, b) => a - b), entity.modifiers, sentence);
    }
  }
});

test('words: letters and digits joined across apostrophes, hyphens and number separators', () => {
  const text = "The dogs' T-shirt, 3.5 m (don't) — 1,000 birds’ nests";
  assert.deepEqual(
    parseEntities(text).words.map((w) => [w.text, w.start, w.end]),
    [
      ['The', 0, 3], ["dogs'", 4, 9], ['T-shirt', 10, 17], ['3.5', 19, 22], ['m', 23, 24], ["don't", 26, 31],
      ['1,000', 35, 40], ['birds’', 41, 47], ['nests', 48, 53],
    ],
  );
});

test('a full stop ends a clause: a locative does not reach back across it', () => {
  const { words, entities } = parseEntities('A cat. On the left, a dog.');
  assert.deepEqual(entities.map((e) => [e.head.text, e.modifiers.map((i) => words[i]!.text)]), [['cat', []], ['dog', ['left']]]);
});

test('parseEntities is deterministic and refuses anything but a string', () => {
  const sentence = 'the dog on the left and its red leash';
  assert.deepEqual(parseEntities(sentence), parseEntities(sentence));
  assert.throws(() => parseEntities(42 as unknown as string), (error: unknown) => error instanceof InvalidInputError && error.field === 'text');
});
