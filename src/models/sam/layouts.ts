/**
 * The three SAM-family ONNX layouts owseg reads, with the exact input/output names of each
 * published export. Pure names, so the browser's decoder can share them.
 */

/**
 * 'official': an image-encoder export plus segment-anything's scripts/export_onnx_model.py decoder.
 * 'transformers-sam': transformers.js SAM / SlimSAM (onnx/vision_encoder.onnx +
 * onnx/prompt_encoder_mask_decoder.onnx). 'transformers-sam2': the same files for SAM 2 / 2.1.
 */
export type SamLayout = 'official' | 'transformers-sam' | 'transformers-sam2';
export const SAM_LAYOUTS: readonly SamLayout[] = ['official', 'transformers-sam', 'transformers-sam2'];

/** scripts/export_onnx_model.py: input_names = list(dummy_inputs.keys()), output_names. */
export const OFFICIAL_DECODER_INPUTS = ['image_embeddings', 'point_coords', 'point_labels', 'mask_input', 'has_mask_input', 'orig_im_size'] as const;
export const OFFICIAL_DECODER_OUTPUTS = ['masks', 'iou_predictions', 'low_res_masks'] as const;
/** Common encoder exports name the embedding output so (others have a single output, taken whatever its name). */
export const OFFICIAL_EMBEDDING_OUTPUT = 'image_embeddings';

/** transformers.js models/sam/modeling_sam.js and models/sam2/modeling_sam2.js. */
export const TRANSFORMERS_PIXELS = 'pixel_values';
export const TRANSFORMERS_SAM_FEATURES = ['image_embeddings', 'image_positional_embeddings'] as const;
/** SAM 2's vision encoder returns one output per feature level (vision_config.num_feature_levels, 3 published). */
export const sam2FeatureName = (level: number): string => `image_embeddings.${level}`;
export const TRANSFORMERS_POINTS = 'input_points';
export const TRANSFORMERS_LABELS = 'input_labels';
export const TRANSFORMERS_BOXES = 'input_boxes';
export const TRANSFORMERS_IOU = 'iou_scores';
export const TRANSFORMERS_MASKS = 'pred_masks';
export const TRANSFORMERS_OBJECT_SCORES = 'object_score_logits';

export const TRANSFORMERS_ENCODER_FILE = 'onnx/vision_encoder.onnx';
export const TRANSFORMERS_DECODER_FILE = 'onnx/prompt_encoder_mask_decoder.onnx';
export const PREPROCESSOR_CONFIG_FILE = 'preprocessor_config.json';
