"""Independent numpy oracle for referring segmentation metrics.

GRES as defined by ReLA (gRefCOCO): per-sample IoU with no-target handling, cIoU = sum I / sum U,
gIoU = mean IoU, N-acc and T-acc. RES as LISA's validation ("lisa" variant, with its epsilons).

stdin: {"samples": [{"pred": [0/1...], "gt": [0/1...], "no_target"?: bool, "pred_no_target"?: bool}],
        "empty_threshold": int}
stdout: {"gres": {gIoU, cIoU, N_acc, T_acc}, "res": {cIoU, gIoU}}
"""
import json
import sys

import numpy as np


def main():
    data = json.load(sys.stdin)
    threshold = data.get("empty_threshold", 0)
    inter, union, gt_area, pred_area = [], [], [], []
    gt_nt, pred_nt = [], []
    for s in data["samples"]:
        p = np.asarray(s["pred"], dtype=bool)
        g = np.asarray(s["gt"], dtype=bool)
        inter.append(np.count_nonzero(p & g))
        union.append(np.count_nonzero(p | g))
        gt_area.append(np.count_nonzero(g))
        pred_area.append(np.count_nonzero(p))
        gt_nt.append(s["no_target"] if "no_target" in s else gt_area[-1] == 0)
        pred_nt.append(s["pred_no_target"] if "pred_no_target" in s else pred_area[-1] <= threshold)
    inter, union = np.array(inter, dtype=np.float64), np.array(union, dtype=np.float64)
    gt_nt, pred_nt = np.array(gt_nt, dtype=bool), np.array(pred_nt, dtype=bool)

    # GRES: I is zeroed when the answer is "no target"; a correct "no target" also zeroes U.
    i_eff = np.where(pred_nt, 0.0, inter)
    i_eff = np.where(gt_nt, 0.0, i_eff)
    u_eff = np.where(gt_nt & pred_nt, 0.0, union)
    safe_u = np.where(u_eff > 0, u_eff, 1.0)
    sample_iou = np.where(gt_nt, np.where(pred_nt, 1.0, 0.0), np.where(u_eff > 0, i_eff / safe_u, 0.0))
    tp = int(np.sum(gt_nt & pred_nt))
    fn = int(np.sum(gt_nt & ~pred_nt))
    fp = int(np.sum(~gt_nt & pred_nt))
    tn = int(np.sum(~gt_nt & ~pred_nt))
    if tp + fn > 0:
        n_acc = tp / (tp + fn)
        t_acc = tn / (tn + fp) if tn + fp > 0 else None
    else:
        n_acc = t_acc = 0.0
    gres = {
        "gIoU": float(sample_iou.mean()),
        "cIoU": float(i_eff.sum() / u_eff.sum()) if u_eff.sum() > 0 else None,
        "N_acc": n_acc,
        "T_acc": t_acc,
    }
    res_iou = inter / (union + 1e-5) + (union == 0)
    res = {"cIoU": float(inter.sum() / (union.sum() + 1e-10)), "gIoU": float(res_iou.sum() / (len(res_iou) + 1e-5))}
    json.dump({"gres": gres, "res": res}, sys.stdout)


main()
