#!/usr/bin/env python3
"""One T5 v1.0 training step in plain PyTorch, timed: the reference row beside t5lab's
`training` bench suite (bench/suites/trainingPytorch.ts runs it).

It builds the same model as t5lab's preset (ReLU feed-forward, tied embeddings with the
d_model^-0.5 logit rescale, RMS norm without bias, shared relative position bias of 32 buckets
up to distance 128 in the first layer of each stack, dropout), the same deterministic batch
as bench/suites/training.ts (ids 3 + (i·7919 + offset) mod (vocab − 3)), and times forward +
backward + SGD with the loss read back, median of the measured steps after the warm-up steps.

Usage: t5_train_step.py '<json config>'  (keys: d_model, d_ff, num_heads, d_kv, num_layers,
vocab_size, dropout, batch, input_length, target_length, warmup, measured, threads)
Prints one JSON line: {"ms": [...], "median_ms": float, "tokens": int, "torch": str, "threads": int}.
Only torch is needed (no transformers), so Debian's python3-torch is enough.
"""
import json
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return self.weight * x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)


def relative_bucket(relative, bidirectional, num_buckets=32, max_distance=128):
    # T5's bucketing (spec §A.4): half the buckets per direction when bidirectional, exact
    # buckets below max_exact, logarithmic up to max_distance.
    ret = torch.zeros_like(relative)
    n = -relative
    if bidirectional:
        num_buckets //= 2
        ret = ret + (n < 0).long() * num_buckets
        n = n.abs()
    else:
        n = n.clamp(min=0)
    max_exact = num_buckets // 2
    is_small = n < max_exact
    large = max_exact + (
        torch.log(n.float().clamp(min=1) / max_exact) / math.log(max_distance / max_exact) * (num_buckets - max_exact)
    ).long()
    large = large.clamp(max=num_buckets - 1)
    return ret + torch.where(is_small, n, large)


class Attention(nn.Module):
    def __init__(self, c, has_bias, bidirectional):
        super().__init__()
        inner = c["num_heads"] * c["d_kv"]
        self.h, self.dk = c["num_heads"], c["d_kv"]
        self.q = nn.Linear(c["d_model"], inner, bias=False)
        self.k = nn.Linear(c["d_model"], inner, bias=False)
        self.v = nn.Linear(c["d_model"], inner, bias=False)
        self.o = nn.Linear(inner, c["d_model"], bias=False)
        self.bidirectional = bidirectional
        self.bias = nn.Embedding(32, self.h) if has_bias else None
        self.p = c["dropout"]

    def position_bias(self, lq, lk):
        ctx = torch.arange(lq)[:, None]
        mem = torch.arange(lk)[None, :]
        b = self.bias(relative_bucket(mem - ctx, self.bidirectional))
        return b.permute(2, 0, 1).unsqueeze(0)

    def forward(self, x, kv, bias, mask):
        B, L, _ = x.shape
        Lk = kv.shape[1]
        q = self.q(x).view(B, L, self.h, self.dk).transpose(1, 2)
        k = self.k(kv).view(B, Lk, self.h, self.dk).transpose(1, 2)
        v = self.v(kv).view(B, Lk, self.h, self.dk).transpose(1, 2)
        scores = q @ k.transpose(-1, -2)  # T5: no 1/sqrt(d_kv) (folded into the init)
        if bias is not None:
            scores = scores + bias
        if mask is not None:
            scores = scores + mask
        w = F.dropout(F.softmax(scores.float(), dim=-1), self.p, self.training)
        out = (w @ v).transpose(1, 2).reshape(B, L, self.h * self.dk)
        return self.o(out)


class FeedForward(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wi = nn.Linear(c["d_model"], c["d_ff"], bias=False)
        self.wo = nn.Linear(c["d_ff"], c["d_model"], bias=False)
        self.p = c["dropout"]

    def forward(self, x):
        return self.wo(F.dropout(F.relu(self.wi(x)), self.p, self.training))


class Block(nn.Module):
    def __init__(self, c, first, decoder):
        super().__init__()
        self.n1 = RMSNorm(c["d_model"])
        self.self_attn = Attention(c, first, bidirectional=not decoder)
        self.decoder = decoder
        if decoder:
            self.n2 = RMSNorm(c["d_model"])
            self.cross = Attention(c, False, True)
        self.n3 = RMSNorm(c["d_model"])
        self.ff = FeedForward(c)
        self.p = c["dropout"]

    def forward(self, x, bias, mask, enc=None):
        h = self.n1(x)
        x = x + F.dropout(self.self_attn(h, h, bias, mask), self.p, self.training)
        if self.decoder:
            h = self.n2(x)
            x = x + F.dropout(self.cross(h, enc, None, None), self.p, self.training)
        return x + F.dropout(self.ff(self.n3(x)), self.p, self.training)


class T5(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.shared = nn.Embedding(c["vocab_size"], c["d_model"])
        self.enc = nn.ModuleList([Block(c, i == 0, False) for i in range(c["num_layers"])])
        self.dec = nn.ModuleList([Block(c, i == 0, True) for i in range(c["num_layers"])])
        self.enc_norm = RMSNorm(c["d_model"])
        self.dec_norm = RMSNorm(c["d_model"])
        self.p = c["dropout"]

    def forward(self, input_ids, labels):
        c = self.c
        x = F.dropout(self.shared(input_ids), self.p, self.training)
        L = input_ids.shape[1]
        ebias = self.enc[0].self_attn.position_bias(L, L)
        for b in self.enc:
            x = b(x, ebias, None)
        enc = F.dropout(self.enc_norm(x), self.p, self.training)
        dec_in = torch.cat([torch.zeros_like(labels[:, :1]), labels[:, :-1]], dim=1)
        T = labels.shape[1]
        y = F.dropout(self.shared(dec_in), self.p, self.training)
        causal = torch.triu(torch.full((T, T), -1e9), 1)[None, None]
        dbias = self.dec[0].self_attn.position_bias(T, T)
        for b in self.dec:
            y = b(y, dbias, causal, enc)
        y = F.dropout(self.dec_norm(y), self.p, self.training) * (c["d_model"] ** -0.5)
        logits = y @ self.shared.weight.t()
        return F.cross_entropy(logits.reshape(-1, c["vocab_size"]), labels.reshape(-1))


def batch_of(vocab, rows, length, offset):
    i = torch.arange(rows * length, dtype=torch.int64)
    return (3 + (i * 7919 + offset) % (vocab - 3)).view(rows, length)


def main():
    c = json.loads(sys.argv[1])
    threads = int(c.get("threads", 2))
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = T5(c).train()
    inputs = batch_of(c["vocab_size"], c["batch"], c["input_length"], 0)
    labels = batch_of(c["vocab_size"], c["batch"], c["target_length"], 17)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    times = []
    for i in range(c["warmup"] + c["measured"]):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = model(inputs, labels)
        loss.backward()
        opt.step()
        loss.item()
        if i >= c["warmup"]:
            times.append((time.perf_counter() - t0) * 1000)
    print(
        json.dumps(
            {
                "ms": times,
                "median_ms": statistics.median(times),
                "tokens": c["batch"] * (c["input_length"] + c["target_length"]),
                "torch": torch.__version__,
                "threads": threads,
            }
        )
    )


if __name__ == "__main__":
    main()
