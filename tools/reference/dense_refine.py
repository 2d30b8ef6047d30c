"""Independent numpy oracle for owseg's dense refinement rules (ROSE), written from the definitions.

stdin:  {"cases": [{"height": H, "width": W, "pred": [...], "ref": [...], "k": k}]}, label maps as
        flat row-major lists of category ids, 0 = void, one id space for both.
stdout: {"cases": [{"errors": [[c, umi, recall], ...] (every c in ref, ascending),
                    "worst": [c, ...], "situations": {c: [kind, d or null]}}]}
Definitions (pixels where ref is void are left out; R_c = ref == c, P_c = pred == c on the rest):
  UmI(c) = |P_c | R_c| - |P_c & R_c|;  recall(c) = |P_c & R_c| / |R_c|
  worst k = the k largest UmI, equal UmI -> lower c first
  situation(c): recall >= 0.2 -> incomplete; else wrong-category (d) when some d not in {0, c}
                covers more than half of R_c; else missed
"""
import json
import sys

import numpy as np


def solve(case):
    shape = (case["height"], case["width"])
    pred = np.asarray(case["pred"], dtype=np.int64).reshape(shape)
    ref = np.asarray(case["ref"], dtype=np.int64).reshape(shape)
    annotated = ref != 0
    errors, situations = [], {}
    for c in np.unique(ref[annotated]):
        r = ref == c
        p = (pred == c) & annotated
        inter = int(np.count_nonzero(p & r))
        umi = int(np.count_nonzero(p | r)) - inter
        size = int(np.count_nonzero(r))
        recall = inter / size
        errors.append([int(c), umi, recall])
        if recall >= 0.2:
            situations[str(int(c))] = ["incomplete", None]
            continue
        others = pred[r]
        others = others[(others != 0) & (others != c)]
        values, counts = np.unique(others, return_counts=True)
        winners = values[2 * counts > size]
        situations[str(int(c))] = ["wrong-category", int(winners[0])] if len(winners) else ["missed", None]
    worst = sorted(errors, key=lambda e: (-e[1], e[0]))[: case["k"]]
    return {"errors": errors, "worst": [e[0] for e in worst], "situations": situations}


def main():
    data = json.load(sys.stdin)
    json.dump({"cases": [solve(case) for case in data["cases"]]}, sys.stdout)


main()
