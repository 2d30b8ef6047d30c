"""Reference prompt points for Segment Anyword, written from the definitions with numpy and scipy.

JSON on stdin, JSON on stdout (see test/tasks/ground/prompts-oracle.test.ts). Maps travel as
base64 little-endian float32, masks as strings of '0'/'1', both row-major. Steps, as owseg
documents them:
  threshold  value >= ratio * max(map), computed in float64
  largest    scipy.ndimage.label (3x3 structure for 8-connectivity, cross for 4); the largest
             area, ties to the lowest label
  positives  the region's highest value (first in raster order), then each next pixel maximising
             its smallest distance to those taken (first in raster order); points at pixel centres
  background candidates outside `exclude`; low area = candidates <= the ceil(n/10)-th smallest
             candidate value; farthest-point sampling seeded with `exclude`
Distances are compared squared, as exact integers.
"""
import base64
import json
import sys

import numpy as np
from scipy import ndimage
from scipy.spatial.distance import cdist


def to_map(case):
    flat = np.frombuffer(base64.b64decode(case["data"]), dtype="<f4").astype(np.float64)
    return flat.reshape(case["h"], case["w"])


def to_mask(case, key="bits"):
    flat = np.frombuffer(case[key].encode("ascii"), dtype=np.uint8) - ord("0")
    return flat.reshape(case["h"], case["w"]).astype(bool)


def to_bits(array):
    return "".join("1" if v else "0" for v in np.asarray(array).ravel())


def threshold(values, ratio):
    return values >= ratio * values.max()


def largest(mask, connectivity):
    structure = np.ones((3, 3), dtype=bool) if connectivity == 8 else ndimage.generate_binary_structure(2, 1)
    labels, count = ndimage.label(mask, structure=structure)
    areas = np.bincount(labels.ravel(), minlength=count + 1)[1:]
    return labels == int(np.argmax(areas)) + 1


def farthest(coords, start_distance, chosen, count):
    """Greedy max-min selection over `coords` (row order = raster order); `chosen` are row numbers."""
    while len(chosen) < min(count, len(coords)):
        nearest = start_distance.copy()
        if chosen:
            to_chosen = cdist(coords, coords[chosen], metric="sqeuclidean").min(axis=1)
            nearest = np.minimum(nearest, to_chosen)
        nearest[chosen] = -1
        chosen.append(int(np.argmax(nearest)))
    return chosen


def centres(coords, rows):
    return [[float(coords[r, 1]) + 0.5, float(coords[r, 0]) + 0.5] for r in rows]


def positives(values, region, k):
    coords = np.argwhere(region)
    peak = int(np.argmax(values[region]))
    rows = farthest(coords, np.full(len(coords), np.inf), [peak], k)
    return centres(coords, rows)


def background(values, exclude, count):
    outside = ~exclude
    cut = np.sort(values[outside])[(int(outside.sum()) + 9) // 10 - 1]
    low = outside & (values <= cut)
    coords = np.argwhere(low)
    # The feature transform names each pixel's nearest `exclude` pixel; squaring the offset keeps it exact.
    _, (near_y, near_x) = ndimage.distance_transform_edt(outside, return_indices=True)
    ys, xs = coords[:, 0], coords[:, 1]
    to_exclude = ((ys - near_y[ys, xs]) ** 2 + (xs - near_x[ys, xs]) ** 2).astype(np.float64)
    return centres(coords, farthest(coords, to_exclude, [], count))


def chain(case):
    values = to_map(case)
    mask = threshold(values, case["ratio"])
    region = largest(mask, case["connectivity"])
    result = {"mask": to_bits(mask), "region": to_bits(region), "positives": positives(values, region, case["k"])}
    if not region.all():
        result["background"] = background(values, region, case["count"])
    return result


def main():
    request = json.load(sys.stdin)
    response = {
        "chain": [chain(case) for case in request.get("chain", [])],
        "largest": [to_bits(largest(to_mask(case), case["connectivity"])) for case in request.get("largest", [])],
        "positives": [positives(to_map(case), to_mask(case, "region"), case["k"]) for case in request.get("positives", [])],
        "background": [
            background(to_map(case), to_mask(case, "exclude"), case["count"]) for case in request.get("background", [])
        ],
    }
    json.dump(response, sys.stdout)


if __name__ == "__main__":
    main()
