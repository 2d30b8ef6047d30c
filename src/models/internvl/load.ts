/**
 * loadInternVLPack: checks a pack folder against its owseg.json (files, sizes, sha256) and opens
 * its three ONNX sessions and its tokenizer. Never reaches the network.
 */
import { join } from 'node:path';
import { requireFolderKind } from '../folder-kind.js';
import { createSession, type Session, type SessionOptions } from '../../onnx/index.js';
import { InternVLModel } from './model.js';
import { decoderFileName, embedFileName, readInternVLManifest, visionFileName } from './pack.js';
import { loadInternVLTokenizer } from './tokenizer.js';

export interface LoadInternVLOptions {
  /** Check every file's sha256 against owseg.json (sizes are always checked). Default true. */
  verify?: boolean;
  session?: SessionOptions;
}

export async function loadInternVLPack(dir: string, options: LoadInternVLOptions = {}): Promise<InternVLModel> {
  await requireFolderKind(dir, ['internvl-pack'], 'an InternVL model pack (family "internvl", made by owseg convert), or a model name such as wowseg-1b');
  const manifest = await readInternVLManifest(dir, options.verify ?? true);
  const tokenizer = await loadInternVLTokenizer(dir);
  const opened: Session[] = [];
  try {
    for (const file of [visionFileName, embedFileName, decoderFileName]) opened.push(await createSession(join(dir, file), options.session));
  } catch (error) {
    await Promise.all(opened.map((s) => s.release()));
    throw error;
  }
  const [vision, embed, decoder] = opened as [Session, Session, Session];
  return new InternVLModel(manifest, tokenizer, { vision, embed, decoder });
}
