"""Independent numpy oracle for semantic-segmentation mIoU from a dataset-level confusion matrix.

stdin: {"num_classes": K, "ignore_label": 255, and either "pairs": [{"gt": [...], "pred": [...]}]
        (flat label lists) or "gt_dir"/"pred_dir" (PNG label maps read with PIL, paired by name)}
stdout: {"detectron2": mIoU over classes with gt pixels, "mmseg": nan-mean over classes with union > 0,
         "iou": per-class IoU or null}
"""
import json
import os
import sys

import numpy as np
from PIL import Image


def pairs_from(data):
    if "pairs" in data:
        for p in data["pairs"]:
            yield np.asarray(p["gt"], dtype=np.int64), np.asarray(p["pred"], dtype=np.int64)
        return
    for name in sorted(n for n in os.listdir(data["gt_dir"]) if n.endswith(".png")):
        gt = np.array(Image.open(os.path.join(data["gt_dir"], name)), dtype=np.int64).ravel()
        pred = np.array(Image.open(os.path.join(data["pred_dir"], name)), dtype=np.int64).ravel()
        yield gt, pred


def main():
    data = json.load(sys.stdin)
    k, ignore = data["num_classes"], data.get("ignore_label", 255)
    # rows: ground truth 0..K-1; columns: prediction 0..K-1 plus one column for "predicted ignore"
    conf = np.zeros((k, k + 1), dtype=np.int64)
    for gt, pred in pairs_from(data):
        keep = gt != ignore
        g, p = gt[keep], pred[keep]
        p = np.where(p == ignore, k, p)
        conf += np.bincount(g * (k + 1) + p, minlength=k * (k + 1)).reshape(k, k + 1)
    tp = np.diag(conf[:, :k]).astype(np.float64)
    gt_area = conf.sum(axis=1).astype(np.float64)
    pred_area = conf[:, :k].sum(axis=0).astype(np.float64)
    union = gt_area + pred_area - tp
    with np.errstate(invalid="ignore", divide="ignore"):
        iou = tp / union
    d2 = iou[gt_area > 0]
    mm = iou[union > 0]
    out = {
        "detectron2": float(d2.mean()) if d2.size else None,
        "mmseg": float(mm.mean()) if mm.size else None,
        "iou": [None if not np.isfinite(v) else float(v) for v in iou],
        "gt_area": gt_area.tolist(),
    }
    json.dump(out, sys.stdout)


main()
