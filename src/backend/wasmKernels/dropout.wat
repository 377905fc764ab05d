;; Seeded dropout in place on tfjs-backend-wasm's heap (see src/model/seededDropout.ts for the
;; definition this must match bit for bit):
;;   keep(i) = mix(mix(i ^ k1) + k2) >= threshold (unsigned);  out[i] = keep(i) ? x[i] * scale : 0
;; mix is lowbias32. Four elements per step with i32x4 integer SIMD (the hash written out in the
;; loop), then a scalar tail.
(module
  (import "env" "memory" (memory 1))

  (func $mix (param $x i32) (result i32)
    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 16))))
    (local.set $x (i32.mul (local.get $x) (i32.const 0x7feb352d)))
    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 15))))
    (local.set $x (i32.mul (local.get $x) (i32.const 0x846ca68b)))
    (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 16))))

  ;; Elements [0, n) of x → out (both f32 arrays; they may be the same), element i having global
  ;; index start + i.
  (func (export "dropout") (param $x i32) (param $out i32) (param $n i32) (param $start i32)
                           (param $k1 i32) (param $k2 i32) (param $threshold i32) (param $scale f32)
    (local $i i32) (local $idx v128) (local $h v128) (local $vk1 v128) (local $vk2 v128)
    (local $vth v128) (local $vscale v128) (local $keep v128) (local $hs i32)
    (local.set $vk1 (i32x4.splat (local.get $k1)))
    (local.set $vk2 (i32x4.splat (local.get $k2)))
    (local.set $vth (i32x4.splat (local.get $threshold)))
    (local.set $vscale (f32x4.splat (local.get $scale)))
    (local.set $idx (i32x4.add (i32x4.splat (local.get $start)) (v128.const i32x4 0 1 2 3)))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        ;; h = mix4(mix4(idx ^ k1) + k2), written out: a call per vector costs as much as the hash.
        (local.set $h (v128.xor (local.get $idx) (local.get $vk1)))
        (local.set $h (v128.xor (local.get $h) (i32x4.shr_u (local.get $h) (i32.const 16))))
        (local.set $h (i32x4.mul (local.get $h) (v128.const i32x4 0x7feb352d 0x7feb352d 0x7feb352d 0x7feb352d)))
        (local.set $h (v128.xor (local.get $h) (i32x4.shr_u (local.get $h) (i32.const 15))))
        (local.set $h (i32x4.mul (local.get $h) (v128.const i32x4 0x846ca68b 0x846ca68b 0x846ca68b 0x846ca68b)))
        (local.set $h (v128.xor (local.get $h) (i32x4.shr_u (local.get $h) (i32.const 16))))
        (local.set $h (i32x4.add (local.get $h) (local.get $vk2)))
        (local.set $h (v128.xor (local.get $h) (i32x4.shr_u (local.get $h) (i32.const 16))))
        (local.set $h (i32x4.mul (local.get $h) (v128.const i32x4 0x7feb352d 0x7feb352d 0x7feb352d 0x7feb352d)))
        (local.set $h (v128.xor (local.get $h) (i32x4.shr_u (local.get $h) (i32.const 15))))
        (local.set $h (i32x4.mul (local.get $h) (v128.const i32x4 0x846ca68b 0x846ca68b 0x846ca68b 0x846ca68b)))
        (local.set $h (v128.xor (local.get $h) (i32x4.shr_u (local.get $h) (i32.const 16))))
        (local.set $keep (i32x4.ge_u (local.get $h) (local.get $vth)))
        (v128.store (local.get $out)
          (f32x4.mul (v128.load (local.get $x)) (v128.and (local.get $keep) (local.get $vscale))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $idx (i32x4.add (local.get $idx) (v128.const i32x4 4 4 4 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $hs (call $mix (i32.add (call $mix (i32.xor (i32.add (local.get $start) (local.get $i)) (local.get $k1))) (local.get $k2))))
        (f32.store (local.get $out)
          (if (result f32) (i32.ge_u (local.get $hs) (local.get $threshold))
            (then (f32.mul (f32.load (local.get $x)) (local.get $scale)))
            (else (f32.mul (f32.load (local.get $x)) (f32.const 0)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))
)
