/**
 * The options `owseg refer` and `owseg ground` share for runs over a RefCOCO-family split: where the
 * COCO instances and images are, which split, and where to write the ground truth for `owseg eval`.
 */
import type { Command } from 'commander';

export interface ReferringBatchFlags {
  instances?: string;
  images?: string;
  split?: string;
  gtOut?: string;
}

/** Adds --instances, --images, --split and --gt-out; `metric` is the `owseg eval` metric the ground truth is for. */
export function addReferringBatchOptions(command: Command, metric: 'res' | 'gres'): Command {
  return command
    .option('--instances <json>', "batch: the COCO instances file the refs' annotations are in")
    .option('--images <dir>', 'batch: folder of the images')
    .option('--split <name>', 'batch: only refs of this split (val, testA, testB …)')
    .option('--gt-out <json>', `batch: also write the ground truth in the exchange format, for owseg eval ${metric} --gt`);
}
