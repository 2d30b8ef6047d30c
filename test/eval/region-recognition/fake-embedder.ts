/**
 * A deterministic stand-in for a sentence embedder: hashed character trigrams of the lower-cased
 * text, so similar strings get similar vectors and tests need no model.
 */
import type { TextEmbedder } from '../../../src/eval/text-embedding.js';

export class FakeEmbedder implements TextEmbedder {
  readonly dimension = 16;
  calls: string[][] = [];

  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    return texts.map((text) => {
      const v = new Float32Array(this.dimension);
      const padded = `  ${text.toLowerCase()}  `;
      for (let i = 0; i + 3 <= padded.length; i++) {
        let h = 2166136261;
        for (const ch of padded.slice(i, i + 3)) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
        v[(h >>> 0) % this.dimension]! += 1;
      }
      return v;
    });
  }
}
