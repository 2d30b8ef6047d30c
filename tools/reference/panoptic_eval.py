"""Independent numpy oracle for panoptic quality (Kirillov et al. PQ as defined by panopticapi).

stdin: {"gt": <COCO panoptic JSON>, "pred": <...>, "gt_dir": str, "pred_dir": str}
stdout: {"stats": {PQ, SQ, RQ, PQ_th, ...} as fractions, "per_class": {id: {pq, sq, rq, tp, fp, fn, iou}}}
"""
import json
import os
import sys

import numpy as np
from PIL import Image


def load_ids(path):
    rgb = np.asarray(Image.open(path).convert("RGB"), dtype=np.int64)
    return rgb[..., 0] + 256 * rgb[..., 1] + 65536 * rgb[..., 2]


def image_counts(gt_ids, pred_ids, gt_segs, pred_segs, acc):
    # joint histogram of (gt id, pred id) pairs
    pairs, pixels = np.unique(gt_ids.ravel() * (1 << 24) + pred_ids.ravel(), return_counts=True)
    table = {(int(k >> 24), int(k & 0xFFFFFF)): int(c) for k, c in zip(pairs, pixels)}
    pred_area = {}
    for (g, p), c in table.items():
        pred_area[p] = pred_area.get(p, 0) + c
    gt_area_png = {}
    for (g, p), c in table.items():
        gt_area_png[g] = gt_area_png.get(g, 0) + c
    gt = {s["id"]: s for s in gt_segs}
    pred = {s["id"]: s for s in pred_segs}

    def gt_area(s):
        return s["area"] if "area" in s else gt_area_png[s["id"]]

    matched_g, matched_p = set(), set()
    for g, gs in gt.items():
        if gs.get("iscrowd", 0):
            continue
        for p, ps in pred.items():
            if ps["category_id"] != gs["category_id"]:
                continue
            inter = table.get((g, p), 0)
            if inter == 0:
                continue
            union = pred_area[p] + gt_area(gs) - inter - table.get((0, p), 0)
            iou = inter / union
            if iou > 0.5:
                a = acc.setdefault(gs["category_id"], [0.0, 0, 0, 0])
                a[0] += iou
                a[1] += 1
                matched_g.add(g)
                matched_p.add(p)
    crowd = {}
    for g, gs in gt.items():
        if g in matched_g:
            continue
        if gs.get("iscrowd", 0):
            crowd[gs["category_id"]] = g
        else:
            acc.setdefault(gs["category_id"], [0.0, 0, 0, 0])[3] += 1
    for p, ps in pred.items():
        if p in matched_p:
            continue
        ignored = table.get((0, p), 0)
        if ps["category_id"] in crowd:
            ignored += table.get((crowd[ps["category_id"]], p), 0)
        if ignored / pred_area[p] <= 0.5:
            acc.setdefault(ps["category_id"], [0.0, 0, 0, 0])[2] += 1


def main():
    data = json.load(sys.stdin)
    gt, pred = data["gt"], data["pred"]
    preds = {a["image_id"]: a for a in pred["annotations"]}
    acc = {}
    for a in gt["annotations"]:
        b = preds[a["image_id"]]
        image_counts(
            load_ids(os.path.join(data["gt_dir"], a["file_name"])),
            load_ids(os.path.join(data["pred_dir"], b["file_name"])),
            a["segments_info"], b["segments_info"], acc,
        )
    stats, per_class = {}, {}
    for suffix, keep in (("", lambda c: True), ("_th", lambda c: bool(c["isthing"])), ("_st", lambda c: not c["isthing"])):
        values = []
        for c in gt["categories"]:
            if not keep(c):
                continue
            iou, tp, fp, fn = acc.get(c["id"], [0.0, 0, 0, 0])
            if tp + fp + fn == 0:
                per_class[str(c["id"])] = dict(pq=0.0, sq=0.0, rq=0.0, tp=0, fp=0, fn=0, iou=0.0)
                continue
            d = tp + fp / 2 + fn / 2
            row = dict(pq=iou / d, sq=iou / tp if tp else 0.0, rq=tp / d, tp=tp, fp=fp, fn=fn, iou=iou)
            per_class[str(c["id"])] = row
            values.append((row["pq"], row["sq"], row["rq"]))
        v = np.array(values, dtype=np.float64).reshape(-1, 3)
        means = v.mean(axis=0) if len(v) else [None] * 3
        for name, m in zip(("PQ", "SQ", "RQ"), means):
            stats[name + suffix] = None if m is None else float(m)
    json.dump({"stats": stats, "per_class": per_class}, sys.stdout)


main()
