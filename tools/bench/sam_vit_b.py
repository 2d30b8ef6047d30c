#!/usr/bin/env python3
"""BENCH ONLY — never used by tests or CI. Drives segment-anything's own code (imported from a local
checkout named by OWSEG_BENCH_SAM_REPO; nothing of it is copied here) for `npm run bench -- everything`:

  export DIR   SAM ViT-B at its real dimensions with seeded random weights: the state dict as
               DIR/sam_vit_b_random.pth, the image encoder exported with torch.onnx.export and the
               prompt decoder through the repository's scripts/export_onnx_model.py (SamOnnxModel,
               four masks, opset 17) into DIR/official/, the layout owseg's loader reads.
  amg          SamAutomaticMaskGenerator on PyTorch CPU with those weights. JSON on stdin:
               {checkpoint, image (raw RGB file), width, height, options, counts (a file to write)};
               the masks' uncompressed RLE counts go to `counts` as little-endian uint32, one mask
               after another; JSON on stdout: each mask's number of counts and scores, and the wall
               times of the whole call and of set_image.

Needs Debian's python3-torch, python3-torchvision and python3-onnx (export only).
"""
import importlib.util
import json
import os
import sys
import time

import numpy as np
import torch

SEED = 1
# Parameters build_sam leaves at zero (absolute and relative position embeddings): random too, so
# every part of the network carries signal.
ZERO_INIT_STD = 0.02


def repo():
    path = os.environ.get('OWSEG_BENCH_SAM_REPO')
    if not path:
        sys.exit('OWSEG_BENCH_SAM_REPO must name a checkout of segment-anything')
    sys.path.insert(0, path)
    return path


def random_vit_b():
    from segment_anything import sam_model_registry
    torch.manual_seed(SEED)
    sam = sam_model_registry['vit_b']()
    with torch.no_grad():
        for name, param in sam.named_parameters():
            if ('pos_embed' in name or 'rel_pos' in name) and not param.any():
                param.normal_(0, ZERO_INIT_STD)
    return sam.eval()


def export(out):
    path = repo()
    official = os.path.join(out, 'official')
    os.makedirs(official, exist_ok=True)
    sam = random_vit_b()
    checkpoint = os.path.join(out, 'sam_vit_b_random.pth')
    torch.save(sam.state_dict(), checkpoint)
    pixels = torch.randn(1, 3, 1024, 1024)
    torch.onnx.export(sam.image_encoder, (pixels,), os.path.join(official, 'sam_vit_b.encoder.onnx'),
                      input_names=['image'], output_names=['image_embeddings'], opset_version=17,
                      do_constant_folding=True)
    spec = importlib.util.spec_from_file_location('export_onnx_model', os.path.join(path, 'scripts', 'export_onnx_model.py'))
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.run_export(model_type='vit_b', checkpoint=checkpoint, output=os.path.join(official, 'sam_vit_b.decoder.onnx'),
                      opset=17, return_single_mask=False)
    print(json.dumps({'checkpoint': checkpoint, 'official': official}))


def amg():
    repo()
    from segment_anything import SamAutomaticMaskGenerator, sam_model_registry
    request = json.load(sys.stdin)
    torch.set_num_threads(os.cpu_count())
    sam = sam_model_registry['vit_b'](checkpoint=request['checkpoint']).eval()
    raw = np.fromfile(request['image'], dtype=np.uint8)
    image = raw.reshape(request['height'], request['width'], 3)
    generator = SamAutomaticMaskGenerator(sam, output_mode='uncompressed_rle', **request['options'])
    encode = {'seconds': 0.0}
    set_image = generator.predictor.set_image

    def timed_set_image(*args, **kwargs):
        start = time.perf_counter()
        set_image(*args, **kwargs)
        encode['seconds'] += time.perf_counter() - start

    generator.predictor.set_image = timed_set_image
    start = time.perf_counter()
    masks = generator.generate(image)
    seconds = time.perf_counter() - start
    runs = [np.asarray(m['segmentation']['counts'], dtype='<u4') for m in masks]
    with open(request['counts'], 'wb') as f:
        for r in runs:
            f.write(r.tobytes())
    json.dump({
        'seconds': seconds,
        'encodeSeconds': encode['seconds'],
        'threads': torch.get_num_threads(),
        'masks': [{
            'runs': len(r),
            'predictedIou': m['predicted_iou'],
            'stabilityScore': m['stability_score'],
        } for m, r in zip(masks, runs)],
    }, sys.stdout)


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == 'export':
        export(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == 'amg':
        amg()
    else:
        sys.exit('usage: sam_vit_b.py export DIR | sam_vit_b.py amg < request.json')
