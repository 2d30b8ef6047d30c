"""Coverage of a coarse grid of cells by a binary mask, as exact area fractions, computed from
1-D overlap matrices (pixel interval ∩ cell interval) in exact rational arithmetic: coverage =
Oyᵀ · M · Ox / cell area. Written from the definition for owseg's RAS mask pooling tests.

stdin: {"cases": [{"height", "width", "data": [0/1 row-major], "columns", "rows"}]}
stdout: {"coverage": [[row-major floats per case]]}
"""
import json
import sys
from fractions import Fraction

import numpy as np


def overlaps(pixels, cells):
    """pixels × cells matrix of |[p, p+1) ∩ [c·L/n, (c+1)·L/n)| with L = pixels, n = cells."""
    out = np.zeros((pixels, cells), dtype=object)
    for c in range(cells):
        lo = Fraction(c * pixels, cells)
        hi = Fraction((c + 1) * pixels, cells)
        for p in range(pixels):
            out[p, c] = max(Fraction(0), min(Fraction(p + 1), hi) - max(Fraction(p), lo))
    return out


def coverage(case):
    h, w = case["height"], case["width"]
    mask = np.array(case["data"], dtype=object).reshape(h, w)
    ox = overlaps(w, case["columns"])
    oy = overlaps(h, case["rows"])
    area = oy.T.dot(mask).dot(ox)
    cell = Fraction(w, case["columns"]) * Fraction(h, case["rows"])
    return [float(v / cell) for v in area.reshape(-1)]


request = json.load(sys.stdin)
json.dump({"coverage": [coverage(c) for c in request["cases"]]}, sys.stdout)
