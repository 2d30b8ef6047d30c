#!/usr/bin/python3
"""SAM preprocessing and postprocessing oracle for owseg's tests: Pillow, numpy and torch directly.

stdin: {"cases": [case, ...]}; stdout: {"results": [result, ...]} in the same order.
Arrays travel as base64 of raw little-endian bytes.

case kinds:
  {"op": "preprocess", "width": W, "height": H, "data": base64 uint8 (H, W, 3),
   "resize": "longest-side" | "square", "size": S, "filter": "bilinear" | "bicubic",
   "rescale": r, "mean": [3], "std": [3]}
    ResizeLongestSide.apply_image (torchvision's resize of a PIL image = PIL resize, BILINEAR by
    default) to get_preprocess_shape's int(x + 0.5) size, or a square stretch; then
    (x * r in float64, stored as float32 as HF's rescale does) - mean) / std in float32 torch ops
    (Sam.preprocess), zero padding at the bottom/right with F.pad.
    result: {"inputHeight", "inputWidth", "pixels": base64 float32 (3, S, S)}
  {"op": "coords", "height": H, "width": W, "size": S, "coords": [[x, y], ...]}
    ResizeLongestSide(S).apply_coords -> {"coords": [[x, y], ...]} (float64)
  {"op": "postprocess", "masks": M, "lowSize": L, "data": base64 float32 (M, L, L),
   "inputHeight": h, "inputWidth": w, "height": H, "width": W, "size": S}
    Sam.postprocess_masks: F.interpolate to (S, S) bilinear align_corners=False, crop [:h, :w],
    F.interpolate to (H, W) -> {"data": base64 float32 (M, H, W)}
"""
import base64
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

FILTERS = {"bilinear": Image.Resampling.BILINEAR, "bicubic": Image.Resampling.BICUBIC}


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def get_preprocess_shape(oldh, oldw, long_side_length):
    # segment_anything/utils/transforms.py, ResizeLongestSide.get_preprocess_shape
    scale = long_side_length * 1.0 / max(oldh, oldw)
    newh, neww = oldh * scale, oldw * scale
    return int(newh + 0.5), int(neww + 0.5)


def preprocess(case):
    h, w, size = case["height"], case["width"], case["size"]
    raw = np.frombuffer(base64.b64decode(case["data"]), dtype=np.uint8).reshape(h, w, 3)
    if case["resize"] == "longest-side":
        newh, neww = get_preprocess_shape(h, w, size)
    else:
        newh, neww = size, size
    resized = np.array(Image.fromarray(raw, "RGB").resize((neww, newh), FILTERS[case["filter"]]))
    rescaled = (resized.astype(np.float64) * case["rescale"]).astype(np.float32)
    x = torch.as_tensor(rescaled).permute(2, 0, 1).contiguous()
    mean = torch.tensor(case["mean"], dtype=torch.float32).view(-1, 1, 1)
    std = torch.tensor(case["std"], dtype=torch.float32).view(-1, 1, 1)
    x = (x - mean) / std
    x = F.pad(x, (0, size - neww, 0, size - newh))
    return {"inputHeight": newh, "inputWidth": neww, "pixels": b64(x.numpy().astype("<f4"))}


def coords(case):
    old_h, old_w = case["height"], case["width"]
    new_h, new_w = get_preprocess_shape(old_h, old_w, case["size"])
    c = np.array(case["coords"], dtype=float).reshape(-1, 2)
    c[..., 0] = c[..., 0] * (new_w / old_w)
    c[..., 1] = c[..., 1] * (new_h / old_h)
    return {"coords": c.tolist()}


def postprocess(case):
    m, low, size = case["masks"], case["lowSize"], case["size"]
    data = np.frombuffer(base64.b64decode(case["data"]), dtype="<f4").reshape(1, m, low, low)
    masks = torch.from_numpy(data.copy())
    masks = F.interpolate(masks, (size, size), mode="bilinear", align_corners=False)
    masks = masks[..., : case["inputHeight"], : case["inputWidth"]]
    masks = F.interpolate(masks, (case["height"], case["width"]), mode="bilinear", align_corners=False)
    return {"data": b64(masks[0].numpy().astype("<f4"))}


OPS = {"preprocess": preprocess, "coords": coords, "postprocess": postprocess}


def main():
    cases = json.load(sys.stdin)["cases"]
    json.dump({"results": [OPS[case["op"]](case) for case in cases]}, sys.stdout)


if __name__ == "__main__":
    main()
