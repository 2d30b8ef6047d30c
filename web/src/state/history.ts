/**
 * Undo over documents: every change pushes the document it replaces. One history per image;
 * a new image starts a new one.
 */
import { emptyDoc, type Doc } from './document.js';

/** Far more than anyone undoes, yet bounded so a long session cannot hold every mask it ever made. */
const MAX_UNDO = 200;

export interface History {
  past: readonly Doc[];
  present: Doc;
}

export const freshHistory: History = { past: [], present: emptyDoc };

export function commit(history: History, next: Doc): History {
  if (next === history.present) return history;
  return { past: [...history.past, history.present].slice(-MAX_UNDO), present: next };
}

export function undo(history: History): History {
  const previous = history.past.at(-1);
  return previous ? { past: history.past.slice(0, -1), present: previous } : history;
}
