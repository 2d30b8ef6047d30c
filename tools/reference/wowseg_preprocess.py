#!/usr/bin/python3
"""WOW-Seg preprocessing oracle: Pillow, torch and numpy called the way WOW-Seg-Meta calls them.

Written from the published behaviour of InternVL's dynamic_preprocess / find_closest_aspect_ratio /
build_transform and WOW-Seg's mask2token (internvl_chat_finetune.py, wow_eval/single_mask_infer.py);
torchvision is absent here, so its Resize / ToTensor / Normalize are spelled out with the same calls.

stdin: {"cases": [case, ...]}; stdout: {"results": [result, ...]} in the same order.
Byte buffers travel as base64 (uint8 RGB interleaved; masks uint8 row-major; float32 little-endian).

  {"op": "grid", "sizes": [[w, h], ...], "minTiles", "maxTiles", "tileSize"}
    -> {"grids": [[cols, rows], ...]}
  {"op": "tile", "width", "height", "data", "maxTiles", "tileSize", "thumbnail"}
    -> {"cols", "rows", "resized": b64, "tiles": [b64, ...], "normalized": b64 float32 [N, 3, S, S]}
  {"op": "region", "width", "height", "data" (the tiled image), "masks": [{"width", "height", "data"}],
   "scale", "grid", "tileSize"}
    each mask (any size) is resized to the image with F.interpolate nearest, then cropped as mask2token
    -> {"regions": [{"empty": true} | {"box": [x0, y0, x1, y1], "selector": [0/1 ...] (raw, no
        zero-cell rule), "pixels": b64 float32 [3, S, S]}]}
"""
import base64
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def closest_ratio(aspect_ratio, target_ratios, width, height, image_size):
    best_diff = float("inf")
    best = (1, 1)
    area = width * height
    for ratio in target_ratios:
        diff = abs(aspect_ratio - ratio[0] / ratio[1])
        if diff < best_diff:
            best_diff = diff
            best = ratio
        elif diff == best_diff and area > 0.5 * image_size * image_size * ratio[0] * ratio[1]:
            best = ratio
    return best


def choose_grid(width, height, min_num, max_num, image_size):
    ratios = set((i, j) for n in range(min_num, max_num + 1) for i in range(1, n + 1)
                 for j in range(1, n + 1) if min_num <= i * j <= max_num)
    ratios = sorted(ratios, key=lambda x: x[0] * x[1])
    return closest_ratio(width / height, ratios, width, height, image_size)


def to_image(case):
    raw = np.frombuffer(base64.b64decode(case["data"]), dtype=np.uint8)
    return Image.fromarray(raw.reshape(case["height"], case["width"], 3).copy(), "RGB")


def transform(img, size):
    """build_transform(is_train=False): convert RGB, Resize((S, S), BICUBIC), ToTensor, Normalize."""
    img = img.convert("RGB") if img.mode != "RGB" else img
    img = img.resize((size, size), Image.BICUBIC)  # torchvision's Resize on a PIL image
    t = torch.from_numpy(np.array(img, copy=True)).view(size, size, 3).permute(2, 0, 1).contiguous()
    t = t.to(dtype=torch.float32).div(255)
    mean = torch.as_tensor(IMAGENET_MEAN, dtype=torch.float32)[:, None, None]
    std = torch.as_tensor(IMAGENET_STD, dtype=torch.float32)[:, None, None]
    return t.sub_(mean).div_(std)


def tile(case):
    image = to_image(case)
    size = case["tileSize"]
    cols, rows = choose_grid(image.width, image.height, 1, case["maxTiles"], size)
    resized = image.resize((size * cols, size * rows))  # no filter: Pillow's default
    tiles = []
    for i in range(cols * rows):
        box = ((i % cols) * size, (i // cols) * size, (i % cols + 1) * size, (i // cols + 1) * size)
        tiles.append(resized.crop(box))
    if case["thumbnail"] and len(tiles) != 1:
        tiles.append(image.resize((size, size)))
    normalized = torch.stack([transform(t, size) for t in tiles]).numpy().astype("<f4")
    return {"cols": cols, "rows": rows, "resized": b64(np.asarray(resized)),
            "tiles": [b64(np.asarray(t)) for t in tiles], "normalized": b64(normalized)}


def region(image, mask_case, scale, grid, size):
    raw = np.frombuffer(base64.b64decode(mask_case["data"]), dtype=np.uint8)
    mask = raw.reshape(mask_case["height"], mask_case["width"])
    mask_tensor = torch.from_numpy(mask.copy()).float().unsqueeze(0).unsqueeze(0)
    mask_tensor = F.interpolate(mask_tensor, size=(image.size[1], image.size[0]), mode="nearest")
    mask_tensor = mask_tensor.squeeze(0).squeeze(0)
    if mask_tensor.sum() == 0:
        return {"empty": True}
    ones = torch.nonzero(mask_tensor)
    min_row, max_row = torch.min(ones[:, 0]), torch.max(ones[:, 0])
    min_col, max_col = torch.min(ones[:, 1]), torch.max(ones[:, 1])
    center_row = (min_row + max_row) / 2
    center_col = (min_col + max_col) / 2
    width = max_col - min_col + 1
    height = max_row - min_row + 1
    new_width = min(max(width, height) * scale, image.size[0])
    new_height = min(max(width, height) * scale, image.size[1])
    x0 = max(0, int(center_col - new_width / 2))
    x1 = min(image.size[0] - 1, int(center_col + new_width / 2))
    y0 = max(0, int(center_row - new_height / 2))
    y1 = min(image.size[1] - 1, int(center_row + new_height / 2))
    if x1 - x0 + 1 < new_width:
        if x0 == 0:
            x1 = min(image.size[0] - 1, int(x0 + new_width))
        else:
            x0 = max(0, int(x1 - new_width))
    if y1 - y0 + 1 < new_height:
        if y0 == 0:
            y1 = min(image.size[1] - 1, int(y0 + new_height))
        else:
            y0 = max(0, int(y1 - new_height))
    cropped_img = image.crop((x0, y0, x1 + 1, y1 + 1))
    cropped_mask = mask_tensor.unsqueeze(0)[:, y0:y1 + 1, x0:x1 + 1]
    selector = F.interpolate(cropped_mask.unsqueeze(0), size=(grid, grid), mode="nearest").squeeze(0)
    pixels = transform(cropped_img, size).numpy().astype("<f4")
    return {"box": [x0, y0, x1 + 1, y1 + 1],
            "selector": [int(v) for v in selector.flatten().tolist()], "pixels": b64(pixels)}


def run(case):
    op = case["op"]
    if op == "grid":
        return {"grids": [list(choose_grid(w, h, case["minTiles"], case["maxTiles"], case["tileSize"]))
                          for w, h in case["sizes"]]}
    if op == "tile":
        return tile(case)
    if op == "region":
        image = to_image(case)
        return {"regions": [region(image, m, case["scale"], case["grid"], case["tileSize"]) for m in case["masks"]]}
    raise ValueError(f"unknown op {op}")


def main():
    request = json.load(sys.stdin)
    json.dump({"results": [run(c) for c in request["cases"]]}, sys.stdout)


if __name__ == "__main__":
    main()
