/**
 * Where a generated answer ends and what name it gives: the separator rule of WOW-Seg's answers
 * (names joined by " , "), written by hand for the cascade decoder.
 */
import type { InternVLModel } from '../../models/internvl/index.js';
import { separatorChar } from './prompt.js';

/** A row stops at `<|im_end|>` (the template's separator, as the reference's eos) or at a token holding the name separator. */
export function stopTokens(model: InternVLModel): (id: number) => boolean {
  const known = new Map<number, boolean>();
  return (id) => {
    let stop = known.get(id);
    if (stop === undefined) {
      stop = id === model.config.eosTokenId || model.tokenizer.decode([id]).includes(separatorChar);
      known.set(id, stop);
    }
    return stop;
  };
}

/** The decoded answer cut at the separator. */
export function nameOf(model: InternVLModel, ids: readonly number[]): string {
  return model.tokenizer.decode(ids, { skipSpecialTokens: true }).split(separatorChar)[0]!.trim();
}
