;; T5's RMS norm over rows of length d, forward and backward in one pass each, in place on
;; tfjs-backend-wasm's heap (src/model/fusedRmsNorm.ts defines the op):
;;   forward:  inv[r] = 1 / sqrt(mean_j x[r,j]^2 + eps);  y[r,j] = x[r,j] * inv[r] * g[j]
;;   backward: dx[r,j] = inv[r] * dy[r,j] g[j] - x[r,j] * inv[r]^3 / d * sum_i dy[r,i] g[i] x[r,i]
;;             dg[j]   = sum_r dy[r,j] * x[r,j] * inv[r]
;; Four columns per step (f32x4), scalar tail for d not a multiple of 4.
(module
  (import "env" "memory" (memory 1))

  ;; Horizontal sum of the four lanes.
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  (func (export "rmsNormForward") (param $x i32) (param $g i32) (param $y i32) (param $inv i32)
                                  (param $rows i32) (param $d i32) (param $eps f32)
    (local $r i32) (local $j i32) (local $d4 i32) (local $acc v128) (local $s f32) (local $v f32)
    (local $vi v128) (local $rowBytes i32)
    (local.set $d4 (i32.and (local.get $d) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        ;; sum of squares
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $v1 (loop $l1
          (br_if $v1 (i32.ge_u (local.get $j) (local.get $d4)))
          (local.set $vi (v128.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $vi) (local.get $vi))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $l1)))
        (local.set $s (call $hsum (local.get $acc)))
        (block $t1 (loop $lt1
          (br_if $t1 (i32.ge_u (local.get $j) (local.get $d)))
          (local.set $v (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))))
          (local.set $s (f32.add (local.get $s) (f32.mul (local.get $v) (local.get $v))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lt1)))
        (local.set $s (f32.div (f32.const 1)
          (f32.sqrt (f32.add (f32.div (local.get $s) (f32.convert_i32_u (local.get $d))) (local.get $eps)))))
        (f32.store (i32.add (local.get $inv) (i32.shl (local.get $r) (i32.const 2))) (local.get $s))
        ;; y = x * inv * g
        (local.set $vi (f32x4.splat (local.get $s)))
        (local.set $j (i32.const 0))
        (block $v2 (loop $l2
          (br_if $v2 (i32.ge_u (local.get $j) (local.get $d4)))
          (v128.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 2)))
            (f32x4.mul
              (f32x4.mul (v128.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))) (local.get $vi))
              (v128.load (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 2))))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $l2)))
        (block $t2 (loop $lt2
          (br_if $t2 (i32.ge_u (local.get $j) (local.get $d)))
          (f32.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 2)))
            (f32.mul
              (f32.mul (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))) (local.get $s))
              (f32.load (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 2))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lt2)))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $y (i32.add (local.get $y) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dg must hold d zeros on entry (it accumulates over rows).
  (func (export "rmsNormBackward") (param $dy i32) (param $x i32) (param $g i32) (param $inv i32)
                                   (param $dx i32) (param $dg i32) (param $rows i32) (param $d i32)
    (local $r i32) (local $j i32) (local $d4 i32) (local $acc v128) (local $s f32) (local $ir f32)
    (local $c f32) (local $vir v128) (local $vc v128) (local $vdy v128) (local $vx v128) (local $off i32)
    (local $rowBytes i32)
    (local.set $d4 (i32.and (local.get $d) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $ir (f32.load (i32.add (local.get $inv) (i32.shl (local.get $r) (i32.const 2)))))
        ;; s = sum_i dy g x
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $v1 (loop $l1
          (br_if $v1 (i32.ge_u (local.get $j) (local.get $d4)))
          (local.set $off (i32.shl (local.get $j) (i32.const 2)))
          (local.set $acc (f32x4.add (local.get $acc)
            (f32x4.mul (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $off))) (v128.load (i32.add (local.get $g) (local.get $off))))
                       (v128.load (i32.add (local.get $x) (local.get $off))))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $l1)))
        (local.set $s (call $hsum (local.get $acc)))
        (block $t1 (loop $lt1
          (br_if $t1 (i32.ge_u (local.get $j) (local.get $d)))
          (local.set $off (i32.shl (local.get $j) (i32.const 2)))
          (local.set $s (f32.add (local.get $s)
            (f32.mul (f32.mul (f32.load (i32.add (local.get $dy) (local.get $off))) (f32.load (i32.add (local.get $g) (local.get $off))))
                     (f32.load (i32.add (local.get $x) (local.get $off))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lt1)))
        ;; c = inv^3 * s / d
        (local.set $c (f32.div (f32.mul (f32.mul (f32.mul (local.get $ir) (local.get $ir)) (local.get $ir)) (local.get $s))
                               (f32.convert_i32_u (local.get $d))))
        (local.set $vir (f32x4.splat (local.get $ir)))
        (local.set $vc (f32x4.splat (local.get $c)))
        (local.set $j (i32.const 0))
        (block $v2 (loop $l2
          (br_if $v2 (i32.ge_u (local.get $j) (local.get $d4)))
          (local.set $off (i32.shl (local.get $j) (i32.const 2)))
          (local.set $vdy (v128.load (i32.add (local.get $dy) (local.get $off))))
          (local.set $vx (v128.load (i32.add (local.get $x) (local.get $off))))
          (v128.store (i32.add (local.get $dx) (local.get $off))
            (f32x4.sub
              (f32x4.mul (f32x4.mul (local.get $vdy) (v128.load (i32.add (local.get $g) (local.get $off)))) (local.get $vir))
              (f32x4.mul (local.get $vx) (local.get $vc))))
          (v128.store (i32.add (local.get $dg) (local.get $off))
            (f32x4.add (v128.load (i32.add (local.get $dg) (local.get $off)))
              (f32x4.mul (local.get $vdy) (f32x4.mul (local.get $vx) (local.get $vir)))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $l2)))
        (block $t2 (loop $lt2
          (br_if $t2 (i32.ge_u (local.get $j) (local.get $d)))
          (local.set $off (i32.shl (local.get $j) (i32.const 2)))
          (f32.store (i32.add (local.get $dx) (local.get $off))
            (f32.sub
              (f32.mul (f32.mul (f32.load (i32.add (local.get $dy) (local.get $off))) (f32.load (i32.add (local.get $g) (local.get $off)))) (local.get $ir))
              (f32.mul (f32.load (i32.add (local.get $x) (local.get $off))) (local.get $c))))
          (f32.store (i32.add (local.get $dg) (local.get $off))
            (f32.add (f32.load (i32.add (local.get $dg) (local.get $off)))
              (f32.mul (f32.load (i32.add (local.get $dy) (local.get $off)))
                       (f32.mul (f32.load (i32.add (local.get $x) (local.get $off))) (local.get $ir)))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lt2)))
        (local.set $dy (i32.add (local.get $dy) (local.get $rowBytes)))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $dx (i32.add (local.get $dx) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))
)
