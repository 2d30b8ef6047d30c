#!/usr/bin/python3
"""Resize and decode oracle for owseg's image tests: calls Pillow and torch themselves.

stdin: {"cases": [case, ...]}; stdout: {"results": [result, ...]} in the same order.
Pixel buffers travel as base64 of their raw bytes (uint8, or little-endian float32).

case kinds:
  {"op": "resize", "convention": "pil" | "torch", "filter": "nearest" | "bilinear" | "bicubic",
   "dtype": "uint8" | "float32", "channels": C, "height": H, "width": W,
   "outHeight": OH, "outWidth": OW, "data": base64}
    uint8 data is interleaved (H, W, C) with C = 3; float32 data is planar (C, H, W).
    pil + uint8   -> Image.frombytes("RGB").resize((OW, OH), filter)
    pil + float32 -> each plane as an "F" image, .resize((OW, OH), filter)
    torch         -> F.interpolate(size=(OH, OW), mode=filter, align_corners=False for
                     bilinear/bicubic, antialias=False) on float32 [1, C, H, W]; for uint8 the
                     result is clamped to [0, 255] and rounded half to even (torchvision's rule).
    result: {"data": base64} in the layout of the input.
  {"op": "decode", "data": base64 of an encoded file}
    -> ImageOps.exif_transpose(Image.open(...)).convert("RGB"); result {"width", "height", "data"}.
"""
import base64
import io
import json
import sys

import numpy as np
from PIL import Image, ImageOps

PIL_FILTERS = {
    "nearest": Image.Resampling.NEAREST,
    "bilinear": Image.Resampling.BILINEAR,
    "bicubic": Image.Resampling.BICUBIC,
}


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def resize_pil(case, raw):
    size = (case["outWidth"], case["outHeight"])
    resample = PIL_FILTERS[case["filter"]]
    h, w = case["height"], case["width"]
    if case["dtype"] == "uint8":
        image = Image.frombytes("RGB", (w, h), raw.tobytes())
        return np.asarray(image.resize(size, resample), dtype=np.uint8)
    planes = raw.reshape(case["channels"], h, w)
    out = [
        np.asarray(Image.fromarray(plane, mode="F").resize(size, resample), dtype=np.float32)
        for plane in planes
    ]
    return np.stack(out)


def resize_torch(case, raw):
    import torch
    import torch.nn.functional as F

    h, w, c = case["height"], case["width"], case["channels"]
    if case["dtype"] == "uint8":
        x = torch.from_numpy(raw.reshape(h, w, c).astype(np.float32)).permute(2, 0, 1).contiguous()
    else:
        x = torch.from_numpy(raw.reshape(c, h, w).copy())
    mode = case["filter"]
    kwargs = {} if mode == "nearest" else {"align_corners": False, "antialias": False}
    y = F.interpolate(x[None], size=(case["outHeight"], case["outWidth"]), mode=mode, **kwargs)[0]
    if case["dtype"] == "uint8":
        return torch.round(y.clamp(0, 255)).to(torch.uint8).permute(1, 2, 0).contiguous().numpy()
    return y.contiguous().numpy()


def run(case):
    raw_bytes = base64.b64decode(case["data"])
    if case["op"] == "decode":
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(raw_bytes))).convert("RGB")
        return {"width": image.width, "height": image.height, "data": b64(np.asarray(image))}
    dtype = np.uint8 if case["dtype"] == "uint8" else np.dtype("<f4")
    raw = np.frombuffer(raw_bytes, dtype=dtype)
    out = resize_pil(case, raw) if case["convention"] == "pil" else resize_torch(case, raw)
    return {"data": b64(out)}


def main():
    request = json.load(sys.stdin)
    json.dump({"results": [run(case) for case in request["cases"]]}, sys.stdout)


if __name__ == "__main__":
    main()
