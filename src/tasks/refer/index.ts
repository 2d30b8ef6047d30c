/**
 * RAS (refer to any mask group): choose the candidate masks an image's request means, in one pass,
 * with a zero-shot or a fitted linear head.
 */
export { refer, readReferCandidates, type ReferOptions, type ReferResult, type ScoredCandidate } from './refer.js';
export { referPrompt, candidateBlock, candidateMarker, referenceMarker, defaultQuestion, type ReferPrompt, type ReferPromptInput } from './refer-prompt.js';
export { readCandidates, referContext, type CandidateReading, type SharedReferContext } from './score-candidates.js';
export { poolMaskToken, type TileTokens } from './pool-tokens.js';
export { cellCoverage } from './cell-coverage.js';
export { scoreReading, sigmoid, zeroShotHead, readLinearHead, writeLinearHead, HEAD_FORMAT, MASK_TOKEN_KINDS, type MaskTokenKind, type ReferHead } from './heads.js';
export { fitReferHead, type FitExample, type FitOptions, type FitReport } from './fit/fit-head.js';
export { fitLogistic, logisticDefaults, type LogisticFit, type LogisticOptions } from './fit/logistic.js';
