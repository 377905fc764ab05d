;; Strided copies of contiguous runs inside tfjs-backend-wasm's heap, for slices, splits, concats,
;; transposes that keep the last axis, and row gathers. Copying in wasm with memory.copy replaces
;; one JS `TypedArray.set` call per run (thousands per q/k/v split). Transposes of 32-bit elements
;; that move the last axis (attention's kᵀ and its gradient) go through 4x4 SIMD blocks.
(module
  (import "env" "memory" (memory 1))

  ;; for i0 < n0, i1 < n1, i2 < n2:
  ;;   copy `run` bytes from src + i0*s0 + i1*s1 + i2*s2 to dst + i0*d0 + i1*d1 + i2*d2
  ;; (strides in bytes; source and destination must not overlap).
  (func (export "copyRuns")
    (param $src i32) (param $dst i32) (param $n0 i32) (param $n1 i32) (param $n2 i32)
    (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $d0 i32) (param $d1 i32) (param $d2 i32) (param $run i32)
    (local $i0 i32) (local $i1 i32) (local $i2 i32) (local $a i32) (local $b i32) (local $a1 i32) (local $b1 i32)
    (block $done0
      (loop $l0
        (br_if $done0 (i32.ge_u (local.get $i0) (local.get $n0)))
        (local.set $a1 (i32.add (local.get $src) (i32.mul (local.get $i0) (local.get $s0))))
        (local.set $b1 (i32.add (local.get $dst) (i32.mul (local.get $i0) (local.get $d0))))
        (local.set $i1 (i32.const 0))
        (block $done1
          (loop $l1
            (br_if $done1 (i32.ge_u (local.get $i1) (local.get $n1)))
            (local.set $a (i32.add (local.get $a1) (i32.mul (local.get $i1) (local.get $s1))))
            (local.set $b (i32.add (local.get $b1) (i32.mul (local.get $i1) (local.get $d1))))
            (local.set $i2 (i32.const 0))
            (block $done2
              (loop $l2
                (br_if $done2 (i32.ge_u (local.get $i2) (local.get $n2)))
                (memory.copy (local.get $b) (local.get $a) (local.get $run))
                (local.set $a (i32.add (local.get $a) (local.get $s2)))
                (local.set $b (i32.add (local.get $b) (local.get $d2)))
                (local.set $i2 (i32.add (local.get $i2) (i32.const 1)))
                (br $l2)))
            (local.set $i1 (i32.add (local.get $i1) (i32.const 1)))
            (br $l1)))
        (local.set $i0 (i32.add (local.get $i0) (i32.const 1)))
        (br $l0))))

  ;; Rows of a table for int32 indices: dst[i] = table[idx[i]] (row bytes each), i < n.
  ;; Returns the first position whose index is outside [0, rows), or -1 when all are valid
  ;; (rows up to the bad one are copied).
  (func (export "gatherRows") (param $table i32) (param $rows i32) (param $idx i32) (param $n i32)
                              (param $dst i32) (param $rowBytes i32) (result i32)
    (local $i i32) (local $r i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $r (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.ge_u (local.get $r) (local.get $rows)) (then (return (local.get $i))))
        (memory.copy (local.get $dst) (i32.add (local.get $table) (i32.mul (local.get $r) (local.get $rowBytes))) (local.get $rowBytes))
        (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.const -1))

  ;; Stores the transpose of the 4x4 block whose rows are r0..r3: column j to dst + j*stride.
  (func $storeTransposed4x4 (param $r0 v128) (param $r1 v128) (param $r2 v128) (param $r3 v128) (param $dst i32) (param $stride i32)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
    (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
    (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
    (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
    (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
    (v128.store (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
    (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
    (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
    (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
    (v128.store (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3))))

  ;; One matrix of 32-bit elements transposed: dst + c*dc + 4r <- src + r*sr + 4c for r < rows,
  ;; c < cols (strides in bytes). 4x4 blocks, then the ragged columns and rows one element at a
  ;; time (i32 loads and stores move any 32-bit pattern unchanged, NaNs included).
  (func $transposeMatrix (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $sr i32) (param $dc i32)
    (local $r i32) (local $c i32) (local $p i32) (local $k i32)
    (block $blockRowsDone
      (loop $blockRows
        (br_if $blockRowsDone (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $cols)))
            (local.set $p (i32.add (local.get $src) (i32.add (i32.mul (local.get $r) (local.get $sr)) (i32.shl (local.get $c) (i32.const 2)))))
            (call $storeTransposed4x4
              (v128.load (local.get $p))
              (v128.load (i32.add (local.get $p) (local.get $sr)))
              (v128.load (i32.add (local.get $p) (i32.shl (local.get $sr) (i32.const 1))))
              (v128.load (i32.add (local.get $p) (i32.mul (local.get $sr) (i32.const 3))))
              (i32.add (local.get $dst) (i32.add (i32.mul (local.get $c) (local.get $dc)) (i32.shl (local.get $r) (i32.const 2))))
              (local.get $dc))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $blocks)))
        ;; Columns past the last full block, for these four rows.
        (block $edgeDone
          (loop $edge
            (br_if $edgeDone (i32.ge_u (local.get $c) (local.get $cols)))
            (local.set $k (i32.const 0))
            (loop $four
              (i32.store
                (i32.add (local.get $dst) (i32.add (i32.mul (local.get $c) (local.get $dc)) (i32.shl (i32.add (local.get $r) (local.get $k)) (i32.const 2))))
                (i32.load (i32.add (local.get $src) (i32.add (i32.mul (i32.add (local.get $r) (local.get $k)) (local.get $sr)) (i32.shl (local.get $c) (i32.const 2))))))
              (br_if $four (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 4))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $edge)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $blockRows)))
    ;; Rows past the last full block, every column.
    (block $rowsDone
      (loop $restRows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $restCols
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
            (i32.store
              (i32.add (local.get $dst) (i32.add (i32.mul (local.get $c) (local.get $dc)) (i32.shl (local.get $r) (i32.const 2))))
              (i32.load (i32.add (local.get $src) (i32.add (i32.mul (local.get $r) (local.get $sr)) (i32.shl (local.get $c) (i32.const 2))))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $restCols)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $restRows))))

  ;; $transposeMatrix in tiles of 16x16: a tile reads 16 source lines and writes 16 destination
  ;; lines of 64 bytes each in full. Untiled, a matrix whose rows lie 1 KiB apart (attention keys,
  ;; [b, L, H, d] with H·d = 256) cycles through lines that share a few cache sets, and a line could
  ;; be fetched again for every 16 bytes written: the gradient's [b, H, d, L] -> [b, L, H, d] took
  ;; 0.66 ns per element untiled and 0.3-0.37 tiled, in a Node A/B (tfjs's own kernel: 1.0).
  (func $transposeTiled (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $sr i32) (param $dc i32)
    (local $r i32) (local $c i32) (local $rows16 i32) (local $cols16 i32)
    (local.set $rows16 (i32.and (local.get $rows) (i32.const -16)))
    (local.set $cols16 (i32.and (local.get $cols) (i32.const -16)))
    (block $tileRowsDone
      (loop $tileRows
        (br_if $tileRowsDone (i32.ge_u (local.get $r) (local.get $rows16)))
        (local.set $c (i32.const 0))
        (block $tilesDone
          (loop $tiles
            (br_if $tilesDone (i32.ge_u (local.get $c) (local.get $cols16)))
            (call $transposeMatrix
              (i32.add (local.get $src) (i32.add (i32.mul (local.get $r) (local.get $sr)) (i32.shl (local.get $c) (i32.const 2))))
              (i32.add (local.get $dst) (i32.add (i32.mul (local.get $c) (local.get $dc)) (i32.shl (local.get $r) (i32.const 2))))
              (i32.const 16) (i32.const 16) (local.get $sr) (local.get $dc))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $tiles)))
        (if (i32.lt_u (local.get $cols16) (local.get $cols))
          (then
            (call $transposeMatrix
              (i32.add (local.get $src) (i32.add (i32.mul (local.get $r) (local.get $sr)) (i32.shl (local.get $cols16) (i32.const 2))))
              (i32.add (local.get $dst) (i32.add (i32.mul (local.get $cols16) (local.get $dc)) (i32.shl (local.get $r) (i32.const 2))))
              (i32.const 16) (i32.sub (local.get $cols) (local.get $cols16)) (local.get $sr) (local.get $dc))))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (br $tileRows)))
    (if (i32.lt_u (local.get $rows16) (local.get $rows))
      (then
        (call $transposeMatrix
          (i32.add (local.get $src) (i32.mul (local.get $rows16) (local.get $sr)))
          (i32.add (local.get $dst) (i32.shl (local.get $rows16) (i32.const 2)))
          (i32.sub (local.get $rows) (local.get $rows16)) (local.get $cols) (local.get $sr) (local.get $dc)))))

    ;; A batch of matrices, each transposed as $transposeMatrix does (in tiles): for i0 < n0, i1 < n1 the
  ;; matrix at src + i0*s0 + i1*s1 goes to dst + i0*d0 + i1*d1 (strides in bytes; source and
  ;; destination must not overlap).
  (func (export "transpose32")
    (param $src i32) (param $dst i32) (param $n0 i32) (param $n1 i32)
    (param $s0 i32) (param $s1 i32) (param $d0 i32) (param $d1 i32)
    (param $rows i32) (param $cols i32) (param $sr i32) (param $dc i32)
    (local $i0 i32) (local $i1 i32)
    (block $done0
      (loop $l0
        (br_if $done0 (i32.ge_u (local.get $i0) (local.get $n0)))
        (local.set $i1 (i32.const 0))
        (block $done1
          (loop $l1
            (br_if $done1 (i32.ge_u (local.get $i1) (local.get $n1)))
            (call $transposeTiled
              (i32.add (local.get $src) (i32.add (i32.mul (local.get $i0) (local.get $s0)) (i32.mul (local.get $i1) (local.get $s1))))
              (i32.add (local.get $dst) (i32.add (i32.mul (local.get $i0) (local.get $d0)) (i32.mul (local.get $i1) (local.get $d1))))
              (local.get $rows) (local.get $cols) (local.get $sr) (local.get $dc))
            (local.set $i1 (i32.add (local.get $i1) (i32.const 1)))
            (br $l1)))
        (local.set $i0 (i32.add (local.get $i0) (i32.const 1)))
        (br $l0))))
)
