#!/usr/bin/python3
"""Independent PyTorch forward of InternVL3-style checkpoints: the numerical oracle for owseg.

Written from the published architecture (OpenGVLab/InternVL internvl_chat/internvl/model/
internvl_chat/{modeling_intern_vit,modeling_internvl_chat,configuration_internvl_chat}.py and
transformers' models/qwen2/modeling_qwen2.py), NOT from owseg's TypeScript converter, so that the
two can be checked against each other. Everything is computed in float32 on the CPU, with no
randomness. Needs only python3, numpy and torch (safetensors files are parsed here).

Usage: /usr/bin/python3 tools/reference/internvl_forward.py < request.json > response.json

Request (one JSON object on stdin):
  {"checkpoint": "/abs/dir",            # config.json + model.safetensors, or shards listed in
                                        #   model.safetensors.index.json ("weight_map")
   "out_dir": "/abs/dir",               # created if missing; outputs are written here
   "runs": [
     {"kind": "vision", "pixel_values": "/abs/x.f32", "shape": [N, 3, S, S]},
     {"kind": "logits", "input_ids": [[...], ...],            # [B, S]
      "position_ids": [[...]],                                # optional, [B, S] or [1, S]
      "attention_mask": "/abs/m.f32"},                        # optional additive [B|1, 1, S, S]
     {"kind": "incremental", "input_ids": [[...]], "steps": [5, 1, 1, 3],
      "position_ids": [[...]]},                               # optional, default 0..S-1
     {"kind": "multimodal", "pixel_values": "/abs/x.f32", "shape": [N, 3, S, S],
      "input_ids": [[...]], "image_context_id": 7,
      "position_ids": [[...]], "attention_mask": "/abs/m.f32"}  # both optional, as for logits
   ]}
  .f32 files are raw little-endian float32 in C order.

Response (one JSON object on stdout):
  {"runs": [{"outputs": {"<name>": {"file": "/abs/out_dir/run<i>.<name>.f32", "shape": [...]}}}]}
  vision      -> image_tokens [N, T, D_llm], patch_features [N, G*G, D_vit]
                 (G = S / patch; T = (G * downsample_ratio)^2; patch_features are the selected
                 layer's hidden states with the class token dropped, before the pixel shuffle)
  logits      -> logits [B, S, V]
  incremental -> logits [B, S, V] (the per-call logits concatenated along the sequence axis);
                 each call feeds its tokens with the KV cache (keys after RoPE,
                 [B, KV, P, Hd]) of the previous calls, causal, positions continuing
  multimodal  -> logits [B, S, V] and image_tokens [N, T, D_llm]
Errors (bad request, missing or mis-shaped tensor, unsupported config) -> message on stderr,
exit code 1.

Behaviour taken from the published code (see the report in the commit for the reasoning):
  * InternViT: conv patch embedding (kernel = stride = patch), class token prepended, position
    embedding added; the patch part of the position embedding is resized with torch bicubic
    (align_corners=False) only when the input patch grid differs from the config grid
    image_size / patch_size (InternVL always calls the interpolation, which is the identity for
    equal sizes). Layer: x += ls1 * attn(norm1(x)); x += ls2 * mlp(norm2(x)); norm1/norm2 are
    LayerNorm (weight+bias) or RMSNorm (weight only) per norm_type, eps = layer_norm_eps. qkv is
    one Linear to 3*D laid out [q | k | v], each head-major. With qk_normalization, q and k are
    RMS-normalised over the full hidden size D (all heads together, eps = layer_norm_eps) before
    splitting into heads. No final norm. Softmax attention, scale Hd^-0.5 applied to q.
  * select_layer indexes InternViT's hidden_states tuple (embeddings, after layer 1, ...,
    after layer L) with Python indexing: -1 = output of the last layer, -k = output of layer
    L-k+1, 0 = embeddings, k>0 = output of layer k.
  * Pixel shuffle (r = 1/downsample_ratio): output token (i, j) on the (G/r)x(G/r) grid, raster
    order, is the concatenation over (dy, dx) in raster order of the patch features at
    (r*i + dy, r*j + dx): channel index = dy*r*D + dx*D + c. ps_version 'v1' leaves the token
    grid transposed (token order j-major); 'v2' (InternVL3) is the raster order above.
  * mlp1: LayerNorm(r*r*D, eps 1e-5: nn.LayerNorm's default, not in config) -> Linear -> exact
    GELU -> Linear.
  * Qwen2: RMSNorm (eps = rms_norm_eps), q/k/v with bias, o_proj without, RoPE with
    rotate_half on (first half, second half) of each head, inv_freq = 1/theta^(2i/Hd) in
    float32; GQA: query head h uses KV head h // (H/KV); softmax(q k^T * Hd^-0.5 + mask) in
    float32; SwiGLU MLP down(act(gate(x)) * up(x)); final norm; lm_head.
  * lm_head: InternVLChatConfig forces tie_word_embeddings = False on the LLM, and InternVL3
    checkpoints store language_model.lm_head.weight, so a stored lm_head is always used. If it
    is absent, the head is tied to language_model.model.embed_tokens.weight.
  * Multimodal: embeddings at positions where input_ids == image_context_id are replaced, in
    row-major order over the whole [B, S] batch, by the image tokens flattened over [N, T]
    (InternVL: input_embeds[selected] = vit_embeds.reshape(-1, C)). More context tokens than
    image tokens is an error; fewer uses the first ones (InternVL's fallback) with a note on
    stderr.
  * Default attention mask: causal, 0 where allowed and float32 min where not (as transformers).

Tensor names read (D = vision hidden_size, I = vision intermediate_size, p = patch_size,
G = image_size / patch_size, Lv = vision layers used; d = llm hidden_size, H/KV = attention /
key-value heads, Hd = head_dim (or d / H), F = llm intermediate_size, V = vocab_size):
  vision_model.embeddings.class_embedding                    [1, 1, D]
  vision_model.embeddings.patch_embedding.weight             [D, num_channels, p, p]
  vision_model.embeddings.patch_embedding.bias               [D]
  vision_model.embeddings.position_embedding                 [1, G*G + 1, D]
  vision_model.encoder.layers.{i}.norm1.weight / .bias        [D] (bias only for layer_norm)
  vision_model.encoder.layers.{i}.norm2.weight / .bias        [D] (bias only for layer_norm)
  vision_model.encoder.layers.{i}.attn.qkv.weight            [3D, D]
  vision_model.encoder.layers.{i}.attn.qkv.bias              [3D] (only when qkv_bias)
  vision_model.encoder.layers.{i}.attn.q_norm.weight         [D]  (only when qk_normalization)
  vision_model.encoder.layers.{i}.attn.k_norm.weight         [D]  (only when qk_normalization)
  vision_model.encoder.layers.{i}.attn.proj.weight / .bias   [D, D] / [D]
  vision_model.encoder.layers.{i}.mlp.fc1.weight / .bias     [I, D] / [I]
  vision_model.encoder.layers.{i}.mlp.fc2.weight / .bias     [D, I] / [D]
  vision_model.encoder.layers.{i}.ls1, .ls2                  [D]
  mlp1.0.weight / mlp1.0.bias                                [r*r*D]
  mlp1.1.weight / mlp1.1.bias                                [d, r*r*D] / [d]
  mlp1.3.weight / mlp1.3.bias                                [d, d] / [d]
  language_model.model.embed_tokens.weight                   [V, d]
  language_model.model.layers.{i}.input_layernorm.weight     [d]
  language_model.model.layers.{i}.post_attention_layernorm.weight  [d]
  language_model.model.layers.{i}.self_attn.q_proj.weight / .bias  [H*Hd, d] / [H*Hd]
  language_model.model.layers.{i}.self_attn.k_proj.weight / .bias  [KV*Hd, d] / [KV*Hd]
  language_model.model.layers.{i}.self_attn.v_proj.weight / .bias  [KV*Hd, d] / [KV*Hd]
  language_model.model.layers.{i}.self_attn.o_proj.weight    [d, H*Hd]
  language_model.model.layers.{i}.mlp.gate_proj.weight       [F, d]
  language_model.model.layers.{i}.mlp.up_proj.weight        [F, d]
  language_model.model.layers.{i}.mlp.down_proj.weight      [d, F]
  language_model.model.norm.weight                           [d]
  language_model.lm_head.weight                              [V, d] (optional: tied if absent)

config.json keys read (published defaults used when a flag is absent; sizes are required):
  top level: select_layer (-1), downsample_ratio (0.5), ps_version ('v1', InternVL3 sets 'v2')
  vision_config: hidden_size, num_attention_heads, intermediate_size, num_hidden_layers,
    patch_size, image_size (required); num_channels (3), norm_type ('rms_norm'),
    layer_norm_eps (1e-6), qkv_bias (False), qk_normalization (True), hidden_act ('gelu'),
    use_moe (must be falsy if present)
  llm_config: architectures[0] must be Qwen2ForCausalLM (if present); hidden_size,
    num_attention_heads, num_hidden_layers, intermediate_size, vocab_size (required);
    num_key_value_heads (= heads), head_dim (= hidden/heads), rms_norm_eps (1e-6),
    rope_theta (10000; also looked up in rope_parameters), rope_scaling (None | linear |
    dynamic), max_position_embeddings (32768), hidden_act ('silu'), use_sliding_window (must be
    falsy), tie_word_embeddings (informational only, see lm_head above).
"""
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F


class OracleError(Exception):
    """A request or checkpoint problem, reported on stderr with exit code 1."""


def note(message):
    sys.stderr.write("internvl_forward: note: " + message + "\n")


# --------------------------------------------------------------------------- safetensors


_DTYPES = {
    "F32": (np.dtype("<f4"), 4),
    "F16": (np.dtype("<f2"), 2),
    "BF16": (np.dtype("<u2"), 2),
    "F64": (np.dtype("<f8"), 8),
}


def _read_header(path):
    try:
        with open(path, "rb") as fh:
            raw_len = fh.read(8)
            if len(raw_len) != 8:
                raise OracleError("%s: too short for a safetensors file" % path)
            (n,) = struct.unpack("<Q", raw_len)
            header_bytes = fh.read(n)
    except OSError as exc:
        raise OracleError("cannot read %s: %s" % (path, exc))
    if len(header_bytes) != n:
        raise OracleError("%s: truncated safetensors header" % path)
    try:
        header = json.loads(header_bytes.decode("utf-8"))
    except ValueError as exc:
        raise OracleError("%s: bad safetensors header JSON: %s" % (path, exc))
    header.pop("__metadata__", None)
    return 8 + n, header


class Checkpoint:
    """Tensors of one checkpoint folder, read lazily and converted to float32 torch tensors."""

    def __init__(self, directory):
        if not os.path.isdir(directory):
            raise OracleError("checkpoint folder not found: %s" % directory)
        self.directory = directory
        config_path = os.path.join(directory, "config.json")
        try:
            with open(config_path, "r", encoding="utf-8") as fh:
                self.config = json.load(fh)
        except (OSError, ValueError) as exc:
            raise OracleError("cannot read %s: %s" % (config_path, exc))
        self.locations = {}  # name -> (file path, data start, entry)
        index_path = os.path.join(directory, "model.safetensors.index.json")
        if os.path.exists(index_path):
            try:
                with open(index_path, "r", encoding="utf-8") as fh:
                    weight_map = json.load(fh)["weight_map"]
            except (OSError, ValueError, KeyError) as exc:
                raise OracleError("cannot read weight_map from %s: %s" % (index_path, exc))
            files = sorted(set(weight_map.values()))
        else:
            weight_map = None
            single = os.path.join(directory, "model.safetensors")
            if os.path.exists(single):
                files = ["model.safetensors"]
            else:
                files = sorted(f for f in os.listdir(directory) if f.endswith(".safetensors"))
                if len(files) != 1:
                    raise OracleError(
                        "%s: no model.safetensors.index.json and %d .safetensors files (need one)"
                        % (directory, len(files)))
        for fname in files:
            fpath = os.path.join(directory, fname)
            start, header = _read_header(fpath)
            for name, entry in header.items():
                if weight_map is not None and weight_map.get(name) != fname:
                    continue
                self.locations[name] = (fpath, start, entry)
        if weight_map is not None:
            for name, fname in weight_map.items():
                if name not in self.locations:
                    raise OracleError("tensor %s is listed in the index for %s but not stored there"
                                      % (name, fname))
        self.cache = {}

    def has(self, name):
        return name in self.locations

    def get(self, name, shape):
        """The tensor `name` as float32, checked against the expected `shape` (list of ints)."""
        if name not in self.locations:
            raise OracleError("missing tensor %s (expected shape %s) in %s"
                              % (name, list(shape), self.directory))
        if name not in self.cache:
            self.cache[name] = self._load(name)
        tensor = self.cache[name]
        if list(tensor.shape) != list(shape):
            raise OracleError("tensor %s has shape %s, expected %s from config.json"
                              % (name, list(tensor.shape), list(shape)))
        return tensor

    def _load(self, name):
        fpath, start, entry = self.locations[name]
        dtype = entry.get("dtype")
        if dtype not in _DTYPES:
            raise OracleError("tensor %s: unsupported dtype %s" % (name, dtype))
        np_dtype, size = _DTYPES[dtype]
        shape = [int(s) for s in entry["shape"]]
        begin, end = (int(x) for x in entry["data_offsets"])
        count = int(np.prod(shape)) if shape else 1
        if end - begin != count * size:
            raise OracleError("tensor %s: data_offsets span %d bytes, shape %s x %s needs %d"
                              % (name, end - begin, shape, dtype, count * size))
        with open(fpath, "rb") as fh:
            fh.seek(start + begin)
            raw = fh.read(end - begin)
        if len(raw) != end - begin:
            raise OracleError("tensor %s: file %s is truncated" % (name, fpath))
        values = np.frombuffer(raw, dtype=np_dtype)
        if dtype == "BF16":
            # bfloat16 is the high half of a float32.
            values = (values.astype(np.uint32) << 16).view(np.float32)
        else:
            values = values.astype(np.float32)
        return torch.from_numpy(np.array(values, dtype=np.float32).reshape(shape))


# --------------------------------------------------------------------------- config


class Section:
    """A config.json object with error messages that name the key path."""

    def __init__(self, data, path):
        if not isinstance(data, dict):
            raise OracleError("config.json: %s must be an object" % path)
        self.data = data
        self.path = path

    def need(self, key, kind=int):
        if key not in self.data or self.data[key] is None:
            raise OracleError("config.json: %s.%s is required" % (self.path, key))
        return self._cast(key, self.data[key], kind)

    def opt(self, key, default, kind=None):
        value = self.data.get(key)
        if value is None:
            return default
        return self._cast(key, value, kind) if kind else value

    def _cast(self, key, value, kind):
        try:
            if kind is int:
                if isinstance(value, bool) or int(value) != value:
                    raise ValueError
                return int(value)
            return kind(value)
        except (TypeError, ValueError):
            raise OracleError("config.json: %s.%s has a bad value %r" % (self.path, key, value))


ACTIVATIONS = {
    "gelu": lambda x: F.gelu(x),
    "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "gelu_new": lambda x: F.gelu(x, approximate="tanh"),
    "quick_gelu": lambda x: x * torch.sigmoid(1.702 * x),
    "silu": F.silu,
    "swish": F.silu,
    "relu": F.relu,
}


def activation(name, where):
    if name not in ACTIVATIONS:
        raise OracleError("config.json: %s = %r is not supported" % (where, name))
    return ACTIVATIONS[name]


# --------------------------------------------------------------------------- vision


def rms_norm(x, weight, eps):
    variance = x.pow(2).mean(-1, keepdim=True)
    return weight * (x * torch.rsqrt(variance + eps))


class Vision:
    def __init__(self, ckpt):
        top = Section(ckpt.config, "config")
        vc = Section(ckpt.config.get("vision_config"), "vision_config")
        lc = Section(ckpt.config.get("llm_config"), "llm_config")
        self.ckpt = ckpt
        self.D = vc.need("hidden_size")
        self.heads = vc.need("num_attention_heads")
        self.inter = vc.need("intermediate_size")
        self.layers = vc.need("num_hidden_layers")
        self.patch = vc.need("patch_size")
        self.image_size = vc.need("image_size")
        self.channels = vc.opt("num_channels", 3, int)
        self.norm_type = vc.opt("norm_type", "rms_norm")
        self.eps = vc.opt("layer_norm_eps", 1e-6, float)
        self.qkv_bias = bool(vc.opt("qkv_bias", False))
        self.qk_norm = bool(vc.opt("qk_normalization", True))
        self.act = activation(vc.opt("hidden_act", "gelu"), "vision_config.hidden_act")
        if vc.opt("use_moe", False):
            raise OracleError("config.json: vision_config.use_moe is not supported")
        if self.norm_type not in ("layer_norm", "rms_norm"):
            raise OracleError("config.json: vision_config.norm_type = %r is not supported"
                              % self.norm_type)
        if self.D % self.heads:
            raise OracleError("config.json: vision hidden_size %d not divisible by %d heads"
                              % (self.D, self.heads))
        self.grid = self.image_size // self.patch
        self.select_layer = top.opt("select_layer", -1, int)
        index = self.select_layer if self.select_layer >= 0 else self.layers + 1 + self.select_layer
        if not 0 <= index <= self.layers:
            raise OracleError("config.json: select_layer %d is out of range for %d vision layers"
                              % (self.select_layer, self.layers))
        self.layers_used = index
        ratio = top.opt("downsample_ratio", 0.5, float)
        r = int(round(1.0 / ratio))
        if r < 1 or abs(1.0 / ratio - r) > 1e-9:
            raise OracleError("config.json: downsample_ratio %r is not 1/integer" % ratio)
        self.r = r
        self.ps_version = top.opt("ps_version", "v1")
        if self.ps_version not in ("v1", "v2"):
            raise OracleError("config.json: ps_version %r is not supported" % self.ps_version)
        if self.ps_version == "v1":
            note("ps_version 'v1': the pixel-shuffled token grid stays transposed (as InternVL)")
        self.d_llm = lc.need("hidden_size")

    def _norm(self, prefix, x):
        w = self.ckpt.get(prefix + ".weight", [self.D])
        if self.norm_type == "layer_norm":
            b = self.ckpt.get(prefix + ".bias", [self.D])
            return F.layer_norm(x, (self.D,), w, b, self.eps)
        return rms_norm(x, w, self.eps)

    def embed(self, pixels):
        ck, D, p = self.ckpt, self.D, self.patch
        if pixels.shape[1] != self.channels:
            raise OracleError("pixel_values have %d channels, the config has %d"
                              % (pixels.shape[1], self.channels))
        w = ck.get("vision_model.embeddings.patch_embedding.weight", [D, self.channels, p, p])
        b = ck.get("vision_model.embeddings.patch_embedding.bias", [D])
        x = F.conv2d(pixels, w, b, stride=p)  # [N, D, gh, gw]
        n, _, gh, gw = x.shape
        if gh == 0 or gw == 0:
            raise OracleError("pixel_values %s are smaller than one patch" % list(pixels.shape))
        patches = x.flatten(2).transpose(1, 2)  # [N, gh*gw, D], raster order
        cls = ck.get("vision_model.embeddings.class_embedding", [1, 1, D])
        pos = ck.get("vision_model.embeddings.position_embedding", [1, self.grid * self.grid + 1, D])
        pos_cls, pos_patch = pos[:, :1, :], pos[:, 1:, :]
        if (gh, gw) != (self.grid, self.grid):
            grid = pos_patch.reshape(1, self.grid, self.grid, D).permute(0, 3, 1, 2)
            grid = F.interpolate(grid, size=(gh, gw), mode="bicubic", align_corners=False)
            pos_patch = grid.reshape(1, D, gh * gw).permute(0, 2, 1)
        tokens = torch.cat([cls.expand(n, 1, D), patches], dim=1)
        return tokens + torch.cat([pos_cls, pos_patch], dim=1), gh, gw

    def _attention(self, prefix, x):
        ck, D, H = self.ckpt, self.D, self.heads
        hd = D // H
        w = ck.get(prefix + ".qkv.weight", [3 * D, D])
        b = ck.get(prefix + ".qkv.bias", [3 * D]) if self.qkv_bias else None
        qkv = F.linear(x, w, b)
        q, k, v = qkv[..., :D], qkv[..., D:2 * D], qkv[..., 2 * D:]
        if self.qk_norm:
            # InternRMSNorm over the whole hidden size, before the split into heads.
            q = rms_norm(q, ck.get(prefix + ".q_norm.weight", [D]), self.eps)
            k = rms_norm(k, ck.get(prefix + ".k_norm.weight", [D]), self.eps)
        n, t, _ = x.shape

        def heads(z):
            return z.reshape(n, t, H, hd).transpose(1, 2)  # [N, H, T, hd]

        q, k, v = heads(q), heads(k), heads(v)
        scores = torch.matmul(q * (hd ** -0.5), k.transpose(-2, -1))
        probs = torch.softmax(scores, dim=-1)
        out = torch.matmul(probs, v).transpose(1, 2).reshape(n, t, D)
        return F.linear(out, ck.get(prefix + ".proj.weight", [D, D]),
                        ck.get(prefix + ".proj.bias", [D]))

    def _mlp(self, prefix, x):
        ck, D, I = self.ckpt, self.D, self.inter
        h = F.linear(x, ck.get(prefix + ".fc1.weight", [I, D]), ck.get(prefix + ".fc1.bias", [I]))
        h = self.act(h)
        return F.linear(h, ck.get(prefix + ".fc2.weight", [D, I]), ck.get(prefix + ".fc2.bias", [D]))

    def features(self, pixels):
        """Selected-layer features without the class token: [N, gh*gw, D], plus the grid."""
        h, gh, gw = self.embed(pixels)
        for i in range(self.layers_used):
            pre = "vision_model.encoder.layers.%d" % i
            ls1 = self.ckpt.get(pre + ".ls1", [self.D])
            ls2 = self.ckpt.get(pre + ".ls2", [self.D])
            h = h + self._attention(pre + ".attn", self._norm(pre + ".norm1", h)) * ls1
            h = h + self._mlp(pre + ".mlp", self._norm(pre + ".norm2", h)) * ls2
        return h[:, 1:, :], gh, gw

    def pixel_shuffle(self, feats, gh, gw):
        n, _, c = feats.shape
        r = self.r
        if gh != gw:
            raise OracleError("InternVL's pixel shuffle needs a square patch grid, got %dx%d"
                              % (gh, gw))
        if gh % r:
            raise OracleError("patch grid %d is not divisible by 1/downsample_ratio = %d" % (gh, r))
        g = gh // r
        x = feats.reshape(n, g, r, g, r, c)  # [n, i, dy, j, dx, c]
        if self.ps_version == "v2":
            x = x.permute(0, 1, 3, 2, 4, 5)  # [n, i, j, dy, dx, c]
        else:
            x = x.permute(0, 3, 1, 2, 4, 5)  # [n, j, i, dy, dx, c]: grid left transposed
        return x.reshape(n, g * g, r * r * c)

    def project(self, x):
        ck, cin, d = self.ckpt, self.r * self.r * self.D, self.d_llm
        x = F.layer_norm(x, (cin,), ck.get("mlp1.0.weight", [cin]), ck.get("mlp1.0.bias", [cin]), 1e-5)
        x = F.linear(x, ck.get("mlp1.1.weight", [d, cin]), ck.get("mlp1.1.bias", [d]))
        x = F.gelu(x)
        return F.linear(x, ck.get("mlp1.3.weight", [d, d]), ck.get("mlp1.3.bias", [d]))

    def __call__(self, pixels):
        feats, gh, gw = self.features(pixels)
        tokens = self.project(self.pixel_shuffle(feats, gh, gw))
        return tokens, feats


# --------------------------------------------------------------------------- language model


class Qwen2:
    def __init__(self, ckpt):
        lc = Section(ckpt.config.get("llm_config"), "llm_config")
        archs = lc.opt("architectures", None)
        if archs and archs[0] != "Qwen2ForCausalLM":
            raise OracleError("config.json: llm_config.architectures[0] = %r, only "
                              "Qwen2ForCausalLM is supported" % archs[0])
        self.ckpt = ckpt
        self.d = lc.need("hidden_size")
        self.H = lc.need("num_attention_heads")
        self.layers = lc.need("num_hidden_layers")
        self.F = lc.need("intermediate_size")
        self.V = lc.need("vocab_size")
        self.KV = lc.opt("num_key_value_heads", self.H, int)
        self.hd = lc.opt("head_dim", None, int) or self.d // self.H
        if self.H % self.KV:
            raise OracleError("config.json: %d attention heads not divisible by %d KV heads"
                              % (self.H, self.KV))
        self.eps = lc.opt("rms_norm_eps", 1e-6, float)
        self.act = activation(lc.opt("hidden_act", "silu"), "llm_config.hidden_act")
        if lc.opt("use_sliding_window", False):
            raise OracleError("config.json: llm_config.use_sliding_window is not supported")
        rope_params = lc.opt("rope_parameters", {}) or {}
        theta = lc.opt("rope_theta", None, float)
        if theta is None:
            theta = float(rope_params.get("rope_theta", 10000.0))
        self.max_pos = lc.opt("max_position_embeddings", 32768, int)
        scaling = lc.opt("rope_scaling", None)
        if scaling is None and rope_params.get("rope_type", "default") != "default":
            scaling = rope_params
        self.rope_type = "default"
        factor = 1.0
        if scaling:
            self.rope_type = scaling.get("rope_type", scaling.get("type", "default"))
            factor = float(scaling.get("factor", 1.0))
            if self.rope_type not in ("default", "linear", "dynamic"):
                raise OracleError("config.json: rope scaling type %r is not supported"
                                  % self.rope_type)
        exponent = torch.arange(0, self.hd, 2, dtype=torch.int64).to(torch.float32) / self.hd
        inv_freq = 1.0 / (theta ** exponent)
        if self.rope_type == "linear":
            inv_freq = inv_freq / factor
        self.inv_freq = inv_freq
        self.tied = not ckpt.has("language_model.lm_head.weight")
        flag = ckpt.config.get("tie_word_embeddings", lc.opt("tie_word_embeddings", None))
        if flag and not self.tied:
            note("tie_word_embeddings is true in config.json but language_model.lm_head.weight "
                 "is stored; InternVLChatConfig forces the head untied, so it is used")

    def embed(self, ids):
        table = self.ckpt.get("language_model.model.embed_tokens.weight", [self.V, self.d])
        return table[ids]

    def _rope(self, positions):
        if self.rope_type == "dynamic" and int(positions.max()) + 1 > self.max_pos:
            raise OracleError("dynamic rope scaling beyond max_position_embeddings (%d) is not "
                              "supported by this oracle" % self.max_pos)
        angles = positions.to(torch.float32)[:, :, None] * self.inv_freq[None, None, :]
        angles = torch.cat([angles, angles], dim=-1)  # [B, S, hd]
        return angles.cos()[:, None], angles.sin()[:, None]  # [B, 1, S, hd]

    @staticmethod
    def _rotate(x, cos, sin):
        half = x.shape[-1] // 2
        turned = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
        return x * cos + turned * sin

    def _layer(self, i, x, cos, sin, mask, past):
        ck, d, H, KV, hd = self.ckpt, self.d, self.H, self.KV, self.hd
        pre = "language_model.model.layers.%d" % i
        b, s, _ = x.shape
        h = rms_norm(x, ck.get(pre + ".input_layernorm.weight", [d]), self.eps)
        a = pre + ".self_attn"
        q = F.linear(h, ck.get(a + ".q_proj.weight", [H * hd, d]), ck.get(a + ".q_proj.bias", [H * hd]))
        k = F.linear(h, ck.get(a + ".k_proj.weight", [KV * hd, d]), ck.get(a + ".k_proj.bias", [KV * hd]))
        v = F.linear(h, ck.get(a + ".v_proj.weight", [KV * hd, d]), ck.get(a + ".v_proj.bias", [KV * hd]))
        q = q.reshape(b, s, H, hd).transpose(1, 2)
        k = k.reshape(b, s, KV, hd).transpose(1, 2)
        v = v.reshape(b, s, KV, hd).transpose(1, 2)
        q = self._rotate(q, cos, sin)
        k = self._rotate(k, cos, sin)
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        present = (k, v)
        group = H // KV
        k_all = k.repeat_interleave(group, dim=1)  # query head j uses KV head j // group
        v_all = v.repeat_interleave(group, dim=1)
        scores = torch.matmul(q, k_all.transpose(-2, -1)) * (hd ** -0.5) + mask
        probs = torch.softmax(scores, dim=-1, dtype=torch.float32)
        out = torch.matmul(probs, v_all).transpose(1, 2).reshape(b, s, H * hd)
        x = x + F.linear(out, ck.get(a + ".o_proj.weight", [d, H * hd]))
        h = rms_norm(x, ck.get(pre + ".post_attention_layernorm.weight", [d]), self.eps)
        m = pre + ".mlp"
        gate = F.linear(h, ck.get(m + ".gate_proj.weight", [self.F, d]))
        up = F.linear(h, ck.get(m + ".up_proj.weight", [self.F, d]))
        x = x + F.linear(self.act(gate) * up, ck.get(m + ".down_proj.weight", [d, self.F]))
        return x, present, probs

    def __call__(self, embeds, positions, mask, past=None, attention_rows=None):
        """embeds [B, S, d], positions [B|1, S] int64, mask [B|1, 1, S, P+S] additive,
        past: None or a list of (k, v) [B, KV, P, hd] per layer. Returns logits, present, and
        (when attention_rows lists query positions) per layer the softmax attention of those
        rows averaged over the heads, stacked [layers, B, rows, P+S]."""
        cos, sin = self._rope(positions)
        x = embeds
        present = []
        attentions = []
        for i in range(self.layers):
            x, kv, probs = self._layer(i, x, cos, sin, mask, None if past is None else past[i])
            present.append(kv)
            if attention_rows is not None:
                attentions.append(probs[:, :, attention_rows, :].mean(dim=1))
        x = rms_norm(x, self.ckpt.get("language_model.model.norm.weight", [self.d]), self.eps)
        if self.tied:
            head = self.ckpt.get("language_model.model.embed_tokens.weight", [self.V, self.d])
        else:
            head = self.ckpt.get("language_model.lm_head.weight", [self.V, self.d])
        if attention_rows is not None:
            return F.linear(x, head), present, torch.stack(attentions)
        return F.linear(x, head), present


def causal_mask(batch, s, past):
    """Additive [B, 1, s, past+s]: query i (absolute past+i) may see keys j <= past+i."""
    q = torch.arange(s)[:, None] + past
    kpos = torch.arange(past + s)[None, :]
    m = torch.zeros(s, past + s, dtype=torch.float32)
    m[kpos > q] = torch.finfo(torch.float32).min
    return m[None, None].expand(batch, 1, s, past + s)


# --------------------------------------------------------------------------- request handling


def read_f32(path, shape, what):
    count = int(np.prod(shape))
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise OracleError("%s: cannot read %s: %s" % (what, path, exc))
    if size != 4 * count:
        raise OracleError("%s: %s has %d bytes, shape %s needs %d"
                          % (what, path, size, list(shape), 4 * count))
    data = np.fromfile(path, dtype="<f4").astype(np.float32)
    return torch.from_numpy(data.reshape(shape))


def int_matrix(value, what, vocab=None):
    if (not isinstance(value, list) or not value
            or not all(isinstance(row, list) and row for row in value)):
        raise OracleError("%s must be a non-empty list of non-empty lists of integers" % what)
    if len({len(row) for row in value}) != 1:
        raise OracleError("%s rows have different lengths" % what)
    for row in value:
        for item in row:
            if isinstance(item, bool) or not isinstance(item, int):
                raise OracleError("%s contains a non-integer %r" % (what, item))
            if vocab is not None and not 0 <= item < vocab:
                raise OracleError("%s contains id %d outside the vocabulary [0, %d)"
                                  % (what, item, vocab))
    return torch.tensor(value, dtype=torch.int64)


def pixel_input(run, where):
    shape = run.get("shape")
    if (not isinstance(shape, list) or len(shape) != 4
            or not all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in shape)):
        raise OracleError("%s: shape must be [N, C, S, S] of positive integers" % where)
    path = run.get("pixel_values")
    if not isinstance(path, str):
        raise OracleError("%s: pixel_values must be a file path" % where)
    return read_f32(path, shape, where + " pixel_values")


def positions_for(run, batch, seq, where):
    if run.get("position_ids") is None:
        return torch.arange(seq, dtype=torch.int64)[None].expand(batch, seq)
    pos = int_matrix(run["position_ids"], where + " position_ids")
    if pos.shape[1] != seq or pos.shape[0] not in (1, batch):
        raise OracleError("%s: position_ids shape %s, expected [%d, %d] or [1, %d]"
                          % (where, list(pos.shape), batch, seq, seq))
    if int(pos.min()) < 0:
        raise OracleError("%s: position_ids must be non-negative" % where)
    return pos.expand(batch, seq)


def mask_for(run, batch, seq, where):
    path = run.get("attention_mask")
    if path is None:
        return causal_mask(batch, seq, 0)
    if not isinstance(path, str):
        raise OracleError("%s: attention_mask must be a file path" % where)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise OracleError("%s: cannot read attention_mask %s: %s" % (where, path, exc))
    if size == 4 * batch * seq * seq:
        return read_f32(path, [batch, 1, seq, seq], where + " attention_mask")
    if size == 4 * seq * seq:
        return read_f32(path, [1, 1, seq, seq], where + " attention_mask").expand(batch, 1, seq, seq)
    raise OracleError("%s: attention_mask %s has %d bytes, expected [%d, 1, %d, %d] float32"
                      % (where, path, size, batch, seq, seq))


class Oracle:
    def __init__(self, checkpoint):
        self.ckpt = Checkpoint(checkpoint)
        self._vision = None
        self._llm = None

    @property
    def vision(self):
        if self._vision is None:
            self._vision = Vision(self.ckpt)
        return self._vision

    @property
    def llm(self):
        if self._llm is None:
            self._llm = Qwen2(self.ckpt)
        return self._llm

    def run_vision(self, run, where):
        tokens, feats = self.vision(pixel_input(run, where))
        return {"image_tokens": tokens, "patch_features": feats}

    def run_logits(self, run, where):
        ids = int_matrix(run.get("input_ids"), where + " input_ids", self.llm.V)
        b, s = ids.shape
        rows = run.get("attention_rows")
        if rows is None:
            logits, _ = self.llm(self.llm.embed(ids), positions_for(run, b, s, where),
                                 mask_for(run, b, s, where))
            return {"logits": logits}
        if (not isinstance(rows, list) or not rows
                or not all(isinstance(r, int) and not isinstance(r, bool) and 0 <= r < s for r in rows)):
            raise OracleError("%s: attention_rows must be positions in [0, %d)" % (where, s))
        logits, _, attentions = self.llm(self.llm.embed(ids), positions_for(run, b, s, where),
                                         mask_for(run, b, s, where), attention_rows=rows)
        return {"logits": logits, "attentions": attentions}

    def run_incremental(self, run, where):
        ids = int_matrix(run.get("input_ids"), where + " input_ids", self.llm.V)
        b, s = ids.shape
        steps = run.get("steps")
        if (not isinstance(steps, list) or not steps
                or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in steps)
                or sum(steps) != s):
            raise OracleError("%s: steps must be positive integers summing to the sequence "
                              "length %d" % (where, s))
        positions = positions_for(run, b, s, where)
        past, outs, done = None, [], 0
        for n in steps:
            chunk = ids[:, done:done + n]
            logits, past = self.llm(self.llm.embed(chunk), positions[:, done:done + n],
                                    causal_mask(b, n, done), past)
            outs.append(logits)
            done += n
        return {"logits": torch.cat(outs, dim=1)}

    def run_multimodal(self, run, where):
        llm = self.llm
        ids = int_matrix(run.get("input_ids"), where + " input_ids", llm.V)
        ctx = run.get("image_context_id")
        if isinstance(ctx, bool) or not isinstance(ctx, int) or not 0 <= ctx < llm.V:
            raise OracleError("%s: image_context_id must be a token id in [0, %d)" % (where, llm.V))
        b, s = ids.shape
        embeds = llm.embed(ids).clone()
        selected = ids == ctx
        wanted = int(selected.sum())
        outputs = {}
        if run.get("pixel_values") is not None:
            tokens, _ = self.vision(pixel_input(run, where))
            outputs["image_tokens"] = tokens
            flat = tokens.reshape(-1, llm.d)
        elif wanted:
            raise OracleError("%s: %d image context tokens but no pixel_values" % (where, wanted))
        else:
            flat = torch.zeros(0, llm.d)
        if wanted > flat.shape[0]:
            raise OracleError("%s: %d image context tokens but only %d image tokens"
                              % (where, wanted, flat.shape[0]))
        if wanted != flat.shape[0]:
            note("%s: %d image context tokens for %d image tokens; the first %d are used"
                 % (where, wanted, flat.shape[0], wanted))
        embeds[selected] = flat[:wanted]
        logits, _ = llm(embeds, positions_for(run, b, s, where), mask_for(run, b, s, where))
        outputs["logits"] = logits
        return outputs


def write_outputs(outputs, out_dir, index):
    result = {}
    for name, tensor in outputs.items():
        path = os.path.join(out_dir, "run%d.%s.f32" % (index, name))
        array = np.ascontiguousarray(tensor.detach().numpy(), dtype="<f4")
        array.tofile(path)
        result[name] = {"file": path, "shape": list(array.shape)}
    return result


def handle(request):
    if not isinstance(request, dict):
        raise OracleError("the request must be a JSON object")
    checkpoint, out_dir, runs = (request.get(k) for k in ("checkpoint", "out_dir", "runs"))
    if not isinstance(checkpoint, str) or not isinstance(out_dir, str):
        raise OracleError("the request needs string fields checkpoint and out_dir")
    if not isinstance(runs, list):
        raise OracleError("the request needs a list field runs")
    oracle = Oracle(checkpoint)
    os.makedirs(out_dir, exist_ok=True)
    handlers = {"vision": oracle.run_vision, "logits": oracle.run_logits,
                "incremental": oracle.run_incremental, "multimodal": oracle.run_multimodal}
    results = []
    for i, run in enumerate(runs):
        where = "runs[%d]" % i
        if not isinstance(run, dict) or run.get("kind") not in handlers:
            raise OracleError("%s: kind must be one of %s" % (where, ", ".join(sorted(handlers))))
        with torch.no_grad():
            outputs = handlers[run["kind"]](run, where)
        results.append({"outputs": write_outputs(outputs, out_dir, i)})
    return {"runs": results}


def main():
    torch.set_grad_enabled(False)
    torch.use_deterministic_algorithms(True)
    try:
        request = json.loads(sys.stdin.read())
    except ValueError as exc:
        sys.stderr.write("internvl_forward: the request on stdin is not JSON: %s\n" % exc)
        return 1
    try:
        response = handle(request)
    except OracleError as exc:
        sys.stderr.write("internvl_forward: %s\n" % exc)
        return 1
    sys.stdout.write(json.dumps(response))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
