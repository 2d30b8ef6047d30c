#!/usr/bin/env python3
"""Independent numpy oracle for owseg's COCO mask AP (src/eval/coco-ap), standing in for pycocotools'
COCOeval(iouType='segm'), which is not installable here. Written from COCOeval's published behaviour,
sharing no code with the TypeScript: masks are decoded to bitmaps and IoUs taken as matrix products,
accumulation uses numpy's cumsum / searchsorted / mean as pycocotools does.

Reads {"gt": COCO instances, "results": [...], "useCats": bool, optional "iouThrs", "maxDets",
"areaRng": [[lo, hi], ...], "areaLbl": [...]} as JSON on stdin; writes {"stats": [12 numbers],
"precision": flat [T,R,K,A,M], "recall": flat [T,K,A,M], "iouThrs", "recThrs"} on stdout.
{"requests": [...]} evaluates several requests, answering {"outputs": [...]}.
{"means": [[...], ...]} instead asks for np.mean of each vector, which summarize's numbers depend on.
"""
import json
import sys

import numpy as np

from coco_mask import decode, fr_poly


def to_rle(segm, h, w):
    """annToRLE: polygons rasterised and merged, uncompressed and compressed RLE decoded as they are."""
    if isinstance(segm, list):
        return fr_poly(segm, h, w)
    return segm


def mask_ious(dts, gts):
    """Rows = detections, columns = ground truths; a crowd divides by the detection's pixel count."""
    if len(dts) == 0 or len(gts) == 0:
        return np.zeros((len(dts), len(gts)))
    d = np.stack([decode(x['rle']).reshape(-1) for x in dts]).astype(np.int64)
    g = np.stack([decode(x['rle']).reshape(-1) for x in gts]).astype(np.int64)
    inter = d @ g.T
    d_px = d.sum(axis=1)[:, None]
    union = d_px + g.sum(axis=1)[None, :] - inter
    crowd = np.array([x['iscrowd'] for x in gts], dtype=bool)[None, :]
    denom = np.where(crowd, d_px, union)
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.where(inter == 0, 0.0, inter / np.maximum(denom, 1))


def load_results(gt, results):
    """loadRes: ids 1..N in file order, not crowds; area from the mask unless the first result has a bbox."""
    images = {im['id']: im for im in gt['images']}
    from_box = len(results) > 0 and len(results[0].get('bbox', [])) > 0
    out = []
    for n, r in enumerate(results):
        im = images[r['image_id']]
        rle = to_rle(r['segmentation'], im['height'], im['width'])
        if from_box and 'bbox' in r:
            area = r['bbox'][2] * r['bbox'][3]
        else:
            area = int(decode(rle).sum())
        out.append({'id': n + 1, 'image_id': r['image_id'], 'category_id': r['category_id'],
                    'score': r['score'], 'rle': rle, 'area': area, 'iscrowd': 0})
    return out


def evaluate_image(gts, dts, ious, rng, thrs, max_det):
    """One image (and category): greedy matching per threshold, as COCOeval.evaluateImg."""
    ig = np.array([1 if (g['iscrowd'] or g['area'] < rng[0] or g['area'] > rng[1]) else 0 for g in gts], dtype=int)
    g_order = np.argsort(ig, kind='mergesort')
    gts = [gts[i] for i in g_order]
    ig = ig[g_order]
    ious = ious[:, g_order] if ious.size else ious
    dts = dts[:max_det]
    T, G, D = len(thrs), len(gts), len(dts)
    g_taken = np.zeros((T, G))
    d_match = np.zeros((T, D))
    d_ignore = np.zeros((T, D))
    if G and D:
        for ti, thr in enumerate(thrs):
            for di, dt in enumerate(dts):
                need, found = min(thr, 1 - 1e-10), -1
                for gi in range(G):
                    if g_taken[ti, gi] > 0 and not gts[gi]['iscrowd']:
                        continue
                    if found > -1 and ig[found] == 0 and ig[gi] == 1:
                        break
                    if ious[di, gi] < need:
                        continue
                    need, found = ious[di, gi], gi
                if found == -1:
                    continue
                d_ignore[ti, di] = ig[found]
                d_match[ti, di] = gts[found]['id']
                g_taken[ti, found] = dt['id']
    outside = np.array([d['area'] < rng[0] or d['area'] > rng[1] for d in dts], dtype=bool)[None, :]
    d_ignore = np.logical_or(d_ignore, np.logical_and(d_match == 0, outside))
    return {'scores': np.array([d['score'] for d in dts], dtype=float), 'match': d_match,
            'ignore': d_ignore, 'gt_ignore': ig}


def main():
    req = json.load(sys.stdin)
    if 'means' in req:
        json.dump({'means': [float(np.mean(np.array(v, dtype=float))) for v in req['means']]}, sys.stdout)
    elif 'requests' in req:
        json.dump({'outputs': [evaluate(r) for r in req['requests']]}, sys.stdout)
    else:
        json.dump(evaluate(req), sys.stdout)


def evaluate(req):
    gt, use_cats = req['gt'], req.get('useCats', True)
    thrs = np.array(req['iouThrs']) if 'iouThrs' in req else np.linspace(.5, .95, 10)
    rec = np.linspace(0, 1, 101)
    max_dets = sorted(req.get('maxDets', [1, 10, 100]))
    area_rng = req.get('areaRng', [[0, 1e10], [0, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e10]])
    area_lbl = req.get('areaLbl', ['all', 'small', 'medium', 'large'])
    img_ids = sorted(im['id'] for im in gt['images'])
    cat_ids = sorted(c['id'] for c in gt['categories'])
    images = {im['id']: im for im in gt['images']}

    gts_by, dts_by = {}, {}
    for a in gt['annotations']:
        im = images[a['image_id']]
        g = dict(a, rle=to_rle(a['segmentation'], im['height'], im['width']), iscrowd=a.get('iscrowd', 0))
        gts_by.setdefault((a['image_id'], a['category_id']), []).append(g)
    for d in load_results(gt, req['results']):
        dts_by.setdefault((d['image_id'], d['category_id']), []).append(d)

    groups = cat_ids if use_cats else [-1]
    T, R, K, A, M = len(thrs), len(rec), len(groups), len(area_rng), len(max_dets)
    precision = -np.ones((T, R, K, A, M))
    recall = -np.ones((T, K, A, M))
    for k, cat in enumerate(groups):
        per_area = [[] for _ in area_rng]
        for img in img_ids:
            cats = [cat] if use_cats else cat_ids
            gts = [g for c in cats for g in gts_by.get((img, c), [])]
            dts = [d for c in cats for d in dts_by.get((img, c), [])]
            if not gts and not dts:
                continue
            order = np.argsort([-d['score'] for d in dts], kind='mergesort')
            dts = [dts[i] for i in order][:max_dets[-1]]
            ious = mask_ious(dts, gts)
            for a, rng in enumerate(area_rng):
                per_area[a].append(evaluate_image(gts, dts, ious, rng, thrs, max_dets[-1]))
        for a in range(A):
            E = per_area[a]
            if not E:
                continue
            npig = np.count_nonzero(np.concatenate([e['gt_ignore'] for e in E]) == 0)
            if npig == 0:
                continue
            for m, md in enumerate(max_dets):
                scores = np.concatenate([e['scores'][:md] for e in E])
                order = np.argsort(-scores, kind='mergesort')
                match = np.concatenate([e['match'][:, :md] for e in E], axis=1)[:, order]
                ignore = np.concatenate([e['ignore'][:, :md] for e in E], axis=1)[:, order]
                tps = np.cumsum(np.logical_and(match, ~ignore), axis=1).astype(float)
                fps = np.cumsum(np.logical_and(match == 0, ~ignore), axis=1).astype(float)
                for t in range(T):
                    tp, fp = tps[t], fps[t]
                    nd = len(tp)
                    rc = tp / npig
                    pr = tp / (fp + tp + np.spacing(1))
                    recall[t, k, a, m] = rc[-1] if nd else 0
                    pr = np.maximum.accumulate(pr[::-1])[::-1] if nd else pr
                    idx = np.searchsorted(rc, rec, side='left')
                    q = np.zeros(R)
                    ok = idx < nd
                    q[ok] = pr[idx[ok]]
                    precision[t, :, k, a, m] = q

    def summ(ap, thr=None, area='all', md=100):
        s = precision if ap else recall
        if thr is not None:
            s = s[np.where(thr == thrs)[0]]
        ai = [i for i, l in enumerate(area_lbl) if l == area]
        mi = [i for i, x in enumerate(max_dets) if x == md]
        s = s[..., ai, :][..., mi]
        sel = s[s > -1]
        return -1.0 if sel.size == 0 else float(np.mean(sel))

    md = max_dets + [None] * 3
    stats = [summ(1), summ(1, .5, md=md[2]), summ(1, .75, md=md[2]),
             summ(1, area='small', md=md[2]), summ(1, area='medium', md=md[2]), summ(1, area='large', md=md[2]),
             summ(0, md=md[0]), summ(0, md=md[1]), summ(0, md=md[2]),
             summ(0, area='small', md=md[2]), summ(0, area='medium', md=md[2]), summ(0, area='large', md=md[2])]
    return {'stats': stats, 'precision': precision.reshape(-1).tolist(), 'recall': recall.reshape(-1).tolist(),
            'iouThrs': thrs.tolist(), 'recThrs': rec.tolist()}


if __name__ == '__main__':
    main()
