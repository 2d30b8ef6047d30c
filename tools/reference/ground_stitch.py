"""Bilinear upsampling of a thumbnail's token grid to the tiled grid, as torch does it
(F.interpolate, mode="bilinear", align_corners=False), for owseg's Segment Anyword map tests.

stdin: {"cases": [{"grid": g, "values": [g*g floats, row-major], "width": W, "height": H}]}
stdout: {"maps": [[H*W floats, row-major]]}
"""
import json
import sys

import torch
import torch.nn.functional as F

request = json.load(sys.stdin)
maps = []
for case in request["cases"]:
    g = case["grid"]
    values = torch.tensor(case["values"], dtype=torch.float64).reshape(1, 1, g, g)
    up = F.interpolate(values, size=(case["height"], case["width"]), mode="bilinear", align_corners=False)
    maps.append(up.reshape(-1).tolist())
json.dump({"maps": maps}, sys.stdout)
