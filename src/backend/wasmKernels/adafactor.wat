;; One Adafactor update of one weight (src/training/adafactor.ts has the algorithm, and
;; src/training/fusedAdafactor.ts the op) in three passes over tfjs-backend-wasm's heap instead of
;; ~22 tfjs kernels. Every element is computed with the same float32 operations, in the same order,
;; as the op-by-op path; only the sums differ: sums along a row accumulate in four float32 lanes,
;; and the whole-tensor sums of squares (RMS of w and of the update) add those up in float64.
;;
;; flags: bit 0 multiply by the parameter scale, bit 1 clip the update, bit 2 first moment (m, om).
;; omd = 1 - decay and omb1 = 1 - beta1 come from the caller (computed in float64, as the op path
;; computes them before they become float32 scalars).
(module
  (import "env" "memory" (memory 1))

  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  (func $hsum64 (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))

  ;; Sum of x*x (each square in float32) over n floats at p, in float64.
  (func $sumSquares (param $p i32) (param $n i32) (result f64)
    (local $i i32) (local $n4 i32) (local $acc v128) (local $x v128) (local $s f64) (local $f f32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $acc (v128.const f64x2 0 0))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n4)))
      (local.set $x (v128.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $x (f32x4.mul (local.get $x) (local.get $x)))
      (local.set $acc (f64x2.add
        (f64x2.add (local.get $acc) (f64x2.promote_low_f32x4 (local.get $x)))
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l)))
    (local.set $s (call $hsum64 (local.get $acc)))
    (block $tdone (loop $t
      (br_if $tdone (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $f (f32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.mul (local.get $f) (local.get $f)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $t)))
    (local.get $s))

  ;; The update's divisor and multiplier from the sums of squares of u and of w over n elements:
  ;; div = max(RMS(u) / clip, 1) (1 without clipping), mul = max(RMS(w), eps2) * lr (lr without
  ;; the parameter scale). Returned as the two lanes 0 and 1 of a float32 vector.
  (func $scales (param $uSq f64) (param $wSq f64) (param $n i32) (param $eps2 f32) (param $lr f32)
                (param $clip f32) (param $flags i32) (result v128)
    (local $div f32) (local $mul f32)
    (local.set $div (f32.const 1))
    (if (i32.and (local.get $flags) (i32.const 2))
      (then (local.set $div (f32.max
        (f32.div (f32.sqrt (f32.demote_f64 (f64.div (local.get $uSq) (f64.convert_i32_u (local.get $n))))) (local.get $clip))
        (f32.const 1)))))
    (local.set $mul (local.get $lr))
    (if (i32.and (local.get $flags) (i32.const 1))
      (then (local.set $mul (f32.mul
        (f32.max (f32.sqrt (f32.demote_f64 (f64.div (local.get $wSq) (f64.convert_i32_u (local.get $n))))) (local.get $eps2))
        (local.get $lr)))))
    (f32x4.replace_lane 1 (f32x4.splat (local.get $div)) (local.get $mul)))

  ;; Used only with a first moment (rare in T5 training): the loops without one are written out.
  ;; delta = t / div * mul, then (with a first moment) delta = beta1 * m + (1 - beta1) * delta,
  ;; stored as the new m; returns w - delta. Four lanes.
  (func $apply4 (param $t v128) (param $w v128) (param $m i32) (param $om i32) (param $vdiv v128)
                (param $vmul v128) (param $flags i32) (param $beta1 f32) (param $omb1 f32) (result v128)
    (local $d v128)
    (local.set $d (f32x4.mul (f32x4.div (local.get $t) (local.get $vdiv)) (local.get $vmul)))
    (if (i32.and (local.get $flags) (i32.const 4))
      (then
        (local.set $d (f32x4.add (f32x4.mul (v128.load (local.get $m)) (f32x4.splat (local.get $beta1)))
                                 (f32x4.mul (local.get $d) (f32x4.splat (local.get $omb1)))))
        (v128.store (local.get $om) (local.get $d))))
    (f32x4.sub (local.get $w) (local.get $d)))

  ;; The same for one element.
  (func $apply1 (param $t f32) (param $w f32) (param $m i32) (param $om i32) (param $div f32)
                (param $mul f32) (param $flags i32) (param $beta1 f32) (param $omb1 f32) (result f32)
    (local $d f32)
    (local.set $d (f32.mul (f32.div (local.get $t) (local.get $div)) (local.get $mul)))
    (if (i32.and (local.get $flags) (i32.const 4))
      (then
        (local.set $d (f32.add (f32.mul (f32.load (local.get $m)) (local.get $beta1))
                               (f32.mul (local.get $d) (local.get $omb1))))
        (f32.store (local.get $om) (local.get $d))))
    (f32.sub (local.get $w) (local.get $d)))

  ;; Factored second moment of an [a, b] weight: rows r [a] and columns c [b] into or, oc;
  ;; cf [b] is scratch. u = g * rsqrt(or / mean(or)) * rsqrt(oc).
  (func (export "adafactorFactored")
    (param $w i32) (param $g i32) (param $r i32) (param $c i32) (param $m i32)
    (param $ow i32) (param $or i32) (param $oc i32) (param $om i32) (param $cf i32)
    (param $a i32) (param $b i32)
    (param $decay f32) (param $omd f32) (param $eps1 f32) (param $eps2 f32) (param $lr f32)
    (param $clip f32) (param $beta1 f32) (param $omb1 f32) (param $flags i32)
    (local $i i32) (local $j i32) (local $b4 i32) (local $rowBytes i32) (local $off i32) (local $n i32)
    (local $gp i32) (local $wp i32) (local $owp i32) (local $mp i32) (local $omp i32)
    (local $q v128) (local $acc v128) (local $veps v128) (local $s f32) (local $f f32)
    (local $sumR f64) (local $meanR f32) (local $rf f32) (local $vrf v128) (local $t v128) (local $uAcc v128)
    (local $uSq f64) (local $tf f32) (local $sc v128) (local $div f32) (local $mul f32) (local $vdiv v128) (local $vmul v128)
    (local $wAcc v128) (local $wSq f64) (local $x v128)
    (local.set $n (i32.mul (local.get $a) (local.get $b)))
    (local.set $b4 (i32.and (local.get $b) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $b) (i32.const 2)))
    (local.set $veps (f32x4.splat (local.get $eps1)))
    ;; oc accumulates column sums of g^2 + eps1 first.
    (memory.fill (local.get $oc) (i32.const 0) (local.get $rowBytes))
    ;; Pass 1: row sums into or, column sums into oc, and the sum of squares of w.
    (local.set $gp (local.get $g))
    (local.set $wp (local.get $w))
    (local.set $i (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $a)))
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $wAcc (v128.const f32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $vd (loop $v
        (br_if $vd (i32.ge_u (local.get $j) (local.get $b4)))
        (local.set $off (i32.shl (local.get $j) (i32.const 2)))
        (local.set $q (v128.load (i32.add (local.get $gp) (local.get $off))))
        (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $q)) (local.get $veps)))
        (local.set $acc (f32x4.add (local.get $acc) (local.get $q)))
        (v128.store (i32.add (local.get $oc) (local.get $off))
          (f32x4.add (v128.load (i32.add (local.get $oc) (local.get $off))) (local.get $q)))
        (local.set $x (v128.load (i32.add (local.get $wp) (local.get $off))))
        (local.set $wAcc (f32x4.add (local.get $wAcc) (f32x4.mul (local.get $x) (local.get $x))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $v)))
      (local.set $s (call $hsum (local.get $acc)))
      (local.set $wSq (f64.add (local.get $wSq) (f64.promote_f32 (call $hsum (local.get $wAcc)))))
      (block $td (loop $t1
        (br_if $td (i32.ge_u (local.get $j) (local.get $b)))
        (local.set $off (i32.shl (local.get $j) (i32.const 2)))
        (local.set $f (f32.load (i32.add (local.get $gp) (local.get $off))))
        (local.set $f (f32.add (f32.mul (local.get $f) (local.get $f)) (local.get $eps1)))
        (local.set $s (f32.add (local.get $s) (local.get $f)))
        (f32.store (i32.add (local.get $oc) (local.get $off))
          (f32.add (f32.load (i32.add (local.get $oc) (local.get $off))) (local.get $f)))
        (local.set $f (f32.load (i32.add (local.get $wp) (local.get $off))))
        (local.set $wSq (f64.add (local.get $wSq) (f64.promote_f32 (f32.mul (local.get $f) (local.get $f)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $t1)))
      ;; or[i] = decay * r[i] + (1 - decay) * mean of the row
      (local.set $off (i32.shl (local.get $i) (i32.const 2)))
      (local.set $f (f32.add
        (f32.mul (f32.load (i32.add (local.get $r) (local.get $off))) (local.get $decay))
        (f32.mul (f32.div (local.get $s) (f32.convert_i32_u (local.get $b))) (local.get $omd))))
      (f32.store (i32.add (local.get $or) (local.get $off)) (local.get $f))
      (local.set $sumR (f64.add (local.get $sumR) (f64.promote_f32 (local.get $f))))
      (local.set $gp (i32.add (local.get $gp) (local.get $rowBytes)))
      (local.set $wp (i32.add (local.get $wp) (local.get $rowBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))
    ;; oc[j] = decay * c[j] + (1 - decay) * mean of the column; cf[j] = rsqrt(oc[j]).
    (local.set $j (i32.const 0))
    (block $cd (loop $cols
      (br_if $cd (i32.ge_u (local.get $j) (local.get $b)))
      (local.set $off (i32.shl (local.get $j) (i32.const 2)))
      (local.set $f (f32.add
        (f32.mul (f32.load (i32.add (local.get $c) (local.get $off))) (local.get $decay))
        (f32.mul (f32.div (f32.load (i32.add (local.get $oc) (local.get $off))) (f32.convert_i32_u (local.get $a))) (local.get $omd))))
      (f32.store (i32.add (local.get $oc) (local.get $off)) (local.get $f))
      (f32.store (i32.add (local.get $cf) (local.get $off)) (f32.div (f32.const 1) (f32.sqrt (local.get $f))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $cols)))
    (local.set $meanR (f32.demote_f64 (f64.div (local.get $sumR) (f64.convert_i32_u (local.get $a)))))
    ;; Pass 2: the sum of squares of u = (g * rf[i]) * cf[j].
    (local.set $gp (local.get $g))
    (local.set $i (i32.const 0))
    (block $rowsDone2 (loop $rows2
      (br_if $rowsDone2 (i32.ge_u (local.get $i) (local.get $a)))
      (local.set $rf (f32.div (f32.const 1) (f32.sqrt (f32.div
        (f32.load (i32.add (local.get $or) (i32.shl (local.get $i) (i32.const 2)))) (local.get $meanR)))))
      (local.set $vrf (f32x4.splat (local.get $rf)))
      (local.set $uAcc (v128.const f32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $vd2 (loop $v2
        (br_if $vd2 (i32.ge_u (local.get $j) (local.get $b4)))
        (local.set $off (i32.shl (local.get $j) (i32.const 2)))
        (local.set $t (f32x4.mul (f32x4.mul (v128.load (i32.add (local.get $gp) (local.get $off))) (local.get $vrf))
                                 (v128.load (i32.add (local.get $cf) (local.get $off)))))
        (local.set $uAcc (f32x4.add (local.get $uAcc) (f32x4.mul (local.get $t) (local.get $t))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $v2)))
      (local.set $uSq (f64.add (local.get $uSq) (f64.promote_f32 (call $hsum (local.get $uAcc)))))
      (block $td2 (loop $t2
        (br_if $td2 (i32.ge_u (local.get $j) (local.get $b)))
        (local.set $off (i32.shl (local.get $j) (i32.const 2)))
        (local.set $tf (f32.mul (f32.mul (f32.load (i32.add (local.get $gp) (local.get $off))) (local.get $rf))
                                (f32.load (i32.add (local.get $cf) (local.get $off)))))
        (local.set $uSq (f64.add (local.get $uSq) (f64.promote_f32 (f32.mul (local.get $tf) (local.get $tf)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $t2)))
      (local.set $gp (i32.add (local.get $gp) (local.get $rowBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows2)))
    (local.set $sc (call $scales (local.get $uSq) (local.get $wSq) (local.get $n)
      (local.get $eps2) (local.get $lr) (local.get $clip) (local.get $flags)))
    (local.set $div (f32x4.extract_lane 0 (local.get $sc)))
    (local.set $mul (f32x4.extract_lane 1 (local.get $sc)))
    (local.set $vdiv (f32x4.splat (local.get $div)))
    (local.set $vmul (f32x4.splat (local.get $mul)))
    ;; Pass 3: ow = w - delta.
    (local.set $gp (local.get $g))
    (local.set $wp (local.get $w))
    (local.set $owp (local.get $ow))
    (local.set $mp (local.get $m))
    (local.set $omp (local.get $om))
    (local.set $i (i32.const 0))
    (block $rowsDone3 (loop $rows3
      (br_if $rowsDone3 (i32.ge_u (local.get $i) (local.get $a)))
      (local.set $rf (f32.div (f32.const 1) (f32.sqrt (f32.div
        (f32.load (i32.add (local.get $or) (i32.shl (local.get $i) (i32.const 2)))) (local.get $meanR)))))
      (local.set $vrf (f32x4.splat (local.get $rf)))
      (local.set $j (i32.const 0))
      (if (i32.and (local.get $flags) (i32.const 4))
        (then
      (block $vd3 (loop $v3
        (br_if $vd3 (i32.ge_u (local.get $j) (local.get $b4)))
        (local.set $off (i32.shl (local.get $j) (i32.const 2)))
        (v128.store (i32.add (local.get $owp) (local.get $off))
          (call $apply4
            (f32x4.mul (f32x4.mul (v128.load (i32.add (local.get $gp) (local.get $off))) (local.get $vrf))
                       (v128.load (i32.add (local.get $cf) (local.get $off))))
            (v128.load (i32.add (local.get $wp) (local.get $off)))
            (i32.add (local.get $mp) (local.get $off)) (i32.add (local.get $omp) (local.get $off))
            (local.get $vdiv) (local.get $vmul) (local.get $flags) (local.get $beta1) (local.get $omb1)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $v3)))
        )
        (else
          (block $vd4 (loop $v4
            (br_if $vd4 (i32.ge_u (local.get $j) (local.get $b4)))
            (local.set $off (i32.shl (local.get $j) (i32.const 2)))
            (v128.store (i32.add (local.get $owp) (local.get $off))
              (f32x4.sub (v128.load (i32.add (local.get $wp) (local.get $off)))
                (f32x4.mul
                  (f32x4.div
                    (f32x4.mul (f32x4.mul (v128.load (i32.add (local.get $gp) (local.get $off))) (local.get $vrf))
                               (v128.load (i32.add (local.get $cf) (local.get $off))))
                    (local.get $vdiv))
                  (local.get $vmul))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $v4)))))
      (block $td3 (loop $t3
        (br_if $td3 (i32.ge_u (local.get $j) (local.get $b)))
        (local.set $off (i32.shl (local.get $j) (i32.const 2)))
        (f32.store (i32.add (local.get $owp) (local.get $off))
          (call $apply1
            (f32.mul (f32.mul (f32.load (i32.add (local.get $gp) (local.get $off))) (local.get $rf))
                     (f32.load (i32.add (local.get $cf) (local.get $off))))
            (f32.load (i32.add (local.get $wp) (local.get $off)))
            (i32.add (local.get $mp) (local.get $off)) (i32.add (local.get $omp) (local.get $off))
            (local.get $div) (local.get $mul) (local.get $flags) (local.get $beta1) (local.get $omb1)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $t3)))
      (local.set $gp (i32.add (local.get $gp) (local.get $rowBytes)))
      (local.set $wp (i32.add (local.get $wp) (local.get $rowBytes)))
      (local.set $owp (i32.add (local.get $owp) (local.get $rowBytes)))
      (local.set $mp (i32.add (local.get $mp) (local.get $rowBytes)))
      (local.set $omp (i32.add (local.get $omp) (local.get $rowBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows3))))

  ;; Full second moment v (same shape as w, n elements) into ov. u = g * rsqrt(ov).
  (func (export "adafactorFull")
    (param $w i32) (param $g i32) (param $v i32) (param $m i32)
    (param $ow i32) (param $ov i32) (param $om i32) (param $n i32)
    (param $decay f32) (param $omd f32) (param $eps1 f32) (param $eps2 f32) (param $lr f32)
    (param $clip f32) (param $beta1 f32) (param $omb1 f32) (param $flags i32)
    (local $k i32) (local $n4 i32) (local $off i32) (local $q v128) (local $nv v128) (local $t v128)
    (local $uAcc v128) (local $uSq f64) (local $f f32) (local $nf f32) (local $tf f32) (local $vdecay v128)
    (local $vomd v128) (local $veps v128) (local $one v128) (local $sc v128) (local $div f32) (local $mul f32)
    (local $vdiv v128) (local $vmul v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $vdecay (f32x4.splat (local.get $decay)))
    (local.set $vomd (f32x4.splat (local.get $omd)))
    (local.set $veps (f32x4.splat (local.get $eps1)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (local.set $uAcc (v128.const f64x2 0 0))
    ;; Pass 1: ov = decay * v + (1 - decay) * (g^2 + eps1), and the sum of squares of u.
    (block $vd (loop $v1
      (br_if $vd (i32.ge_u (local.get $k) (local.get $n4)))
      (local.set $off (i32.shl (local.get $k) (i32.const 2)))
      (local.set $q (v128.load (i32.add (local.get $g) (local.get $off))))
      (local.set $nv (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $off))) (local.get $vdecay))
        (f32x4.mul (f32x4.add (f32x4.mul (local.get $q) (local.get $q)) (local.get $veps)) (local.get $vomd))))
      (v128.store (i32.add (local.get $ov) (local.get $off)) (local.get $nv))
      (local.set $t (f32x4.mul (local.get $q) (f32x4.div (local.get $one) (f32x4.sqrt (local.get $nv)))))
      ;; The square's four lanes widened into two float64 lanes, written out: a call per vector
      ;; (which V8 does not always inline) took most of the loop's time.
      (local.set $t (f32x4.mul (local.get $t) (local.get $t)))
      (local.set $uAcc (f64x2.add
        (f64x2.add (local.get $uAcc) (f64x2.promote_low_f32x4 (local.get $t)))
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t)))))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $v1)))
    (block $td (loop $t1
      (br_if $td (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $off (i32.shl (local.get $k) (i32.const 2)))
      (local.set $f (f32.load (i32.add (local.get $g) (local.get $off))))
      (local.set $nf (f32.add
        (f32.mul (f32.load (i32.add (local.get $v) (local.get $off))) (local.get $decay))
        (f32.mul (f32.add (f32.mul (local.get $f) (local.get $f)) (local.get $eps1)) (local.get $omd))))
      (f32.store (i32.add (local.get $ov) (local.get $off)) (local.get $nf))
      (local.set $tf (f32.mul (local.get $f) (f32.div (f32.const 1) (f32.sqrt (local.get $nf)))))
      (local.set $uSq (f64.add (local.get $uSq) (f64.promote_f32 (f32.mul (local.get $tf) (local.get $tf)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $t1)))
    (local.set $uSq (f64.add (local.get $uSq) (call $hsum64 (local.get $uAcc))))
    (local.set $sc (call $scales (local.get $uSq) (call $sumSquares (local.get $w) (local.get $n)) (local.get $n)
      (local.get $eps2) (local.get $lr) (local.get $clip) (local.get $flags)))
    (local.set $div (f32x4.extract_lane 0 (local.get $sc)))
    (local.set $mul (f32x4.extract_lane 1 (local.get $sc)))
    (local.set $vdiv (f32x4.splat (local.get $div)))
    (local.set $vmul (f32x4.splat (local.get $mul)))
    ;; Pass 2: ow = w - delta.
    (local.set $k (i32.const 0))
    (if (i32.and (local.get $flags) (i32.const 4))
      (then
    (block $vd2 (loop $v2
      (br_if $vd2 (i32.ge_u (local.get $k) (local.get $n4)))
      (local.set $off (i32.shl (local.get $k) (i32.const 2)))
      (v128.store (i32.add (local.get $ow) (local.get $off))
        (call $apply4
          (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $off)))
                     (f32x4.div (local.get $one) (f32x4.sqrt (v128.load (i32.add (local.get $ov) (local.get $off))))))
          (v128.load (i32.add (local.get $w) (local.get $off)))
          (i32.add (local.get $m) (local.get $off)) (i32.add (local.get $om) (local.get $off))
          (local.get $vdiv) (local.get $vmul) (local.get $flags) (local.get $beta1) (local.get $omb1)))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $v2)))
      )
      (else
        (block $vd3 (loop $v3
          (br_if $vd3 (i32.ge_u (local.get $k) (local.get $n4)))
          (local.set $off (i32.shl (local.get $k) (i32.const 2)))
          (v128.store (i32.add (local.get $ow) (local.get $off))
            (f32x4.sub (v128.load (i32.add (local.get $w) (local.get $off)))
              (f32x4.mul
                (f32x4.div
                  (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $off)))
                             (f32x4.div (local.get $one) (f32x4.sqrt (v128.load (i32.add (local.get $ov) (local.get $off))))))
                  (local.get $vdiv))
                (local.get $vmul))))
          (local.set $k (i32.add (local.get $k) (i32.const 4)))
          (br $v3)))))
    (block $td2 (loop $t2
      (br_if $td2 (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $off (i32.shl (local.get $k) (i32.const 2)))
      (f32.store (i32.add (local.get $ow) (local.get $off))
        (call $apply1
          (f32.mul (f32.load (i32.add (local.get $g) (local.get $off)))
                   (f32.div (f32.const 1) (f32.sqrt (f32.load (i32.add (local.get $ov) (local.get $off))))))
          (f32.load (i32.add (local.get $w) (local.get $off)))
          (i32.add (local.get $m) (local.get $off)) (i32.add (local.get $om) (local.get $off))
          (local.get $div) (local.get $mul) (local.get $flags) (local.get $beta1) (local.get $omb1)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $t2)))))
