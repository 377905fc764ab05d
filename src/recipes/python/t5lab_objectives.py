#!/usr/bin/env python3
"""t5lab's pre-training objectives in dependency-free Python (standard library only).

A bit-for-bit port of t5lab's src/objectives (rng.ts, noiseMasks.ts, encoders.ts, objectives.ts,
lengths.ts) and src/tasks/mixingRates.ts: for the same seed and settings every function here
returns exactly what t5lab returns, so an experiment found in the browser runs unchanged on a
cluster (the exported train.py imports this file). It is also a command with t5lab's flags and
JSON output:

    python3 t5lab_objectives.py corrupt --objective span_corruption --ids 5,6,7,8 --vocab-size 100 --seed 3 --json
    python3 t5lab_objectives.py mask --kind spans --length 20 --seed 1 --json
    python3 t5lab_objectives.py lengths --inputs-length 512 --json
    python3 t5lab_objectives.py rates --strategy temperature --T 2 --sizes a=100,b=2000 --json

prints what `t5lab corrupt|mask|lengths|rates ... --json` prints (test/node/recipes/
pythonObjectives.test.ts checks it). Three things make that exact rather than "close":
  * the generator is pure-rand's xoroshiro128+ on four signed 32-bit words, seeded as rng.ts does;
  * JavaScript's `**` is fdlibm's pow (V8's ieee754::legacy::pow), not the C library's, so the
    temperature-scaled rates use a port of it (`js_pow`);
  * numbers are printed with ECMAScript's Number-to-String rules (`js_number_text`) and flags are
    read with its Number() rules (`js_to_number`).
One file on purpose (over 400 lines): a recipe copies it next to train.py as a single module.
"""

import json
import math
import re
import struct
import sys
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "Rng", "round_half_even", "iid_noise_mask", "random_spans_noise_mask", "random_prefix_noise_mask",
    "random_spans_counts", "compute_input_and_target_lengths", "vocab_of_size", "OBJECTIVES",
    "OBJECTIVE_NAMES", "corrupt", "mixing_rates", "js_pow", "main",
]

# --------------------------------------------------------------------------------------------
# JavaScript number semantics
# --------------------------------------------------------------------------------------------

TWO_POW_32 = 4294967296


def i32(x):
    """ToInt32: wraps an integer to a signed 32-bit value (JavaScript's `x | 0`)."""
    return ((x + 0x80000000) & 0xFFFFFFFF) - 0x80000000


def u32(x):
    """ToUint32 (JavaScript's `x >>> 0`)."""
    return x & 0xFFFFFFFF


def imul(a, b):
    return i32(u32(a) * u32(b))


def _words(x):
    hi, lo = struct.unpack("<iI", struct.pack("<d", x)[4:] + struct.pack("<d", x)[:4])
    return hi, lo


def _from_words(hi, lo):
    return struct.unpack("<d", struct.pack("<I", lo & 0xFFFFFFFF) + struct.pack("<I", hi & 0xFFFFFFFF))[0]


def _clear_low(x):
    return _from_words(_words(x)[0], 0)


_BP = (1.0, 1.5)
_DP_H = (0.0, 5.84962487220764160156e-01)
_DP_L = (0.0, 1.35003920212974897128e-08)
_L1, _L2, _L3 = 5.99999999999994648725e-01, 4.28571428578550184252e-01, 3.33333329818377432918e-01
_L4, _L5, _L6 = 2.72728123808534006489e-01, 2.30660745775561754067e-01, 2.06975017800338417784e-01
_P1, _P2, _P3 = 1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05
_P4, _P5 = -1.65339022054652515390e-06, 4.13813679705723846039e-08
_LG2, _LG2_H, _LG2_L = 6.93147180559945286227e-01, 6.93147182464599609375e-01, -1.90465429995776804525e-09
_OVT = 8.0085662595372944372e-17
_CP, _CP_H, _CP_L = 9.61796693925975554329e-01, 9.61796700954437255859e-01, -7.02846165095275826516e-09
_IVLN2, _IVLN2_H, _IVLN2_L = 1.44269504088896338700e00, 1.44269502162933349609e00, 1.92596299112661746887e-08


def js_pow(x, y):
    """JavaScript's `x ** y` as V8 computes it (its ieee754 pow, adapted from fdlibm's e_pow.c,
    Sun Microsystems, freely redistributable), so rates match Node to the last bit where the C
    library's pow differs (about 1 call in 10)."""
    x, y = float(x), float(y)
    if math.isnan(y) or (math.isinf(y) and abs(x) == 1):
        return math.nan  # ECMAScript: NaN exponent, and (±1) ** ±Infinity, give NaN
    hx, lx = _words(x)
    hy, ly = _words(y)
    ix, iy = hx & 0x7FFFFFFF, hy & 0x7FFFFFFF
    if (iy | ly) == 0:
        return 1.0
    if math.isnan(x):
        return math.nan
    yisint = 0
    if hx < 0:
        if iy >= 0x43400000:
            yisint = 2
        elif iy >= 0x3FF00000:
            k = (iy >> 20) - 0x3FF
            if k > 20:
                j = ly >> (52 - k)
                if ((j << (52 - k)) & 0xFFFFFFFF) == ly:
                    yisint = 2 - (j & 1)
            elif ly == 0:
                j = iy >> (20 - k)
                if (j << (20 - k)) == iy:
                    yisint = 2 - (j & 1)
    if ly == 0:
        if iy == 0x7FF00000:
            if ix >= 0x3FF00000:
                return y if hy >= 0 else 0.0
            return -y if hy < 0 else 0.0
        if iy == 0x3FF00000:
            return 1.0 / x if hy < 0 else x
        if hy == 0x40000000:
            return x * x
        if hy == 0x3FE00000 and hx >= 0:
            return math.sqrt(x)
    ax = abs(x)
    if lx == 0 and (ix == 0x7FF00000 or ix == 0 or ix == 0x3FF00000):
        z = ax
        if hy < 0:
            z = math.inf if z == 0 else 1.0 / z
        if hx < 0:
            if ((ix - 0x3FF00000) | yisint) == 0:
                z = math.nan
            elif yisint == 1:
                z = -z
        return z
    n = (hx >> 31) + 1
    if (n | yisint) == 0:
        return math.nan
    s = 1.0
    if (n | (yisint - 1)) == 0:
        s = -1.0
    if iy > 0x41E00000:
        huge = math.inf
        if iy > 0x43F00000:
            if ix <= 0x3FEFFFFF:
                return huge if hy < 0 else 0.0
            if ix >= 0x3FF00000:
                return huge if hy > 0 else 0.0
        if ix < 0x3FEFFFFF:
            return s * huge if hy < 0 else s * 0.0
        if ix > 0x3FF00000:
            return s * huge if hy > 0 else s * 0.0
        t = ax - 1.0
        w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25))
        u = _IVLN2_H * t
        v = t * _IVLN2_L - w * _IVLN2
        t1 = _clear_low(u + v)
        t2 = v - (t1 - u)
    else:
        n = 0
        if ix < 0x00100000:
            ax *= 9007199254740992.0
            n -= 53
            ix = _words(ax)[0]
        n += (ix >> 20) - 0x3FF
        j = ix & 0x000FFFFF
        ix = j | 0x3FF00000
        if j <= 0x3988E:
            k = 0
        elif j < 0xBB67A:
            k = 1
        else:
            k = 0
            n += 1
            ix -= 0x00100000
        ax = _from_words(ix, _words(ax)[1])
        u = ax - _BP[k]
        v = 1.0 / (ax + _BP[k])
        ss = u * v
        s_h = _clear_low(ss)
        t_h = _from_words(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0)
        t_l = ax - (t_h - _BP[k])
        s_l = v * ((u - s_h * t_h) - s_h * t_l)
        s2 = ss * ss
        r = s2 * s2 * (_L1 + s2 * (_L2 + s2 * (_L3 + s2 * (_L4 + s2 * (_L5 + s2 * _L6)))))
        r += s_l * (s_h + ss)
        s2 = s_h * s_h
        t_h = _clear_low(3.0 + s2 + r)
        t_l = r - ((t_h - 3.0) - s2)
        u = s_h * t_h
        v = s_l * t_h + t_l * ss
        p_h = _clear_low(u + v)
        p_l = v - (p_h - u)
        z_h = _CP_H * p_h
        z_l = _CP_L * p_h + p_l * _CP + _DP_L[k]
        t = float(n)
        t1 = _clear_low(((z_h + z_l) + _DP_H[k]) + t)
        t2 = z_l - (((t1 - t) - _DP_H[k]) - z_h)
    y1 = _clear_low(y)
    p_l = (y - y1) * t1 + y * t2
    p_h = y1 * t1
    z = p_l + p_h
    j, i = _words(z)
    if j >= 0x40900000:
        if ((j - 0x40900000) | i) != 0 or p_l + _OVT > z - p_h:
            return s * math.inf
    elif (j & 0x7FFFFFFF) >= 0x4090CC00:
        if (i32(j - i32(0xC090CC00)) | i) != 0 or p_l <= z - p_h:
            return s * 0.0
    i = j & 0x7FFFFFFF
    k = (i >> 20) - 0x3FF
    n = 0
    if i > 0x3FE00000:
        n = j + (0x00100000 >> (k + 1))
        k = ((n & 0x7FFFFFFF) >> 20) - 0x3FF
        t = _from_words(n & ~(0x000FFFFF >> k), 0)
        n = ((n & 0x000FFFFF) | 0x00100000) >> (20 - k)
        if j < 0:
            n = -n
        p_h -= t
    t = _clear_low(p_l + p_h)
    u = t * _LG2_H
    v = (p_l - (t - p_h)) * _LG2 + t * _LG2_L
    z = u + v
    w = v - (z - u)
    t = z * z
    t1 = z - t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
    # V8 groups this as z*t1 / ((t1 − 2) − (w + z*w)), unlike fdlibm's (z*t1)/(t1 − 2) − (w + z*w).
    r = (z * t1) / ((t1 - 2.0) - (w + z * w))
    z = 1.0 - (r - z)
    zj = _words(z)[0] + (n << 20)
    if (zj >> 20) <= 0:
        z = math.ldexp(z, n)
    else:
        z = _from_words(zj, _words(z)[1])
    return s * z


_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def js_trim(text):
    return text.strip(_JS_SPACE)


_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")


def js_to_number(text):
    """ECMAScript Number(string): decimal, Infinity, 0x/0o/0b literals; NaN otherwise."""
    t = js_trim(text)
    if t == "":
        return 0.0
    if t in ("Infinity", "+Infinity"):
        return math.inf
    if t == "-Infinity":
        return -math.inf
    if len(t) > 2 and t[0] == "0" and t[1] in "xXoObB":
        base = {"x": 16, "o": 8, "b": 2}[t[1].lower()]
        digits = t[2:]
        ok = all(c in "0123456789abcdefABCDEF"[: base if base <= 10 else 22] for c in digits)
        return float(int(digits, base)) if ok and digits else math.nan
    if not _DECIMAL.match(t):
        return math.nan
    return float(t)


def js_number_text(x):
    """ECMAScript Number::toString(10) (what JSON.stringify and String() print)."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    if x < 0:
        return "-" + js_number_text(-x)
    digits, exp = repr(x).replace("E", "e").partition("e")[::2]
    mant = digits.replace(".", "")
    point = digits.index(".") if "." in digits else len(digits)
    e = int(exp) if exp else 0
    stripped = mant.lstrip("0")
    n = point + e - (len(mant) - len(stripped))  # decimal point position in 0.ddd × 10^n
    s = stripped.rstrip("0")
    k = len(s)
    if k <= n <= 21:
        return s + "0" * (n - k)
    if 0 < n <= 21:
        return s[:n] + "." + s[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + s
    e1 = n - 1
    es = ("+" if e1 >= 0 else "-") + str(abs(e1))
    return (s if k == 1 else s[0] + "." + s[1:]) + "e" + es


def _is_array_index(key):
    return key.isdigit() and (key == "0" or key[0] != "0") and int(key) < 4294967295


def js_key_order(keys):
    """The order JavaScript objects keep string keys in: array indices ascending, then insertion."""
    idx = sorted((k for k in keys if _is_array_index(k)), key=int)
    return idx + [k for k in keys if not _is_array_index(k)]


def js_json(value):
    """JSON.stringify(value) for dicts, lists, strings, numbers and booleans (compact)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number_text(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ",".join(js_json(k) + ":" + js_json(value[k]) for k in js_key_order(list(value))) + "}"
    return "[" + ",".join(js_json(v) for v in value) + "]"


def js_to_fixed(x, digits):
    """Number.prototype.toFixed: the exact binary value rounded half away from zero."""
    q = Decimal(1).scaleb(-digits)
    return str(Decimal(x).quantize(q, rounding=ROUND_HALF_UP))


class ValidationError(ValueError):
    """A bad value for a named field (t5lab's ValidationError): exit status 2 on the command line."""


class UsageError(ValueError):
    """A bad command line (t5lab's UsageError): exit status 2."""


def show(v):
    if v is None:
        return "nothing"
    if isinstance(v, str):
        return js_json(v if len(v) <= 60 else v[:57] + "...")
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return js_number_text(v)
    return js_json(v)


def fail(name, what, got):
    raise ValidationError("%s must be %s (got %s)" % (name, what, show(got)))


def _is_int(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and float(v).is_integer()


def _range_text(lo, hi, max_exclusive=False):
    if hi == math.inf:
        return "at least %s" % js_number_text(lo)
    return "in [%s, %s%s" % (js_number_text(lo), js_number_text(hi), ")" if max_exclusive else "]")


def number_in(v, name, lo, hi, max_exclusive=False):
    ok = isinstance(v, (int, float)) and math.isfinite(v) and v >= lo and (v < hi if max_exclusive else v <= hi)
    if not ok:
        fail(name, "a number " + _range_text(lo, hi, max_exclusive), v)
    return v


def int_at_least(v, name, lo):
    if not _is_int(v) or v < lo:
        fail(name, "an integer ≥ %d" % lo, v)
    return int(v)


def non_negative_int(v, name):
    if not _is_int(v) or v < 0:
        fail(name, "a non-negative integer", v)
    return int(v)


def positive_number(v, name):
    if not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
        fail(name, "a positive number", v)
    return v


def safe_integer(v, name):
    if not _is_int(v) or abs(v) > 9007199254740991:
        fail(name, "a safe integer", v)
    return int(v)


# --------------------------------------------------------------------------------------------
# The generator (src/objectives/rng.ts)
# --------------------------------------------------------------------------------------------


def _mix32(x):
    x = i32(x + 0x9E3779B9)
    x = imul(x ^ (u32(x) >> 16), 0x85EBCA6B)
    x = imul(x ^ (u32(x) >> 13), 0xC2B2AE35)
    return i32(x ^ (u32(x) >> 16))


def _hash_key(key):
    s = "#%s" % js_number_text(key) if isinstance(key, (int, float)) else key
    h = i32(0x811C9DC5)
    for unit in struct.unpack("<%dH" % (len(s.encode("utf-16-le")) // 2), s.encode("utf-16-le")):
        h = imul(h ^ unit, 0x01000193)
    return i32(h)


def _words_from(a, b):
    w0 = _mix32(a ^ 0x3C6EF372)
    w1 = _mix32(b ^ w0)
    w2 = _mix32(a ^ w1 ^ 0x5851F42D)
    w3 = _mix32(b ^ w2 ^ 0x14057B7E)
    if (w0 | w1 | w2 | w3) == 0:
        return [1, 0, 0, 0]
    return [w0, w1, w2, w3]


class Rng:
    """pure-rand's xoroshiro128+ with rng.ts's seeding and draws. State words are (s01, s00, s11, s10)."""

    def __init__(self, seed):
        if isinstance(seed, str):
            utf16_len = len(seed.encode("utf-16-le")) // 2
            self._s = _words_from(_hash_key(seed), utf16_len)
        elif _is_int(seed) and abs(seed) <= 9007199254740991:
            seed = int(seed)
            self._s = _words_from(i32(seed), i32(seed // TWO_POW_32))
        else:
            raise TypeError("Rng: seed must be a safe integer or a string (got %r)" % (seed,))

    @classmethod
    def from_state(cls, state):
        r = cls.__new__(cls)
        r._s = [i32(int(w)) for w in state["words"]]
        return r

    def state(self):
        return {"algorithm": "xoroshiro128plus", "words": list(self._s)}

    def fork(self, key):
        w = self._s
        k = _hash_key(key)
        a = _mix32(w[0] ^ k) ^ _mix32(w[2])
        b = _mix32(w[1] ^ _mix32(k)) ^ _mix32(w[3] ^ 0x2545F491)
        r = Rng.__new__(Rng)
        r._s = _words_from(i32(a), i32(b))
        return r

    def _next(self):
        s01, s00, s11, s10 = self._s
        out = i32(s00 + s10)
        a0 = s10 ^ s00
        a1 = s11 ^ s01
        n00 = i32(s00 << 24) ^ (u32(s01) >> 8) ^ a0 ^ i32(a0 << 16)
        n01 = i32(s01 << 24) ^ (u32(s00) >> 8) ^ a1 ^ (i32(a1 << 16) | (u32(a0) >> 16))
        n10 = i32(a1 << 5) ^ (u32(a0) >> 27)
        n11 = i32(a0 << 5) ^ (u32(a1) >> 27)
        self._s = [i32(n01), i32(n00), i32(n11), i32(n10)]
        return out

    def uint32(self):
        return u32(self._next())

    def float(self):
        hi = u32(self._next()) >> 5
        lo = u32(self._next()) >> 6
        return float(hi * 67108864 + lo) / 9007199254740992.0

    def below(self, n):
        if not (_is_int(n) and 1 <= n <= TWO_POW_32):
            raise ValueError("Rng.below: n must be an integer in [1, 2^32] (got %s)" % js_number_text(n))
        n = int(n)
        limit = TWO_POW_32 - (TWO_POW_32 % n)
        v = u32(self._next())
        while v >= limit:
            v = u32(self._next())
        return v % n

    def int(self, lo, hi):
        if not _is_int(lo) or not _is_int(hi) or hi <= lo:
            raise ValueError("Rng.int: need integers lo < hi (got lo=%s, hi=%s)" % (js_number_text(lo), js_number_text(hi)))
        return int(lo) + self.below(int(hi) - int(lo))

    def bernoulli(self, p):
        return self.float() < p

    def shuffle(self, xs):
        for i in range(len(xs) - 1, 0, -1):
            j = self.below(i + 1)
            xs[i], xs[j] = xs[j], xs[i]
        return xs


def round_half_even(x):
    """Python's round() and tf.round on the exact double (rng.ts roundHalfEven)."""
    if not math.isfinite(x):
        return x
    f = math.floor(x)
    diff = x - f
    if diff > 0.5:
        return f + 1
    if diff < 0.5:
        return f
    return f if f % 2 == 0 else f + 1


# --------------------------------------------------------------------------------------------
# Noise masks (noiseMasks.ts) and lengths (lengths.ts)
# --------------------------------------------------------------------------------------------


def iid_noise_mask(length, density, rng):
    non_negative_int(length, "iidNoiseMask: length")
    number_in(density, "iidNoiseMask: density", 0, 1)
    return [1 if rng.float() < density else 0 for _ in range(int(length))]


def random_spans_counts(length, density, mean_span):
    L = max(int(length), 2)
    nN = round_half_even(L * density)
    nN = min(max(nN, 1), L - 1)
    nS = max(round_half_even(nN / mean_span), 1)
    nS = min(nS, nN, L - nN)
    return L, int(nN), int(nS)


def random_composition(items, parts, rng):
    """A uniformly random composition of `items` into `parts` positive parts (Floyd's algorithm)."""
    if parts < 1 or items < parts:
        raise ValueError("randomComposition: need integers 1 ≤ parts ≤ items (got items=%d, parts=%d)" % (items, parts))
    gaps = items - 1
    flags = [0] * gaps
    for j in range(gaps - (parts - 1), gaps):
        t = rng.below(j + 1)
        if flags[t]:
            flags[j] = 1
        else:
            flags[t] = 1
    out = []
    start = 0
    for g in range(gaps):
        if flags[g]:
            out.append(g + 1 - start)
            start = g + 1
    out.append(items - start)
    return out


def random_spans_noise_mask(length, density, mean_span, rng):
    non_negative_int(length, "randomSpansNoiseMask: length")
    number_in(density, "randomSpansNoiseMask: density", 0, 1)
    positive_number(mean_span, "randomSpansNoiseMask: meanSpan")
    length = int(length)
    mask = [0] * length
    if density == 0:
        return mask
    L, nN, nS = random_spans_counts(length, density, mean_span)
    noise = random_composition(nN, nS, rng)
    clean = random_composition(L - nN, nS, rng)
    pos = 0
    for s in range(nS):
        pos += clean[s]
        for i in range(pos, min(pos + noise[s], length)):
            mask[i] = 1
        pos += noise[s]
    return mask


def random_prefix_noise_mask(length, density, rng):
    non_negative_int(length, "randomPrefixNoiseMask: length")
    number_in(density, "randomPrefixNoiseMask: density", 0, 0.5)
    length = int(length)
    max_input = length - 1
    if max_input <= 0:
        return [0] * length
    kmin = min(max_input, max(1, round_half_even((1 - 2 * density) * max_input)))
    k = rng.int(kmin, max_input + 1)
    return [1] * k + [0] * (length - k)


def lengths_for_tokens(n, density, mean_span):
    nN = round_half_even(n * density)
    nS = round_half_even(nN / mean_span)
    return n - nN + nS + 1, nN + nS + 1


def compute_input_and_target_lengths(inputs_length, density, mean_span):
    """The t5 library's random_spans_helper: (tokens_length, targets_length). 512/0.15/3 → (568, 114)."""
    int_at_least(inputs_length, "inputsLength", 2)
    number_in(density, "density", 0, 1, max_exclusive=True)
    positive_number(mean_span, "meanSpan")
    tokens_length = int(inputs_length) - 1
    bound = math.ceil((inputs_length + 2) / (1 - density)) * 4 + 16
    while lengths_for_tokens(tokens_length + 1, density, mean_span)[0] <= inputs_length:
        tokens_length += 1
        if tokens_length > bound:
            fail("density", "further from 1 (no finite tokens length)", density)
    targets_length = lengths_for_tokens(tokens_length, density, mean_span)[1]
    if density == 0.5 and targets_length > inputs_length:
        tokens_length -= 1
        targets_length -= 1
    return int(tokens_length), int(targets_length)


# --------------------------------------------------------------------------------------------
# Vocabulary, encoders and the objectives (vocab.ts, encoders.ts, objectives.ts)
# --------------------------------------------------------------------------------------------

NUM_RESERVED_TOKENS = 3


class SizeVocab:
    """A vocabulary known by its size: <extra_id_k> = size − 1 − k, mask = size − 1, EOS = 1."""

    def __init__(self, vocab_size):
        if not _is_int(vocab_size) or vocab_size <= NUM_RESERVED_TOKENS + 1:
            raise ValueError("vocabSize must be an integer > %d (got %s)" % (NUM_RESERVED_TOKENS + 1, show(vocab_size)))
        self.vocab_size = int(vocab_size)
        self.mask_id = self.vocab_size - 1
        self.eos_id = 1

    def sentinel(self, k):
        i = self.vocab_size - 1 - k
        if i < NUM_RESERVED_TOKENS:
            raise ValueError("sentinel %d would collide with reserved ids for vocabSize %d" % (k, self.vocab_size))
        return i


def vocab_of_size(vocab_size):
    return SizeVocab(vocab_size)


def _random_token(vocab, rng):
    return NUM_RESERVED_TOKENS + rng.below(vocab.vocab_size - NUM_RESERVED_TOKENS)


def _runs_to_ids(tokens, mask, target, id_of):
    out, k, prev = [], 0, -1
    for t, m in zip(tokens, mask):
        if m != target:
            out.append(t)
        elif prev != target:
            out.append(id_of(k))
            k += 1
        prev = m
    return out


def _random_or_mask(t, m, v, r):
    return [(_random_token(v, r) if r.float() < 0.1 else v.mask_id) if mi else ti for ti, mi in zip(t, m)]


def _bert_801010(t, m, v, r):
    out = list(t)
    for i, mi in enumerate(m):
        if mi:
            u = r.float()
            if u < 0.8:
                out[i] = v.mask_id
            elif u < 0.9:
                out[i] = _random_token(v, r)
    return out


def _permute(t, m, _v, r):
    out = list(t)
    positions = [i for i, mi in enumerate(m) if mi]
    values = r.shuffle([out[p] for p in positions])
    for p, val in zip(positions, values):
        out[p] = val
    return out


def _keep(t, m, keep):
    return [ti for ti, mi in zip(t, m) if mi == keep]


def _unique_noise(t, m, v, _r=None):
    return _runs_to_ids(t, m, 1, v.sentinel)


def _unique_clean(t, m, v):
    return _runs_to_ids(t, m, 0, v.sentinel)


class Objective:
    def __init__(self, name, mask_kind, density, inputs_fn, targets_fn, max_density=1.0, mean_span=3.0):
        self.name, self.mask_kind, self.max_density = name, mask_kind, max_density
        self.defaults = {"density": density, "mean_span": mean_span}
        self.inputs_fn, self.targets_fn = inputs_fn, targets_fn

    def draw_mask(self, length, density, mean_span, rng):
        if self.mask_kind == "spans":
            return random_spans_noise_mask(length, density, mean_span, rng)
        if self.mask_kind == "prefix":
            return random_prefix_noise_mask(length, density, rng)
        return iid_noise_mask(length, density, rng)

    def segment_length(self, inputs_length, density=None, mean_span=None):
        d = self.defaults["density"] if density is None else density
        s = self.defaults["mean_span"] if mean_span is None else mean_span
        if self.mask_kind == "spans":
            return compute_input_and_target_lengths(inputs_length, d, s)[0]
        return int_at_least(inputs_length, "%s: inputsLength" % self.name, 2) - 1

    def encode(self, tokens, mask, vocab, rng):
        inputs = self.inputs_fn(tokens, mask, vocab, rng) + [vocab.eos_id]
        targets = (self.targets_fn(tokens, mask, vocab) if self.targets_fn else list(tokens)) + [vocab.eos_id]
        return inputs, targets

    def corrupt(self, tokens, vocab, rng, density=None, mean_span=None):
        """(inputs, targets, mask): the library's denoise step, EOS appended after corruption."""
        d = self.defaults["density"] if density is None else density
        s = self.defaults["mean_span"] if mean_span is None else mean_span
        number_in(d, "%s.corrupt: density" % self.name, 0, self.max_density)
        positive_number(s, "%s.corrupt: meanSpan" % self.name)
        mask = self.draw_mask(len(tokens), d, s, rng)
        inputs, targets = self.encode(tokens, mask, vocab, rng)
        return inputs, targets, mask


OBJECTIVES = {
    "prefix_lm": Objective("prefix_lm", "prefix", 0.5, lambda t, m, v, r: _keep(t, m, 1), lambda t, m, v: _keep(t, m, 0), 0.5),
    "bert": Objective("bert", "iid", 0.15, _random_or_mask, None),
    "deshuffle": Objective("deshuffle", "iid", 1.0, _permute, None),
    "mass": Objective("mass", "iid", 0.15, lambda t, m, v, r: [v.mask_id if mi else ti for ti, mi in zip(t, m)], None),
    "iid_replace_spans": Objective("iid_replace_spans", "iid", 0.15, _unique_noise, _unique_clean),
    "iid_drop": Objective("iid_drop", "iid", 0.15, lambda t, m, v, r: _keep(t, m, 0), lambda t, m, v: _keep(t, m, 1)),
    "span_corruption": Objective("span_corruption", "spans", 0.15, _unique_noise, _unique_clean),
    "bert_80_10_10": Objective("bert_80_10_10", "iid", 0.15, _bert_801010, None),
}
OBJECTIVE_NAMES = list(OBJECTIVES)
PAPER_LABELS = {
    'prefix_lm': 'Prefix language modeling',
    'bert': 'BERT-style',
    'deshuffle': 'Deshuffling',
    'mass': 'MASS-style',
    'iid_replace_spans': 'I.i.d. noise, replace spans',
    'iid_drop': 'I.i.d. noise, drop tokens',
    'span_corruption': 'Random spans',
    'bert_80_10_10': 'Original BERT 80/10/10 (not run in the paper)',
}


def corrupt(objective, tokens, vocab_size, seed=0, density=None, mean_span=None):
    """t5lab corrupt with --ids: (inputs, targets, mask) as Int32 values."""
    inputs, targets, mask = OBJECTIVES[objective].corrupt(list(tokens), vocab_of_size(vocab_size), Rng(seed), density, mean_span)
    return [i32(x) for x in inputs], [i32(x) for x in targets], mask


# --------------------------------------------------------------------------------------------
# Mixing rates (src/tasks/mixingRates.ts)
# --------------------------------------------------------------------------------------------

PAPER_TEMPERATURE_K = 2**21
PAPER_TASK_SIZES = {
    "glue_cola": 8551, "glue_sst2": 67349, "glue_mrpc": 3668, "glue_qqp": 363849, "glue_stsb": 5749,
    "glue_mnli": 392702, "glue_qnli": 104743, "glue_rte": 2490, "sglue_boolq": 9427, "sglue_cb": 250,
    "sglue_copa": 400, "sglue_multirc": 27243, "sglue_record": 138854, "sglue_rte": 2490, "sglue_wic": 5428,
    "wsc_simple": 259, "dpr_simple": 1322, "squad": 87599, "cnn_dailymail": 287113, "wmt_ende": 4592289,
    "wmt_enfr": 40853298, "wmt_enro": 610320, "c4": 364868892,
}


def unnormalised_rate(size, K=math.inf, T=1.0):
    r = min(float(size), K)
    if T != 1:
        r = js_pow(r, 1 / T)
    return r


def mixing_rates(kind, sizes, K=None, T=None):
    """Normalised rates {task: rate} for 'equal', 'proportional' (K; None = no cap) or 'temperature' (T, K = 2^21)."""
    names = js_key_order(list(sizes))
    if not names:
        raise ValueError("mixingRates: sizes must name at least one task")
    if kind == "equal":
        return {n: 1 / len(names) for n in names}
    if kind == "proportional":
        raw = [unnormalised_rate(sizes[n], math.inf if K is None else K) for n in names]
        fn = "examplesProportionalRates"
    else:
        raw = [unnormalised_rate(sizes[n], PAPER_TEMPERATURE_K if K is None else K, T) for n in names]
        fn = "temperatureScaledRates"
    total = 0.0
    for r in raw:  # left to right, as Array.reduce does (Python 3.12's sum() compensates)
        total += r
    if not total > 0:
        raise ValueError("%s: every task in sizes has 0 examples, so no rate can be formed" % fn)
    return {n: r / total for n, r in zip(names, raw)}


def parse_amount(text):
    m = re.match(r"^\s*2\s*(?:\^|\*\*)\s*(\d+(?:\.\d+)?)\s*$", text)
    if m:
        return js_pow(2.0, js_to_number(m.group(1)))
    return math.nan if js_trim(text) == "" else js_to_number(text.replace("_", ""))


def parse_task_sizes(text):
    sizes = {}
    entries = [js_trim(e) for e in re.split(r"[,\n]", text)]
    entries = [e for e in entries if e != ""]
    if not entries:
        raise ValueError("task sizes must list at least one name=examples entry")
    for entry in entries:
        eq = entry.find("=")
        name = "" if eq < 0 else js_trim(entry[:eq])
        if eq < 0 or name == "":
            raise ValueError('task size entries must look like name=examples (got "%s")' % entry)
        raw = js_trim(entry[eq + 1 :])
        n = parse_amount(raw)
        if not math.isfinite(n) or n < 0:
            raise ValueError('examples of "%s" must be a finite number ≥ 0 (got "%s")' % (name, raw))
        if name == "__proto__":
            continue  # a JavaScript object ignores a number assigned to __proto__
        if name in sizes:
            raise ValueError('task "%s" is listed twice' % name)
        sizes[name] = n
    return sizes


# --------------------------------------------------------------------------------------------
# The command line: t5lab's flags (node's util.parseArgs, strict) and its --json output
# --------------------------------------------------------------------------------------------

COMMANDS = {
    "corrupt": {"objective": "s", "density": "s", "mean-span": "s", "seed": "s", "text": "s", "tokenizer": "s", "run": "s",
                "ids": "s", "vocab-size": "s", "json": "b"},
    "mask": {"kind": "s", "length": "s", "density": "s", "mean-span": "s", "seed": "s", "json": "b"},
    "lengths": {"inputs-length": "s", "density": "s", "mean-span": "s", "json": "b"},
    "rates": {"strategy": "s", "K": "s", "T": "s", "sizes": "s", "paper": "b", "json": "b"},
}

USAGE = {
    "corrupt": "corrupt --objective NAME [--density D] [--mean-span S] [--seed 0] --ids 5,6,7 --vocab-size V [--json]",
    "mask": "mask --kind spans|iid|prefix --length N [--density 0.15] [--mean-span 3] [--seed 0] [--json]",
    "lengths": "lengths [--inputs-length 512] [--density 0.15] [--mean-span 3] [--json]",
    "rates": "rates --strategy equal|proportional|temperature [--K n] [--T t] (--sizes name=n,... | --paper) [--json]",
}


def parse_args(cmd, argv):
    """node's util.parseArgs in strict mode, after t5lab's gluing of negative numbers to their flag."""
    spec = dict(COMMANDS[cmd], help="b")
    values = {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            values["help"] = True
            i += 1
            continue
        if not a.startswith("--") or a == "--":
            raise UsageError("%s: Unexpected argument '%s'. This command does not take positional arguments" % (cmd, a))
        name, eq, inline = a[2:].partition("=")
        kind = spec.get(name)
        if kind is None:
            raise UsageError("%s: Unknown option '--%s'" % (cmd, name))
        if kind == "b":
            if eq:
                raise UsageError("%s: Option '--%s' does not take an argument" % (cmd, name))
            values[name] = True
            i += 1
            continue
        if eq:
            values[name] = inline
            i += 1
            continue
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if nxt is None:
            raise UsageError("%s: Option '--%s <value>' argument missing" % (cmd, name))
        if nxt.startswith("-") and not re.match(r"^-\d", nxt):
            raise UsageError("%s: Option '--%s' argument is ambiguous." % (cmd, name))
        values[name] = nxt
        i += 2
    return values


def number_flag(values, name, integer=False, fallback=None, check=None):
    raw = values.get(name)
    flag = "--" + name
    if raw is None:
        if fallback is not None:
            return fallback
        raise UsageError("%s is required" % flag)
    n = math.nan if js_trim(raw) == "" else js_to_number(raw)
    if not math.isfinite(n):
        fail(flag, "a number", raw)
    if integer and not float(n).is_integer():
        fail(flag, "an integer", n)
    if integer:
        n = int(n)
    return check(n, flag) if check else n


def _bools(mask):
    return [m == 1 for m in mask]


def cmd_mask(values):
    kind = values.get("kind")
    if kind not in ("spans", "iid", "prefix"):
        raise UsageError("--kind must be one of spans, iid, prefix (got %s)" % ("nothing" if kind is None else '"%s"' % kind))
    length = number_flag(values, "length", integer=True, check=non_negative_int)
    max_density = 0.5 if kind == "prefix" else 1
    density = number_flag(values, "density", fallback=0.5 if kind == "prefix" else 0.15,
                          check=lambda v, n: number_in(v, "%s (--kind %s)" % (n, kind), 0, max_density))
    mean_span = number_flag(values, "mean-span", fallback=3, check=positive_number)
    seed = number_flag(values, "seed", integer=True, fallback=0, check=safe_integer)
    rng = Rng(seed)
    if kind == "spans":
        m = random_spans_noise_mask(length, density, mean_span, rng)
    elif kind == "iid":
        m = iid_noise_mask(length, density, rng)
    else:
        m = random_prefix_noise_mask(length, density, rng)
    human = "%s\n%d of %d marked (%s)" % ("".join(map(str, m)), sum(m), length, "prefix" if kind == "prefix" else "noise")
    return {"mask": _bools(m)}, human


def cmd_lengths(values):
    inputs_length = number_flag(values, "inputs-length", integer=True, fallback=512, check=lambda v, n: int_at_least(v, n, 2))
    density = number_flag(values, "density", fallback=0.15, check=lambda v, n: number_in(v, n, 0, 1, max_exclusive=True))
    mean_span = number_flag(values, "mean-span", fallback=3, check=positive_number)
    tokens_length, targets_length = compute_input_and_target_lengths(inputs_length, density, mean_span)
    human = "\n".join([
        "tokens_length   %d   raw tokens per segment before corruption" % tokens_length,
        "targets_length  %d   noise tokens + one sentinel per span + EOS" % targets_length,
        "(inputs: %d = clean tokens + one sentinel per span + EOS)" % inputs_length,
    ])
    return {"tokens_length": tokens_length, "targets_length": targets_length}, human


def _ids_flag(raw, vocab_size):
    parts = [js_trim(p) for p in raw.split(",")]
    ids = []
    for p in parts:
        n = js_to_number(p)
        if p == "" or not _is_int(n) or n < 0 or n >= vocab_size:
            raise UsageError('--ids: "%s" is not an integer id in [0, %d) (--vocab-size %d)' % (p, vocab_size, vocab_size))
        ids.append(int(n))
    return ids


def cmd_corrupt(values):
    names = ", ".join(OBJECTIVE_NAMES)
    name = values.get("objective")
    if name is None:
        raise UsageError("--objective is required (one of: %s)" % names)
    if name not in OBJECTIVES:
        raise UsageError('--objective must be one of: %s (got "%s")' % (names, name))
    o = OBJECTIVES[name]
    density = number_flag(values, "density", fallback=o.defaults["density"],
                          check=lambda v, n: number_in(v, "%s (for %s)" % (n, name), 0, o.max_density))
    mean_span = number_flag(values, "mean-span", fallback=o.defaults["mean_span"], check=positive_number)
    seed = number_flag(values, "seed", integer=True, fallback=0, check=safe_integer)
    has_text, has_ids = "text" in values, "ids" in values
    if has_text == has_ids:
        raise UsageError("give exactly one of --text or --ids")
    if has_text:
        raise UsageError("--text needs t5lab's tokenizers; this port takes token ids: --ids 5,6,7 --vocab-size V")
    if "tokenizer" in values or "run" in values:
        raise UsageError("--tokenizer and --run go with --text; with --ids give --vocab-size")
    vocab_size = number_flag(values, "vocab-size", integer=True, check=lambda v, n: int_at_least(v, n, 5))
    tokens = _ids_flag(values["ids"], vocab_size)
    try:
        inputs, targets, mask = corrupt(name, tokens, vocab_size, seed, density, mean_span)
    except (ValueError, TypeError) as err:
        raise UsageError(str(err))
    human = "\n".join([
        "objective %s (%s), density %s%s, seed %d" % (
            name, PAPER_LABELS[name], js_number_text(density),
            ", mean span %s" % js_number_text(mean_span) if o.mask_kind == "spans" else "", seed),
        "mask     " + "".join(map(str, mask)),
        "inputs   [%s]" % ", ".join(map(str, inputs)),
        "targets  [%s]" % ", ".join(map(str, targets)),
    ])
    return {"inputs": inputs, "targets": targets, "mask": _bools(mask)}, human


def _positive_flag(values, name):
    raw = values.get(name)
    if raw is None:
        return None
    n = parse_amount(raw)
    if math.isnan(n) or not n > 0 or (name == "T" and not math.isfinite(n)):
        raise UsageError('--%s must be a number > 0, e.g. 65536 or 2^16 (got "%s")' % (name, raw))
    return n


def _strategy_label(kind, K, T):
    def k_text(k):
        if math.isfinite(k) and k > 0 and math.log2(k).is_integer():
            return "2^" + js_number_text(math.log2(k))
        return js_number_text(k)

    if kind == "equal":
        return "equal"
    if kind == "proportional":
        return "examples-proportional, K = " + k_text(K)
    return "temperature-scaled, T = %s, K = %s" % (js_number_text(T), k_text(K))


def cmd_rates(values):
    kind = values.get("strategy")
    if kind is None:
        raise UsageError("--strategy is required (equal, proportional or temperature)")
    if kind not in ("equal", "proportional", "temperature"):
        raise UsageError('--strategy must be equal, proportional or temperature (got "%s")' % kind)
    K = _positive_flag(values, "K")
    T = _positive_flag(values, "T")
    if kind == "equal" and K is not None:
        raise UsageError("--K does not apply to --strategy equal")
    if kind != "temperature" and T is not None:
        raise UsageError("--T applies only to --strategy temperature")
    if kind == "temperature" and T is None:
        raise UsageError("--T is required with --strategy temperature")
    if values.get("paper") and "sizes" in values:
        raise UsageError("give either --sizes or --paper, not both")
    if not values.get("paper") and "sizes" not in values:
        raise UsageError("--sizes is required (name=examples,...), or --paper for the paper's 23 tasks")
    if values.get("paper"):
        sizes = dict(PAPER_TASK_SIZES)
    else:
        try:
            sizes = parse_task_sizes(values["sizes"])
        except ValueError as err:
            raise UsageError("--sizes: %s" % err)
    if kind == "proportional" and K is None:
        K = math.inf
    if kind == "temperature" and K is None:
        K = PAPER_TEMPERATURE_K
    rates = mixing_rates(kind, sizes, K, T)
    width = max(len(n.encode("utf-16-le")) // 2 for n in rates)
    lines = [_strategy_label(kind, K, T)]
    for n in js_key_order(list(rates)):
        pad = width - len(n.encode("utf-16-le")) // 2
        lines.append("%s  %s %%" % (n + " " * pad, js_to_fixed(rates[n] * 100, 2).rjust(6)))
    return {"rates": rates}, "\n".join(lines)


RUNNERS = {"corrupt": cmd_corrupt, "mask": cmd_mask, "lengths": cmd_lengths, "rates": cmd_rates}


def main(argv=None, stdout=None, stderr=None):
    """Runs one command; returns the exit status (0 ok, 1 failure, 2 bad flags), as t5lab's CLI does."""
    argv = sys.argv[1:] if argv is None else argv
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if not argv or argv[0] in ("-h", "--help", "help"):
        out.write("usage: python3 t5lab_objectives.py corrupt|mask|lengths|rates [flags] [--json]\n")
        out.write("".join("  %s\n" % USAGE[c] for c in USAGE))
        return 0
    cmd = argv[0]
    if cmd not in RUNNERS:
        err.write('t5lab: unknown command "%s". Commands: corrupt, mask, lengths, rates.\n' % cmd)
        return 2
    try:
        values = parse_args(cmd, argv[1:])
        if values.get("help"):
            out.write("Usage: python3 t5lab_objectives.py %s\n" % USAGE[cmd])
            return 0
        value, human = RUNNERS[cmd](values)
    except (UsageError, ValidationError) as e:
        err.write("t5lab %s: %s\n" % (cmd, e))
        return 2
    except (ValueError, TypeError) as e:
        err.write("t5lab %s: %s\n" % (cmd, e))
        return 1
    out.write((js_json(value) if values.get("json") else human) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
