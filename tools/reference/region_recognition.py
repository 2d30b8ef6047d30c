#!/usr/bin/python3
"""Independent oracle for owseg's region-recognition clean-ups and Semantic IoU.

Written from the two published evaluation scripts, not from owseg's TypeScript:
  * Osprey  (CircleRadon/Osprey, osprey/eval/lvis_paco_eval.py)
  * WOW-Seg (AAwcAA/WOW-Seg-Meta, wow_eval/convert_osprey_to_internvl.py for the ground truth,
             then wow_eval/semantic_eval.py for both strings)
Uses Python's own str.split/str.strip/str.lower/re, which is what the references run, so
differences in whitespace or case handling between JavaScript and Python show up here.

Usage: /usr/bin/python3 tools/reference/region_recognition.py < request.json > response.json
Request:  {"cleanup": "osprey" | "wowseg",
           "pairs": [{"prediction": str, "groundTruth": str}, ...],
           "embeddings": [[pred_vec, gt_vec], ...]}     # optional, one pair of vectors per pair
Response: {"pairs": [{"prediction": cleaned, "groundTruth": cleaned, "SIoU": float,
                      "SS": float (only with embeddings)}],
           "SIoU": mean, "SS": mean (only with embeddings)}
"""
import json
import math
import re
import sys


def osprey_gt(category):
    # lvis_paco_eval.py: category.replace('_', ' ') then .replace(':', ' ')
    return category.replace('_', ' ').replace(':', ' ')


def osprey_pred(outputs):
    # lvis_paco_eval.py after decoding: strip, (cut the '</s>' stop string, strip), keep
    # split(':')[1], then '.', ':' and ',' to spaces. The stop string belongs to the model's decoding.
    outputs = outputs.strip()
    if ':' in outputs:
        outputs = outputs.split(':')[1]
    for ch in ('.', ':', ','):
        outputs = outputs.replace(ch, ' ')
    return outputs


def wowseg_convert(name):
    # convert_osprey_to_internvl.py, _normalize_category_name
    while '(' in name and ')' in name:
        open_at = name.find('(')
        close_at = name.find(')', open_at)
        if close_at == -1:
            break
        if open_at > 0 and name[open_at - 1] == '_':
            open_at -= 1
        name = name[:open_at].strip() + name[close_at + 1:]
    name = name.replace('_', ' ').replace('-', ' ')
    pieces = name.split(':')
    if len(pieces) > 1:
        name = ': '.join(piece.strip() for piece in pieces)
    return ' '.join(name.split()).strip()


def wowseg_gt(label):
    label = wowseg_convert(label)
    # semantic_eval.py
    if '_(' in label and ')' in label:
        label = re.sub(r'_\(.*?\)', '', label)
    return label.replace('_', ' ').replace(':', ' ')


def wowseg_pred(label):
    return label.replace('_', ' ').replace(':', ' ')


def semantic_iou(value, target):
    a = set(value.lower().split())
    b = set(target.lower().split())
    union = len(a | b)
    return len(a & b) / union if union > 0 else 0.0


def cos_sim(u, v):
    # sentence_transformers.util.cos_sim: F.normalize (eps 1e-12) of each, then the dot product
    nu = max(math.sqrt(sum(x * x for x in u)), 1e-12)
    nv = max(math.sqrt(sum(x * x for x in v)), 1e-12)
    return sum((x / nu) * (y / nv) for x, y in zip(u, v))


def main():
    request = json.load(sys.stdin)
    variant = request['cleanup']
    if variant == 'osprey':
        clean_pred, clean_gt = osprey_pred, osprey_gt
    elif variant == 'wowseg':
        clean_pred, clean_gt = wowseg_pred, wowseg_gt
    else:
        sys.exit('unknown cleanup ' + repr(variant))
    embeddings = request.get('embeddings')
    out = []
    for i, pair in enumerate(request['pairs']):
        pred = clean_pred(pair['prediction'])
        gt = clean_gt(pair['groundTruth'])
        entry = {'prediction': pred, 'groundTruth': gt, 'SIoU': semantic_iou(pred, gt)}
        if embeddings is not None:
            entry['SS'] = cos_sim(embeddings[i][0], embeddings[i][1])
        out.append(entry)
    n = max(len(out), 1)
    response = {'pairs': out, 'SIoU': sum(e['SIoU'] for e in out) / n if out else 0.0}
    if embeddings is not None:
        response['SS'] = sum(e['SS'] for e in out) / n if out else 0.0
    json.dump(response, sys.stdout)


if __name__ == '__main__':
    main()
