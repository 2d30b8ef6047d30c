#!/usr/bin/env python3
"""Independent oracle for owseg's everything-mode (src/tasks/everything): SAM's automatic mask generator
written from segment-anything's published behaviour (automatic_mask_generator.py, utils/amg.py) in numpy
and torch, with box NMS written from torchvision's documented semantics (torchvision is not installed).
Shares no code with the TypeScript. The model is the tests' fake predictor, rebuilt here from its data:

  scene = {width, height, labels: row-major ints, objects: {"<label>": {iou: [3 floats],
           neighbour: int, edge: float or null}}}
  For a point (x, y) in a crop, the label L under pixel (floor x, floor y) (clamped to the crop) picks
  the rule; its three logit maps over the crop are: 0 = pixels labelled L, 1 = L or the neighbour's
  label, 2 = L shrunk by one pixel (a 4-neighbour outside the crop counts as not L). Inside = +8,
  outside = -8; with an `edge`, members with a non-member 4-neighbour inside the crop get +edge and
  non-members with a member 4-neighbour get -edge. Predicted IoUs are the rule's, as float32.

  A case with "low_res": true models SAM's own resolution: each map is sampled onto the 256 x 256
  low-res grid (cell (i, j) spans model-input pixels 4i..4i+3 and 4j..4j+3 of the crop resized by
  ResizeLongestSide to 1024; its value is the map at crop pixel (4i+2) * h // in_h, (4j+2) * w // in_w,
  and cells over the padding are -8), then upscaled as Sam.postprocess_masks does: F.interpolate
  bilinear (align_corners=False) to 1024 x 1024, crop to the resized size, F.interpolate to the crop,
  on [n, 3, 256, 256] tensors (one prompt's three masks per item), as SamPredictor hands them over.

Reads {"cases": [{"scene", "options", "low_res"?}]} (options: snake-case reference parameter names) as JSON on
stdin and writes {"results": [{"masks": [...]}]} with the reference's annotation records
(segmentation as compressed COCO RLE).

`--segment-anything DIR` instead runs segment-anything's own SamAutomaticMaskGenerator from a
checkout in DIR on the same fake predictor (torchvision replaced by a stub implementing
batched_nms's published semantics) and prints the same JSON, to check this oracle against the
reference code itself: the two outputs must be identical.
"""
import json
import math
import sys
import types
from itertools import product

import cv2
import numpy as np
import torch
import torch.nn.functional as F

from coco_mask import encode as rle_encode

INSIDE = 8.0
LOW_RES = 256
IMG_SIZE = 1024
# Prompts whose three low-res masks are upscaled in one F.interpolate call (memory stays ~100 MB).
UPSCALE_CHUNK = 8


# ---- the fake predictor ---------------------------------------------------------------------

def region_logits(labels, label, rule, k):
    member = labels == label
    if k == 1:
        member = member | (labels == rule['neighbour'])
    elif k == 2:
        p = np.pad(member, 1, constant_values=False)
        member = member & p[:-2, 1:-1] & p[2:, 1:-1] & p[1:-1, :-2] & p[1:-1, 2:]
    logits = np.where(member, INSIDE, -INSIDE).astype(np.float32)
    if rule['edge'] is not None:
        # Edge padding repeats the border, so pixels outside the crop never count as neighbours.
        p = np.pad(member, 1, mode='edge')
        ring = [p[:-2, 1:-1], p[2:, 1:-1], p[1:-1, :-2], p[1:-1, 2:]]
        has_out = np.logical_or.reduce([~n for n in ring])
        has_in = np.logical_or.reduce(ring)
        logits[member & has_out] = np.float32(rule['edge'])
        logits[~member & has_in] = -np.float32(rule['edge'])
    return logits


def predict(labels, points, objects, low_res=False):
    h, w = labels.shape
    chosen = []
    for x, y in points:
        px = min(max(math.floor(x), 0), w - 1)
        py = min(max(math.floor(y), 0), h - 1)
        chosen.append(int(labels[py, px]))
    if not chosen:
        return torch.zeros((0, h, w)), torch.zeros(0)
    # Maps depend only on (label, k) within a crop: each distinct label's three are built once.
    distinct = sorted(set(chosen))
    maps = {}
    for label in distinct:
        rule = objects[str(label)]
        maps[label] = np.stack([region_logits(labels, label, rule, k) for k in range(3)])
    if low_res:
        upscaled = upscale_low_res([low_res_planes(maps[label], h, w) for label in distinct], h, w)
        maps = dict(zip(distinct, upscaled))
    logits = torch.from_numpy(np.concatenate([maps[label] for label in chosen]))
    ious = torch.tensor([v for label in chosen for v in objects[str(label)]['iou']], dtype=torch.float32)
    return logits, ious


def preprocess_shape(h, w):
    """ResizeLongestSide.get_preprocess_shape."""
    scale = IMG_SIZE * 1.0 / max(h, w)
    return int(h * scale + 0.5), int(w * scale + 0.5)


def low_res_planes(maps, h, w):
    in_h, in_w = preprocess_shape(h, w)
    cell = IMG_SIZE // LOW_RES
    centres = cell * np.arange(LOW_RES) + cell // 2
    rows = centres[centres < in_h]
    cols = centres[centres < in_w]
    planes = np.full((maps.shape[0], LOW_RES, LOW_RES), -INSIDE, dtype=np.float32)
    planes[:, :len(rows), :len(cols)] = maps[:, (rows * h // in_h)[:, None], (cols * w // in_w)[None, :]]
    return planes


def postprocess_masks(masks, h, w):
    """Sam.postprocess_masks on a [n, 3, 256, 256] tensor for a crop of h x w."""
    in_h, in_w = preprocess_shape(h, w)
    masks = F.interpolate(masks, (IMG_SIZE, IMG_SIZE), mode='bilinear', align_corners=False)
    masks = masks[..., :in_h, :in_w]
    return F.interpolate(masks, (h, w), mode='bilinear', align_corners=False)


def upscale_low_res(planes, h, w):
    out = []
    for start in range(0, len(planes), UPSCALE_CHUNK):
        chunk = torch.from_numpy(np.stack(planes[start:start + UPSCALE_CHUNK]))
        out.extend(postprocess_masks(chunk, h, w).numpy())
    return out


# ---- geometry -------------------------------------------------------------------------------

def grid(n):
    half = 1 / (2 * n)
    side = np.linspace(half, 1 - half, n)
    xs, ys = np.meshgrid(side, side)  # rows vary in y, columns in x: x fastest once flattened
    return np.stack([xs.ravel(), ys.ravel()], axis=1)


def crops(h, w, n_layers, ratio):
    out = [([0, 0, w, h], 0)]
    for layer in range(1, n_layers + 1):
        n = 2 ** layer
        overlap = int(ratio * min(h, w) * (2 / n))
        cw = math.ceil((overlap * (n - 1) + w) / n)
        ch = math.ceil((overlap * (n - 1) + h) / n)
        xs = [int((cw - overlap) * i) for i in range(n)]
        ys = [int((ch - overlap) * i) for i in range(n)]
        for x0, y0 in product(xs, ys):
            out.append(([x0, y0, min(x0 + cw, w), min(y0 + ch, h)], layer))
    return out


def box_of(mask):
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return [0, 0, 0, 0]
    return [int(cols[0]), int(rows[0]), int(cols[-1]), int(rows[-1])]


def nms(boxes, scores, thresh):
    """torchvision.ops.nms: stable descending order, float32 IoU without +1, suppress IoU > thresh (double)."""
    n = len(boxes)
    if n == 0:
        return []
    b = np.asarray(boxes, dtype=np.float32).reshape(n, 4)
    s = np.asarray(scores, dtype=np.float32)
    order = np.argsort(-s, kind='stable')
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    dead = np.zeros(n, dtype=bool)
    keep = []
    for a, i in enumerate(order):
        if dead[i]:
            continue
        keep.append(int(i))
        rest = order[a + 1:]
        w = np.maximum(np.float32(0), np.minimum(b[i, 2], b[rest, 2]) - np.maximum(b[i, 0], b[rest, 0]))
        h = np.maximum(np.float32(0), np.minimum(b[i, 3], b[rest, 3]) - np.maximum(b[i, 1], b[rest, 1]))
        inter = w * h
        with np.errstate(invalid='ignore', divide='ignore'):
            iou = inter / (area[i] + area[rest] - inter)
        dead[rest[iou.astype(np.float64) > thresh]] = True
    return keep


def near_crop_edge(box, crop, w, h):
    x0, y0 = crop[0], crop[1]
    shifted = torch.tensor([box[0] + x0, box[1] + y0, box[2] + x0, box[3] + y0], dtype=torch.float)
    at_crop = torch.isclose(shifted, torch.tensor(crop, dtype=torch.float), atol=20.0, rtol=0)
    at_image = torch.isclose(shifted, torch.tensor([0, 0, w, h], dtype=torch.float), atol=20.0, rtol=0)
    return bool(torch.any(at_crop & ~at_image))


# ---- the generator --------------------------------------------------------------------------

def run_crop(labels, objects, crop, points01, o, low_res):
    H, W = labels.shape
    x0, y0, x1, y1 = crop
    sub = labels[y0:y1, x0:x1]
    ch, cw = sub.shape
    points = points01 * np.array([[cw, ch]])
    logits, ious = predict(sub, points, objects, low_res)
    pts = np.repeat(points, 3, axis=0)
    idx = torch.arange(len(ious))
    if o['pred_iou_thresh'] > 0:
        idx = idx[ious[idx] > o['pred_iou_thresh']]
    sel = logits[idx]
    hi = (sel > 0.0 + o['stability_score_offset']).sum(-1, dtype=torch.int16).sum(-1, dtype=torch.int32)
    lo = (sel > 0.0 - o['stability_score_offset']).sum(-1, dtype=torch.int16).sum(-1, dtype=torch.int32)
    stability = hi / lo
    if o['stability_score_thresh'] > 0:
        ok = stability >= o['stability_score_thresh']
        idx, sel, stability = idx[ok], sel[ok], stability[ok]
    binary = (sel > 0.0).numpy()
    rows = []
    for j in range(len(idx)):
        box = box_of(binary[j])
        if near_crop_edge(box, crop, W, H):
            continue
        i = int(idx[j])
        rows.append({'mask': binary[j], 'box': box, 'iou': ious[i].item(), 'stability': stability[j].item(),
                     'point': [float(pts[i][0]), float(pts[i][1])], 'crop': list(crop)})
    keep = nms([r['box'] for r in rows], [r['iou'] for r in rows], o['box_nms_thresh'])
    out = []
    for i in keep:
        r = dict(rows[i])
        # Masks go back into the image frame (zero padding) as RLE; only kept ones need encoding.
        full = np.zeros((H, W), dtype=np.uint8)
        full[y0:y1, x0:x1] = r.pop('mask')
        r['rle'] = rle_encode(full)
        r['box'] = [r['box'][0] + x0, r['box'][1] + y0, r['box'][2] + x0, r['box'][3] + y0]
        r['point'] = [r['point'][0] + x0, r['point'][1] + y0]
        out.append(r)
    return out


def small_region_fix(mask, min_area, holes):
    work = (mask ^ 1) if holes else mask
    n, regions, stats, _ = cv2.connectedComponentsWithStats(work.astype(np.uint8), connectivity=8)
    sizes = stats[1:, cv2.CC_STAT_AREA]
    small = [i + 1 for i in range(n - 1) if sizes[i] < min_area]
    if not small:
        return mask, False
    if holes:
        return np.isin(regions, [0] + small).astype(np.uint8), True
    big = [i for i in range(1, n) if i not in small]
    if not big:
        big = [int(np.argmax(sizes)) + 1]
    return np.isin(regions, big).astype(np.uint8), True


def decode(rle):
    from coco_mask import decode as rle_decode
    return rle_decode(rle)


def clean(rows, min_area, thresh):
    if not rows:
        return rows
    fixed = []
    for r in rows:
        m = decode(r['rle'])
        m, a = small_region_fix(m, min_area, True)
        m, b = small_region_fix(m, min_area, False)
        fixed.append((m, a or b))
    boxes = [box_of(m.astype(bool)) for m, _ in fixed]
    keep = nms(boxes, [0.0 if changed else 1.0 for _, changed in fixed], thresh)
    out = []
    for i in keep:
        r = dict(rows[i])
        if fixed[i][1]:
            r['rle'] = rle_encode(fixed[i][0])
            r['box'] = boxes[i]
        out.append(r)
    return out


def generate(scene, o, low_res=False):
    H, W = scene['height'], scene['width']
    labels = np.asarray(scene['labels'], dtype=np.int64).reshape(H, W)
    if o.get('point_grids') is not None:
        grids = [np.asarray(g, dtype=np.float64).reshape(-1, 2) for g in o['point_grids']]
    else:
        grids = [grid(int(o['points_per_side'] / o['crop_n_points_downscale_factor'] ** i)) for i in range(o['crop_n_layers'] + 1)]
    boxes = crops(H, W, o['crop_n_layers'], o['crop_overlap_ratio'])
    rows = []
    for crop, layer in boxes:
        rows += run_crop(labels, scene['objects'], crop, grids[layer], o, low_res)
    if len(boxes) > 1 and rows:
        areas = torch.tensor([(r['crop'][2] - r['crop'][0]) * (r['crop'][3] - r['crop'][1]) for r in rows])
        scores = (1 / areas).numpy()
        rows = [rows[i] for i in nms([r['box'] for r in rows], scores, o['crop_nms_thresh'])]
    if o['min_mask_region_area'] > 0:
        rows = clean(rows, o['min_mask_region_area'], max(o['box_nms_thresh'], o['crop_nms_thresh']))
    return [{
        'segmentation': r['rle'],
        'area': int(sum(np.asarray(decode(r['rle']), dtype=np.int64).ravel())),
        'bbox': [r['box'][0], r['box'][1], r['box'][2] - r['box'][0], r['box'][3] - r['box'][1]],
        'predicted_iou': r['iou'],
        'point_coords': [r['point']],
        'stability_score': r['stability'],
        'crop_box': [r['crop'][0], r['crop'][1], r['crop'][2] - r['crop'][0], r['crop'][3] - r['crop'][1]],
    } for r in rows]


DEFAULTS = {
    'points_per_side': 32, 'point_grids': None, 'pred_iou_thresh': 0.88, 'stability_score_thresh': 0.95,
    'stability_score_offset': 1.0, 'box_nms_thresh': 0.7, 'crop_n_layers': 0, 'crop_nms_thresh': 0.7,
    'crop_overlap_ratio': 512 / 1500, 'crop_n_points_downscale_factor': 1, 'min_mask_region_area': 0,
}


# ---- segment-anything's own generator on the same fake (the oracle's own check) --------------

def install_torchvision_stub():
    def box_area(b):
        return (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])

    def batched_nms(boxes, scores, idxs, iou_threshold):  # one category in every AMG call
        keep = nms(boxes.numpy(), scores.numpy(), iou_threshold)
        return torch.tensor(keep, dtype=torch.int64)

    modules = {name: types.ModuleType(name) for name in
               ['torchvision', 'torchvision.ops', 'torchvision.ops.boxes', 'torchvision.transforms',
                'torchvision.transforms.functional']}
    modules['torchvision.ops.boxes'].batched_nms = batched_nms
    modules['torchvision.ops.boxes'].box_area = box_area
    modules['torchvision.transforms.functional'].resize = None
    modules['torchvision.transforms.functional'].to_pil_image = None
    sys.modules.update(modules)


class FakeSamPredictor:
    """Stands in for SamPredictor: set_image keeps the labels (red channel); points stay in crop pixels."""

    def __init__(self, objects, low_res):
        self.objects = objects
        self.low_res = low_res
        self.model = types.SimpleNamespace(mask_threshold=0.0)
        self.device = 'cpu'
        self.transform = types.SimpleNamespace(apply_coords=lambda coords, size: coords)

    def set_image(self, image):
        self.labels = image[:, :, 0].astype(np.int64)

    def reset_image(self):
        pass

    def predict_torch(self, points, labels, multimask_output, return_logits):
        h, w = self.labels.shape
        maps, ious = predict(self.labels, points[:, 0, :].tolist(), self.objects)
        n = points.shape[0]
        if not self.low_res:
            return maps.reshape(n, 3, h, w), ious.reshape(n, 3), None
        # The reference's own Sam.postprocess_masks, on the whole batch as SamPredictor calls it.
        from segment_anything.modeling import Sam
        low = torch.from_numpy(low_res_planes(maps.numpy(), h, w)).reshape(n, 3, LOW_RES, LOW_RES)
        model = types.SimpleNamespace(image_encoder=types.SimpleNamespace(img_size=IMG_SIZE))
        return Sam.postprocess_masks(model, low, preprocess_shape(h, w), (h, w)), ious.reshape(n, 3), None


def generate_with_segment_anything(scene, options, low_res=False):
    from segment_anything.automatic_mask_generator import SamAutomaticMaskGenerator
    from coco_mask import string_from_runs
    h, w = scene['height'], scene['width']
    labels = np.asarray(scene['labels'], dtype=np.uint8).reshape(h, w)
    image = np.stack([labels, labels, labels], axis=-1)
    kwargs = dict(options)
    if kwargs.get('point_grids') is not None:
        kwargs['point_grids'] = [np.asarray(g, dtype=np.float64).reshape(-1, 2) for g in kwargs['point_grids']]
        kwargs['points_per_side'] = None
    model = types.SimpleNamespace(image_encoder=types.SimpleNamespace(img_size=1024))
    generator = SamAutomaticMaskGenerator(model, output_mode='uncompressed_rle', **kwargs)
    generator.predictor = FakeSamPredictor(scene['objects'], low_res)
    return [{
        'segmentation': {'size': a['segmentation']['size'], 'counts': string_from_runs(a['segmentation']['counts'])},
        'area': int(a['area']),
        'bbox': [int(v) for v in a['bbox']],
        'predicted_iou': a['predicted_iou'],
        'point_coords': a['point_coords'],
        'stability_score': a['stability_score'],
        'crop_box': [int(v) for v in a['crop_box']],
    } for a in generator.generate(image)]


def main():
    request = json.load(sys.stdin)
    run = generate
    if len(sys.argv) == 3 and sys.argv[1] == '--segment-anything':
        sys.path.insert(0, sys.argv[2])
        install_torchvision_stub()
        run = generate_with_segment_anything
    results = []
    for case in request['cases']:
        options = dict(DEFAULTS, **case['options']) if run is generate else case['options']
        results.append({'masks': run(case['scene'], options, case.get('low_res', False))})
    json.dump({'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
