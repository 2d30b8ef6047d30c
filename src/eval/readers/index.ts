/**
 * Dataset readers for the benchmarks owseg scores: COCO panoptic, RefCOCO/+/g and gRefCOCO refs,
 * the Osprey region-recognition JSON and MaskGroups-HQ parquet rows.
 */
export { parseCocoPanoptic, readCocoPanoptic, loadPanopticPng, panopticImages, type CocoPanoptic, type PanopticAnnotation, type PanopticCategory, type PanopticIdMap, type PanopticSegment } from './panoptic.js';
export { readRefcocoRefs, parseRefcocoRefs, type ReferringSample, type RefsOptions } from './refcoco.js';
export { readGrefcocoRefs, parseGrefcocoRefs } from './grefcoco.js';
export { readOspreyJson, parseOspreyJson, type OspreyRegion, type OspreySample } from './osprey.js';
export { readMaskGroups, parseMaskGroupsRow, MASKGROUPS_COLUMNS, type MaskGroupsImage, type MaskGroupsSample, type MaskGroupsTurn } from './maskgroups.js';
export { readPickle } from './pickle.js';
