#!/usr/bin/env python3
"""Independent numpy oracle for owseg's COCO RLE module (src/core/rle), standing in for pycocotools,
which is not installable here: same published behaviour, no code shared with the TypeScript.

It follows the COCO format description and the behaviour maskApi.c exhibits, in numpy's own idiom:
masks are flattened in Fortran order and their runs found with np.diff, polygons are rasterised by
materialising every point of pycocotools' 5x-upsampled boundary walk, and merge / IoU work on whole
bitmaps (so they model pycocotools only for canonical RLEs, without empty runs in the middle).
Reads {"cases": [...]} as JSON on stdin, writes {"results": [...]} on stdout.

Case kinds (masks travel as base64 of row-major 0/1 bytes):
  encode   {h, w, mask}              -> {size, counts}
  decode   {rle}                     -> {mask}
  area     {rle}                     -> int
  toBbox   {rle}                     -> [x, y, w, h]   (pycocotools >= 2.0.3 semantics)
  merge    {rles, intersect}         -> {size, counts}  (canonical inputs only)
  iou      {dts, gts, iscrowd}       -> [[...]] rows = dts, or [] when either list is empty
  frPoly   {polygons, h, w}          -> {size, counts}  union of the polygons
  frBbox   {bbox, h, w}              -> {size, counts}
"""
import base64
import json
import sys

import numpy as np

SCALE = 5
INT_MIN = -2.0 ** 31  # what x86 produces when C casts NaN to int


# ---- counts strings -------------------------------------------------------------------------

def string_from_runs(runs):
    """Signed little-endian base-32 groups, 0x20 = another group follows, chars from '0'; the 4th run on is a delta."""
    chars = []
    for i, run in enumerate(int(r) for r in runs):
        value = run - int(runs[i - 2]) if i >= 3 else run
        while True:
            group = value & 0x1F
            value >>= 5  # Python ints shift arithmetically, like C's long
            last = value == (-1 if group & 0x10 else 0)
            chars.append(chr(48 + group + (0 if last else 0x20)))
            if last:
                break
    return ''.join(chars)


def runs_from_string(text):
    runs = []
    pos = 0
    while pos < len(text):
        value, shift = 0, 0
        while True:
            group = ord(text[pos]) - 48
            pos += 1
            value |= (group & 0x1F) << shift
            shift += 5
            if not group & 0x20:
                if group & 0x10:
                    value -= 1 << shift
                break
        if len(runs) >= 3:
            value += runs[-2]
        runs.append(value)
    return runs


def runs_of(rle):
    counts = rle['counts']
    return np.asarray(runs_from_string(counts) if isinstance(counts, str) else counts, dtype=np.int64)


# ---- masks <-> runs -------------------------------------------------------------------------

def mask_from_b64(text, h, w):
    return np.frombuffer(base64.b64decode(text), dtype=np.uint8).reshape(h, w)


def mask_to_b64(mask):
    return base64.b64encode(np.ascontiguousarray(mask, dtype=np.uint8).tobytes()).decode('ascii')


def encode(mask):
    h, w = mask.shape
    column_major = mask.flatten(order='F').astype(np.int8)
    if column_major.size == 0:
        runs = np.array([0])
    else:
        # Runs start at index 0 and wherever the value changes; the first run always counts zeros.
        starts = np.flatnonzero(np.diff(column_major)) + 1
        edges = np.concatenate(([0], starts, [column_major.size]))
        runs = np.diff(edges)
        if column_major[0] == 1:
            runs = np.concatenate(([0], runs))
    return {'size': [h, w], 'counts': string_from_runs(runs)}


def decode(rle):
    h, w = rle['size']
    runs = runs_of(rle)
    values = np.arange(len(runs)) % 2
    return np.repeat(values, runs).astype(np.uint8).reshape((h, w), order='F')


def to_bbox(rle):
    """Box of the runs of 1s: a run that wraps into another column spans the full height."""
    h, w = rle['size']
    runs = runs_of(rle)
    even = len(runs) // 2 * 2
    if even == 0:
        return [0.0, 0.0, 0.0, 0.0]
    ends = np.cumsum(runs[:even])
    fg_start = ends[0::2]
    fg_len = runs[1:even:2]
    keep = fg_len > 0
    fg_start, fg_last = fg_start[keep], (fg_start + fg_len - 1)[keep]
    if fg_start.size == 0:
        # pycocotools' uint32 subtraction when no run of 1s has pixels
        return [float(w), float(h), float((1 - w) % 2 ** 32), float((1 - h) % 2 ** 32)]
    x0, y0 = np.divmod(fg_start, h)
    x1, y1 = np.divmod(fg_last, h)
    wraps = x0 < x1
    left, right = int(x0.min()), int(x1.max())
    if wraps.any():
        top, bottom = 0, h - 1
    else:
        top, bottom = int(y0.min()), int(y1.max())
    return [float(left), float(top), float(right - left + 1), float(bottom - top + 1)]


# ---- polygons --------------------------------------------------------------------------------

def c_int(values):
    """C's (int) conversion of doubles: truncation toward zero."""
    return np.trunc(values)


def boundary_walk(xy):
    """Every fine-grid point pycocotools visits going round the polygon, in order."""
    pts = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    gx = c_int(SCALE * pts[:, 0] + 0.5).astype(np.int64)
    gy = c_int(SCALE * pts[:, 1] + 0.5).astype(np.int64)
    us, vs = [], []
    for j in range(len(pts)):
        xa, ya = int(gx[j]), int(gy[j])
        xb, yb = int(gx[(j + 1) % len(pts)]), int(gy[(j + 1) % len(pts)])
        dx, dy = abs(xb - xa), abs(yb - ya)
        reverse = (dx >= dy and xa > xb) or (dx < dy and ya > yb)
        if reverse:
            xa, xb, ya, yb = xb, xa, yb, ya
        if dx >= dy:
            t = np.arange(dx + 1, dtype=np.int64)
            u = (xa + t).astype(np.float64)
            if dx == 0:
                v = np.array([INT_MIN])  # 0/0 slope
            else:
                v = c_int(ya + ((yb - ya) / dx) * t + 0.5)
        else:
            t = np.arange(dy + 1, dtype=np.int64)
            v = (ya + t).astype(np.float64)
            u = c_int(xa + ((xb - xa) / dy) * t + 0.5)
        if reverse:
            u, v = u[::-1], v[::-1]
        us.append(u)
        vs.append(v)
    if not us:
        return np.zeros(0), np.zeros(0)
    return np.concatenate(us), np.concatenate(vs)


def polygon_mask(xy, h, w):
    u, v = boundary_walk(xy)
    step = np.flatnonzero(u[1:] != u[:-1]) + 1
    u_now, u_before = u[step], u[step - 1]
    # Downsample x: keep steps across the fine line just right of a pixel centre (fine x = 5c + 2).
    xd = np.where(u_now < u_before, u_now, u_now - 1)
    xd = (xd + 0.5) / SCALE - 0.5
    inside = (np.floor(xd) == xd) & (xd >= 0) & (xd <= w - 1)
    yd = np.minimum(v[step], v[step - 1])
    yd = np.ceil(np.clip((yd + 0.5) / SCALE - 0.5, 0, h))
    positions = (xd[inside] * h + yd[inside]).astype(np.int64)
    # Each boundary flips the value from its column-major position on; flips at the end do nothing.
    flips = np.bincount(positions, minlength=h * w + 1)[: h * w] % 2
    column_major = np.cumsum(flips) % 2
    return column_major.astype(np.uint8).reshape((h, w), order='F')


def fr_poly(polygons, h, w):
    union = np.zeros((h, w), dtype=np.uint8)
    for polygon in polygons:
        union |= polygon_mask(polygon, h, w)
    return encode(union)


def fr_bbox(bbox, h, w):
    x, y, bw, bh = (float(c) for c in bbox)
    return fr_poly([[x, y, x, y + bh, x + bw, y + bh, x + bw, y]], h, w)


# ---- merge and IoU ---------------------------------------------------------------------------

def merge(rles, intersect):
    masks = [decode(r).astype(bool) for r in rles]
    combined = np.logical_and.reduce(masks) if intersect else np.logical_or.reduce(masks)
    return encode(combined.astype(np.uint8))


def iou(dts, gts, iscrowd):
    if len(dts) == 0 or len(gts) == 0:
        return []
    d = np.stack([decode(r).reshape(-1) for r in dts]).astype(np.int64)
    g = np.stack([decode(r).reshape(-1) for r in gts]).astype(np.int64)
    inter = d @ g.T
    d_area = d.sum(axis=1)[:, None]
    union = d_area + g.sum(axis=1)[None, :] - inter
    denom = np.where(np.asarray(iscrowd, dtype=bool)[None, :], d_area, union)
    result = np.where(inter == 0, 0.0, inter / np.maximum(denom, 1))
    return result.tolist()


def run_case(case):
    op = case['op']
    if op == 'encode':
        return encode(mask_from_b64(case['mask'], case['h'], case['w']))
    if op == 'decode':
        return {'mask': mask_to_b64(decode(case['rle']))}
    if op == 'area':
        return int(runs_of(case['rle'])[1::2].sum())
    if op == 'toBbox':
        return to_bbox(case['rle'])
    if op == 'merge':
        return merge(case['rles'], case.get('intersect', False))
    if op == 'iou':
        return iou(case['dts'], case['gts'], case['iscrowd'])
    if op == 'frPoly':
        return fr_poly(case['polygons'], case['h'], case['w'])
    if op == 'frBbox':
        return fr_bbox(case['bbox'], case['h'], case['w'])
    raise ValueError(f'unknown op {op!r}')


def main():
    request = json.load(sys.stdin)
    with np.errstate(invalid='ignore'):
        results = [run_case(case) for case in request['cases']]
    json.dump({'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
