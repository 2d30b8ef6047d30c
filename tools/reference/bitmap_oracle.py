"""Reference results for owseg's bitmap helpers, computed by the libraries owseg must agree with.

JSON on stdin, JSON on stdout (see test/core/bitmap/oracle.test.ts). Masks travel as strings of
'0'/'1' in row-major order. scipy.ndimage gives connected components and hole filling; torch's
F.interpolate and PIL give nearest resizing; OpenCV gives the components segment-anything's
remove_small_regions is built on. torch and OpenCV are optional: when one is missing its answers
are null and the test says it skipped them.
"""
import json
import sys

import numpy as np
from PIL import Image
from scipy import ndimage

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None

try:
    import cv2
except ImportError:
    cv2 = None


def to_array(case):
    flat = np.frombuffer(case["bits"].encode("ascii"), dtype=np.uint8) - ord("0")
    return flat.reshape(case["h"], case["w"])


def to_bits(array):
    return "".join("1" if v else "0" for v in np.asarray(array).ravel())


def structure(connectivity):
    return ndimage.generate_binary_structure(2, 1 if connectivity == 4 else 2)


def label(case):
    labels, count = ndimage.label(to_array(case), structure=structure(case["connectivity"]))
    areas = ndimage.sum_labels(np.ones_like(labels), labels, index=np.arange(1, count + 1))
    boxes = [[s[1].start, s[0].start, s[1].stop, s[0].stop] for s in ndimage.find_objects(labels)]
    return {"count": int(count), "labels": labels.ravel().tolist(), "areas": [int(a) for a in areas], "boxes": boxes}


def fill(case):
    return to_bits(ndimage.binary_fill_holes(to_array(case), structure=structure(case["connectivity"])))


def torch_indices(size_in, size_out, mode):
    source = torch.arange(size_in, dtype=torch.float32).reshape(1, 1, 1, size_in)
    return F.interpolate(source, size=(1, size_out), mode=mode)[0, 0, 0].to(torch.int64).tolist()


def pil_indices(size_in, size_out):
    source = Image.fromarray(np.arange(size_in, dtype=np.int32).reshape(1, size_in), mode="I")
    return np.asarray(source.resize((size_out, 1), Image.NEAREST))[0].tolist()


def resize_index(case):
    result = {"pil": pil_indices(case["in"], case["out"])}
    if torch is not None:
        result["floor"] = torch_indices(case["in"], case["out"], "nearest")
        result["center"] = torch_indices(case["in"], case["out"], "nearest-exact")
    return result


def resize_2d(case):
    if torch is None:
        return None
    source = torch.from_numpy(to_array(case).astype(np.float32))[None, None]
    size = (case["outH"], case["outW"])
    return {
        "floor": to_bits(F.interpolate(source, size=size, mode="nearest")[0, 0].numpy()),
        "center": to_bits(F.interpolate(source, size=size, mode="nearest-exact")[0, 0].numpy()),
    }


def small_regions(case):
    """segment-anything's remove_small_regions rule, stated here on OpenCV's own labelling."""
    mask = to_array(case).astype(bool)
    holes = case["mode"] == "holes"
    working = (mask != holes).astype(np.uint8)
    count, regions, stats, _ = cv2.connectedComponentsWithStats(working, 8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    small = np.flatnonzero(areas < case["thresh"]) + 1
    if small.size == 0:
        return {"bits": to_bits(mask), "changed": False}
    if holes:
        keep = np.concatenate(([0], small))
    else:
        keep = np.setdiff1d(np.arange(1, count), small)
        if keep.size == 0:
            keep = np.array([np.argmax(areas) + 1])
    return {"bits": to_bits(np.isin(regions, keep)), "changed": True}


def main():
    request = json.load(sys.stdin)
    response = {
        "available": {"torch": torch is not None, "cv2": cv2 is not None},
        "label": [label(case) for case in request.get("label", [])],
        "fill": [fill(case) for case in request.get("fill", [])],
        "resizeIndex": [resize_index(case) for case in request.get("resizeIndex", [])],
        "resize2d": [resize_2d(case) for case in request.get("resize2d", [])],
        "small": [small_regions(case) for case in request.get("small", [])] if cv2 is not None else None,
    }
    json.dump(response, sys.stdout)


if __name__ == "__main__":
    main()
