#!/usr/bin/python3
"""Independent oracle for owseg's sentence embeddings: BERT tokenisation, forward, pooling.

Written from the published behaviour, not from owseg's TypeScript or its ONNX graph:
  * tokenisation: Google BERT's BasicTokenizer + WordpieceTokenizer (google-research/bert
    tokenization.py, which transformers' BertTokenizer and the tokenizers crate's BertNormalizer/
    BertPreTokenizer/WordPiece reproduce): drop NUL, U+FFFD and control characters, whitespace to
    ' ', spaces around CJK ideographs, lower-case and strip accents (NFD, drop Mn), split at
    whitespace and at punctuation (ASCII punctuation or Unicode category P*), greedy longest-match
    WordPiece with '##' continuations, [UNK] for words over 100 characters or with no match;
  * sentence-transformers: text.strip(), truncation to max_length including [CLS] and [SEP]
    (the first max_length - 2 pieces kept), padding to the longest text of the batch;
  * transformers' BertModel (post-LayerNorm layers, exact GELU, softmax attention scaled by
    head_size^-0.5), padded keys excluded with masked_fill(-inf) rather than BERT's additive
    finfo.min (identical for every row that has at least one real key);
  * Pooling (mean over the attention mask, count clamped at 1e-9) then Normalize (L2, eps 1e-12).
Weights are read from model.safetensors (parsed here) with config.json; the vocabulary and the
special tokens from tokenizer.json. Everything runs in float64 on the CPU.

Usage: /usr/bin/python3 tools/reference/text_embedding.py < request.json > response.json
Request:  {"model_dir": "/abs/dir", "texts": [str, ...], "max_length": 256}
Response: {"ids": [[int, ...], ...] (per text, unpadded), "embeddings": [[float, ...], ...]}
"""
import json
import struct
import sys
import unicodedata

import numpy as np
import torch


def read_safetensors(path):
    with open(path, 'rb') as f:
        raw = f.read()
    (header_len,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        if info['dtype'] != 'F32':
            sys.exit('only F32 tensors are supported, got ' + info['dtype'])
        start, end = info['data_offsets']
        array = np.frombuffer(raw[base + start:base + end], dtype='<f4').reshape(info['shape'])
        tensors[name] = torch.from_numpy(array.astype(np.float64))
    return tensors


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith('P')


def is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def basic_tokens(text):
    cleaned = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        if ch in ' \t\n\r' or unicodedata.category(ch) == 'Zs':
            cleaned.append(' ')
        elif unicodedata.category(ch).startswith('C'):
            continue
        elif is_cjk(cp):
            cleaned.append(' ' + ch + ' ')
        else:
            cleaned.append(ch)
    words = []
    for word in ''.join(cleaned).split():
        word = ''.join(c for c in unicodedata.normalize('NFD', word.lower()) if unicodedata.category(c) != 'Mn')
        current = ''
        for ch in word:
            if is_punctuation(ch):
                if current:
                    words.append(current)
                    current = ''
                words.append(ch)
            else:
                current += ch
        if current:
            words.append(current)
    return words


def wordpiece(word, vocab, unk):
    if len(word) > 100:
        return [unk]
    pieces = []
    start = 0
    while start < len(word):
        end = len(word)
        match = None
        while start < end:
            candidate = word[start:end] if start == 0 else '##' + word[start:end]
            if candidate in vocab:
                match = candidate
                break
            end -= 1
        if match is None:
            return [unk]
        pieces.append(match)
        start = end
    return pieces


def encode(text, vocab, max_length):
    pieces = [p for w in basic_tokens(text.strip()) for p in wordpiece(w, vocab, '[UNK]')]
    pieces = pieces[:max_length - 2]
    return [vocab['[CLS]']] + [vocab[p] for p in pieces] + [vocab['[SEP]']]


def layer_norm(x, w, b, eps):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w, b, eps)


def bert(ids, mask, weights, config):
    eps = config['layer_norm_eps']
    batch, length = ids.shape
    positions = torch.arange(length)
    x = (weights['embeddings.word_embeddings.weight'][ids]
         + weights['embeddings.position_embeddings.weight'][positions][None]
         + weights['embeddings.token_type_embeddings.weight'][torch.zeros_like(ids)])
    x = layer_norm(x, weights['embeddings.LayerNorm.weight'], weights['embeddings.LayerNorm.bias'], eps)
    heads = config['num_attention_heads']
    size = config['hidden_size'] // heads
    blocked = (mask == 0)[:, None, None, :]

    def lin(t, name):
        return t @ weights[name + '.weight'].T + weights[name + '.bias']

    for layer in range(config['num_hidden_layers']):
        p = 'encoder.layer.%d.' % layer
        q, k, v = (lin(x, p + 'attention.self.' + n).view(batch, length, heads, size).transpose(1, 2)
                   for n in ('query', 'key', 'value'))
        scores = (q @ k.transpose(-1, -2)) / (size ** 0.5)
        probs = torch.softmax(scores.masked_fill(blocked, float('-inf')), dim=-1)
        context = (probs @ v).transpose(1, 2).reshape(batch, length, heads * size)
        h = layer_norm(lin(context, p + 'attention.output.dense') + x,
                       weights[p + 'attention.output.LayerNorm.weight'], weights[p + 'attention.output.LayerNorm.bias'], eps)
        inner = torch.nn.functional.gelu(lin(h, p + 'intermediate.dense'))
        x = layer_norm(lin(inner, p + 'output.dense') + h,
                       weights[p + 'output.LayerNorm.weight'], weights[p + 'output.LayerNorm.bias'], eps)
    return x


def main():
    request = json.load(sys.stdin)
    model_dir = request['model_dir']
    with open(model_dir + '/config.json') as f:
        config = json.load(f)
    with open(model_dir + '/tokenizer.json') as f:
        vocab = json.load(f)['model']['vocab']
    weights = read_safetensors(model_dir + '/model.safetensors')
    encoded = [encode(text, vocab, request['max_length']) for text in request['texts']]
    length = max(len(e) for e in encoded)
    ids = torch.tensor([e + [0] * (length - len(e)) for e in encoded])
    mask = torch.tensor([[1] * len(e) + [0] * (length - len(e)) for e in encoded])
    with torch.no_grad():
        hidden = bert(ids, mask, weights, config)
        m = mask[:, :, None].to(torch.float64)
        pooled = (hidden * m).sum(1) / torch.clamp(m.sum(1), min=1e-9)
        embeddings = torch.nn.functional.normalize(pooled, p=2, dim=1, eps=1e-12)
    json.dump({'ids': encoded, 'embeddings': embeddings.tolist()}, sys.stdout)


if __name__ == '__main__':
    main()
