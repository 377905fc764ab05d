;; Token cross-entropy over rows of logits on tfjs-backend-wasm's heap (src/model/loss.ts defines
;; the ops). tfjs computes it in ~10 passes over the [N, V] logits (max, sub, exp, sum, one-hot,
;; mul, sum, div; then sub and mul for the gradient) and keeps two [N, V] tensors for the backward
;; pass; here the forward pass reads each row twice and the backward pass once, recomputing the
;; probabilities from the logits.
;;
;;   rows:  m[r] = max_j z[r,j];  s[r] = sum_j exp(z[r,j] - m[r]);  picked[r] = z[r, y[r]] (0 when
;;          y[r] is not in [0, V))
;;   grad:  dx[r,j] = exp(z[r,j] - logZ[r]) * a[r] - (j == y[r] ? b[r] : 0)
;;
;; exp is Cephes' expf (range reduction by ln 2, degree-6 polynomial; ~1 ulp), four lanes at a
;; time; arguments below -87.3 give ~1e-38 instead of a denormal. Sums run over four lane
;; accumulators, then (l0 + l1) + (l2 + l3), then the tail in order: the result does not depend on
;; the machine. NaN in a row makes its outputs NaN.
(module
  (import "env" "memory" (memory 1))

  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $r2 v128) (local $p v128)
    (local.set $x (f32x4.max (local.get $x) (v128.const f32x4 -87.3 -87.3 -87.3 -87.3)))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
    ;; r = x - n ln2, with ln2 split in two so that n * C1 is exact
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $r2 (f32x4.mul (local.get $r) (local.get $r)))
    (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $p (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (local.get $r2)) (local.get $r)) (v128.const f32x4 1 1 1 1)))
    ;; times 2^n, built in the exponent bits (n >= -126 after the clamp; NaN gives n = 0)
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))

  (func $exp1 (param $x f32) (result f32)
    (f32x4.extract_lane 0 (call $exp4 (f32x4.splat (local.get $x)))))

  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  (func $hmax (param $v v128) (result f32)
    (f32.max
      (f32.max (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.max (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; Per row of z [rows, V] (f32) with labels y [rows] (i32): max, sum of exp(z - max), z at the label.
  (func (export "crossEntropyRows") (param $z i32) (param $y i32) (param $rows i32) (param $V i32)
                                    (param $maxOut i32) (param $sumOut i32) (param $pickedOut i32)
    (local $r i32) (local $j i32) (local $V4 i32) (local $rowBytes i32) (local $acc v128) (local $vm v128)
    (local $m f32) (local $s f32) (local $label i32) (local $off i32)
    (local.set $V4 (i32.and (local.get $V) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $V) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        ;; max
        (local.set $m (f32.const -inf))
        (if (local.get $V4)
          (then
            (local.set $acc (v128.load (local.get $z)))
            (local.set $j (i32.const 4))
            (block $v1 (loop $l1
              (br_if $v1 (i32.ge_u (local.get $j) (local.get $V4)))
              (local.set $acc (f32x4.max (local.get $acc) (v128.load (i32.add (local.get $z) (i32.shl (local.get $j) (i32.const 2))))))
              (local.set $j (i32.add (local.get $j) (i32.const 4)))
              (br $l1)))
            (local.set $m (call $hmax (local.get $acc)))))
        (local.set $j (local.get $V4))
        (block $t1 (loop $lt1
          (br_if $t1 (i32.ge_u (local.get $j) (local.get $V)))
          (local.set $m (f32.max (local.get $m) (f32.load (i32.add (local.get $z) (i32.shl (local.get $j) (i32.const 2))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lt1)))
        ;; sum of exp(z - max)
        (local.set $vm (f32x4.splat (local.get $m)))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $v2 (loop $l2
          (br_if $v2 (i32.ge_u (local.get $j) (local.get $V4)))
          (local.set $acc (f32x4.add (local.get $acc)
            (call $exp4 (f32x4.sub (v128.load (i32.add (local.get $z) (i32.shl (local.get $j) (i32.const 2)))) (local.get $vm)))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $l2)))
        (local.set $s (call $hsum (local.get $acc)))
        (block $t2 (loop $lt2
          (br_if $t2 (i32.ge_u (local.get $j) (local.get $V)))
          (local.set $s (f32.add (local.get $s)
            (call $exp1 (f32.sub (f32.load (i32.add (local.get $z) (i32.shl (local.get $j) (i32.const 2)))) (local.get $m)))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lt2)))
        (local.set $off (i32.shl (local.get $r) (i32.const 2)))
        (f32.store (i32.add (local.get $maxOut) (local.get $off)) (local.get $m))
        (f32.store (i32.add (local.get $sumOut) (local.get $off)) (local.get $s))
        (local.set $label (i32.load (i32.add (local.get $y) (local.get $off))))
        (f32.store (i32.add (local.get $pickedOut) (local.get $off))
          (if (result f32) (i32.lt_u (local.get $label) (local.get $V))
            (then (f32.load (i32.add (local.get $z) (i32.shl (local.get $label) (i32.const 2)))))
            (else (f32.const 0))))
        (local.set $z (i32.add (local.get $z) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dx [rows, V] = exp(z - logZ[r]) * a[r] - onehot(y[r]) * b[r].
  (func (export "crossEntropyGrad") (param $z i32) (param $logZ i32) (param $y i32) (param $a i32) (param $b i32)
                                    (param $dx i32) (param $rows i32) (param $V i32)
    (local $r i32) (local $j i32) (local $V4 i32) (local $rowBytes i32) (local $vl v128) (local $va v128)
    (local $l f32) (local $av f32) (local $label i32) (local $off i32) (local $at i32)
    (local.set $V4 (i32.and (local.get $V) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $V) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $off (i32.shl (local.get $r) (i32.const 2)))
        (local.set $l (f32.load (i32.add (local.get $logZ) (local.get $off))))
        (local.set $av (f32.load (i32.add (local.get $a) (local.get $off))))
        (local.set $vl (f32x4.splat (local.get $l)))
        (local.set $va (f32x4.splat (local.get $av)))
        (local.set $j (i32.const 0))
        (block $v1 (loop $l1
          (br_if $v1 (i32.ge_u (local.get $j) (local.get $V4)))
          (local.set $at (i32.shl (local.get $j) (i32.const 2)))
          (v128.store (i32.add (local.get $dx) (local.get $at))
            (f32x4.mul (call $exp4 (f32x4.sub (v128.load (i32.add (local.get $z) (local.get $at))) (local.get $vl))) (local.get $va)))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $l1)))
        (block $t1 (loop $lt1
          (br_if $t1 (i32.ge_u (local.get $j) (local.get $V)))
          (local.set $at (i32.shl (local.get $j) (i32.const 2)))
          (f32.store (i32.add (local.get $dx) (local.get $at))
            (f32.mul (call $exp1 (f32.sub (f32.load (i32.add (local.get $z) (local.get $at))) (local.get $l))) (local.get $av)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lt1)))
        (local.set $label (i32.load (i32.add (local.get $y) (local.get $off))))
        (if (i32.lt_u (local.get $label) (local.get $V))
          (then
            (local.set $at (i32.add (local.get $dx) (i32.shl (local.get $label) (i32.const 2))))
            (f32.store (local.get $at)
              (f32.sub (f32.load (local.get $at)) (f32.load (i32.add (local.get $b) (local.get $off)))))))
        (local.set $z (i32.add (local.get $z) (local.get $rowBytes)))
        (local.set $dx (i32.add (local.get $dx) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))
)
