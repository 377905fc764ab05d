;; The softmax gradient over rows of length d, in one pass per row on tfjs-backend-wasm's heap
;; (src/model/fusedSoftmax.ts defines the op):
;;   s = sum_j dy[r,j] * p[r,j];   dx[r,j] = p[r,j] * (dy[r,j] - s)
;; Four columns per step (f32x4), scalar tail for d not a multiple of 4.
(module
  (import "env" "memory" (memory 1))

  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  (func (export "softmaxBackward") (param $dy i32) (param $p i32) (param $dx i32) (param $rows i32) (param $d i32)
    (local $r i32) (local $j i32) (local $d4 i32) (local $acc v128) (local $s f32) (local $vs v128)
    (local $off i32) (local $rowBytes i32)
    (local.set $d4 (i32.and (local.get $d) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        ;; s = sum_j dy p
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $v1 (loop $l1
          (br_if $v1 (i32.ge_u (local.get $j) (local.get $d4)))
          (local.set $off (i32.shl (local.get $j) (i32.const 2)))
          (local.set $acc (f32x4.add (local.get $acc)
            (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $off)))
                       (v128.load (i32.add (local.get $p) (local.get $off))))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $l1)))
        (local.set $s (call $hsum (local.get $acc)))
        (block $t1 (loop $lt1
          (br_if $t1 (i32.ge_u (local.get $j) (local.get $d)))
          (local.set $off (i32.shl (local.get $j) (i32.const 2)))
          (local.set $s (f32.add (local.get $s)
            (f32.mul (f32.load (i32.add (local.get $dy) (local.get $off)))
                     (f32.load (i32.add (local.get $p) (local.get $off))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lt1)))
        ;; dx = p (dy - s)
        (local.set $vs (f32x4.splat (local.get $s)))
        (local.set $j (i32.const 0))
        (block $v2 (loop $l2
          (br_if $v2 (i32.ge_u (local.get $j) (local.get $d4)))
          (local.set $off (i32.shl (local.get $j) (i32.const 2)))
          (v128.store (i32.add (local.get $dx) (local.get $off))
            (f32x4.mul (v128.load (i32.add (local.get $p) (local.get $off)))
                       (f32x4.sub (v128.load (i32.add (local.get $dy) (local.get $off))) (local.get $vs))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $l2)))
        (block $t2 (loop $lt2
          (br_if $t2 (i32.ge_u (local.get $j) (local.get $d)))
          (local.set $off (i32.shl (local.get $j) (i32.const 2)))
          (f32.store (i32.add (local.get $dx) (local.get $off))
            (f32.mul (f32.load (i32.add (local.get $p) (local.get $off)))
                     (f32.sub (f32.load (i32.add (local.get $dy) (local.get $off))) (local.get $s))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lt2)))
        (local.set $dy (i32.add (local.get $dy) (local.get $rowBytes)))
        (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
        (local.set $dx (i32.add (local.get $dx) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))))
