;; Blocked f32 matrix product with WebAssembly SIMD (f32x4), for tfjs-backend-wasm's BatchMatMul.
;;
;; Why: tfjs-wasm 4.22 runs every batched or transposed matmul in a scalar triple loop
;; (~2 GFLOP/s). This module imports the backend's own memory and reads/writes tensors in place.
;;
;;   C[i, j] (+)= sum_k A[i, k] * B[k, j]
;;   A[i, k] at a + 4 (i sAi + k sAk), B[k, j] at b + 4 (k sBk + j sBj), C[i, j] at c + 4 (i ldc + j)
;;
;; Any strides, so transposed operands cost nothing extra: blocks of B are packed into 8-column
;; panels (zero-padded past N) and blocks of A into contiguous rows (GotoBLAS/BLIS style). The
;; micro-kernel keeps a 4x8 tile of C in 8 v128 registers (11 live vectors fit x64's 16 xmm
;; registers without spills) and runs four k-steps per loop turn with constant load offsets.
;; Sums run over k in ascending order within KC-blocks, with plain mul + add (no FMA), so results
;; do not depend on the machine.
;;
;; scripts/build-wasm-kernels.mjs compiles this file twice: with the memory import as written
;; (Node, non-isolated pages) and as `(memory 1 65536 shared)` for the threaded tfjs build.
;; The workspace a product needs is KC*roundUp(N, 8) + MC*KC + 32 floats (wasmGemm.ts).
(module
  (import "env" "memory" (memory 1))

  ;; K-block (panel depth) and M-block (rows per pass over the panels); see bench/RESULTS.md.
  (global $KC i32 (i32.const 256))
  (global $MC i32 (i32.const 128))

  ;; Packs B[0:kc, 0:N] (b points at row k0) into panels of 8 columns: panel p holds
  ;; ws[p*kc*8 + kk*8 + jj] = B[kk, 8p + jj], zero where 8p + jj >= N. Strides in bytes.
  (func $packB (param $b i32) (param $N i32) (param $kc i32) (param $sBk i32) (param $sBj i32) (param $ws i32)
    (local $jp i32) (local $kk i32) (local $jj i32) (local $w i32) (local $src i32) (local $dst i32)
    (local.set $dst (local.get $ws))
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.ge_u (local.get $jp) (local.get $N)))
        (local.set $w (i32.sub (local.get $N) (local.get $jp)))
        (if (i32.gt_u (local.get $w) (i32.const 8)) (then (local.set $w (i32.const 8))))
        (local.set $src (i32.add (local.get $b) (i32.mul (local.get $jp) (local.get $sBj))))
        (local.set $kk (local.get $kc))
        (if (i32.and (i32.eq (local.get $w) (i32.const 8)) (i32.eq (local.get $sBj) (i32.const 4)))
          (then
            ;; Contiguous rows of B: two vector copies per k.
            (loop $rowsFast
              (v128.store (local.get $dst) (v128.load (local.get $src)))
              (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
              (local.set $src (i32.add (local.get $src) (local.get $sBk)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
              (br_if $rowsFast (local.tee $kk (i32.sub (local.get $kk) (i32.const 1))))))
          (else
            (if (i32.and (i32.eq (local.get $w) (i32.const 8)) (i32.eq (local.get $sBk) (i32.const 4)))
              (then
                ;; Transposed B (k adjacent): 4x4 blocks from columns 0-3 and 4-7.
                (local.set $kk (i32.and (local.get $kc) (i32.const -4)))
                (block $blocksDone
                  (loop $blocks
                    (br_if $blocksDone (i32.eqz (local.get $kk)))
                    (call $storeTransposed4x4
                      (v128.load (local.get $src))
                      (v128.load (i32.add (local.get $src) (local.get $sBj)))
                      (v128.load (i32.add (local.get $src) (i32.shl (local.get $sBj) (i32.const 1))))
                      (v128.load (i32.add (local.get $src) (i32.mul (local.get $sBj) (i32.const 3))))
                      (local.get $dst) (i32.const 32))
                    (call $storeTransposed4x4
                      (v128.load (i32.add (local.get $src) (i32.shl (local.get $sBj) (i32.const 2))))
                      (v128.load (i32.add (local.get $src) (i32.mul (local.get $sBj) (i32.const 5))))
                      (v128.load (i32.add (local.get $src) (i32.mul (local.get $sBj) (i32.const 6))))
                      (v128.load (i32.add (local.get $src) (i32.mul (local.get $sBj) (i32.const 7))))
                      (i32.add (local.get $dst) (i32.const 16)) (i32.const 32))
                    (local.set $src (i32.add (local.get $src) (i32.const 16)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 128)))
                    (local.set $kk (i32.sub (local.get $kk) (i32.const 4)))
                    (br $blocks)))
                (local.set $kk (i32.and (local.get $kc) (i32.const 3)))))
            ;; Strided B, an edge panel, or the last k of a transposed one: element by element,
            ;; zero-padded.
            (if (local.get $kk) (then (loop $rows
              (local.set $jj (i32.const 0))
              (loop $cols
                (f32.store (i32.add (local.get $dst) (i32.shl (local.get $jj) (i32.const 2)))
                  (if (result f32) (i32.lt_u (local.get $jj) (local.get $w))
                    (then (f32.load (i32.add (local.get $src) (i32.mul (local.get $jj) (local.get $sBj)))))
                    (else (f32.const 0))))
                (br_if $cols (i32.lt_u (local.tee $jj (i32.add (local.get $jj) (i32.const 1))) (i32.const 8))))
              (local.set $src (i32.add (local.get $src) (local.get $sBk)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
              (br_if $rows (local.tee $kk (i32.sub (local.get $kk) (i32.const 1)))))))))
        (local.set $jp (i32.add (local.get $jp) (i32.const 8)))
        (br $panels))))

  ;; Stores the 4x4 transpose of rows r0..r3 (4 floats each): column j of the input goes to
  ;; dst + j*stride.
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

  ;; Packs A[0:rows, 0:kc] (a points at row 0, column k0; strides in bytes) into ws as panels of
  ;; 4 rows: panel p holds ws[p*kc*4 + k*4 + r] = A[4p + r, k], zero past the last row. Full
  ;; panels of a transposed A (rows adjacent) copy one vector per k; of a row-major A (k adjacent)
  ;; transpose 4x4 blocks; anything else goes element by element.
  (func $packA (param $a i32) (param $rows i32) (param $kc i32) (param $sAi i32) (param $sAk i32) (param $ws i32)
    (local $p i32) (local $r i32) (local $k i32) (local $src i32) (local $dst i32) (local $kc4 i32) (local $n i32)
    (local $full i32)
    (local.set $kc4 (i32.and (local.get $kc) (i32.const -4)))
    (local.set $full (i32.shr_u (local.get $rows) (i32.const 2)))
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.ge_u (i32.shl (local.get $p) (i32.const 2)) (local.get $rows)))
        (local.set $src (i32.add (local.get $a) (i32.mul (i32.shl (local.get $p) (i32.const 2)) (local.get $sAi))))
        (local.set $dst (i32.add (local.get $ws) (i32.mul (local.get $p) (i32.shl (local.get $kc) (i32.const 4)))))
        (local.set $k (i32.const 0))
        (if (i32.and (i32.lt_u (local.get $p) (local.get $full)) (i32.eq (local.get $sAi) (i32.const 4)))
          (then
            (loop $vec
              (v128.store (local.get $dst) (v128.load (local.get $src)))
              (local.set $src (i32.add (local.get $src) (local.get $sAk)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (br_if $vec (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc)))))
          (else
            (if (i32.and (i32.lt_u (local.get $p) (local.get $full)) (i32.eq (local.get $sAk) (i32.const 4)))
              (then
                (block $blocksDone
                  (loop $blocks
                    (br_if $blocksDone (i32.ge_u (local.get $k) (local.get $kc4)))
                    (call $storeTransposed4x4
                      (v128.load (local.get $src))
                      (v128.load (i32.add (local.get $src) (local.get $sAi)))
                      (v128.load (i32.add (local.get $src) (i32.shl (local.get $sAi) (i32.const 1))))
                      (v128.load (i32.add (local.get $src) (i32.mul (local.get $sAi) (i32.const 3))))
                      (local.get $dst) (i32.const 16))
                    (local.set $src (i32.add (local.get $src) (i32.const 16)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
                    (local.set $k (i32.add (local.get $k) (i32.const 4)))
                    (br $blocks)))))
            ;; Remaining k (and every k of a partial or strided panel), element by element.
            (local.set $n (i32.sub (local.get $rows) (i32.shl (local.get $p) (i32.const 2))))
            (block $restDone
              (loop $rest
                (br_if $restDone (i32.ge_u (local.get $k) (local.get $kc)))
                (local.set $r (i32.const 0))
                (loop $lanes
                  (f32.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2)))
                    (if (result f32) (i32.lt_u (local.get $r) (local.get $n))
                      (then (f32.load (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $sAi)))))
                      (else (f32.const 0))))
                  (br_if $lanes (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 4))))
                (local.set $src (i32.add (local.get $src) (local.get $sAk)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $rest)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $panels))))

  ;; C tile [4, 8] at c (row stride ldc bytes) (+)= a packed 4-row panel of A (pa: kc groups of
  ;; 4 floats, one per row) times the packed 8-column panel of B (pb), over kc >= 1 steps.
  (func $tile4x8 (param $pa i32) (param $pb i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $accumulate i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (loop $k
          (local.set $b0 (v128.load (local.get $pb)))
          (local.set $b1 (v128.load offset=16 (local.get $pb)))
          (local.set $x (v128.load32_splat (local.get $pa)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $k (local.tee $kc (i32.sub (local.get $kc) (i32.const 1)))))
    (if (local.get $accumulate)
      (then
        (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $c))))
        (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))
        (local.set $c10 (f32x4.add (local.get $c10) (v128.load (i32.add (local.get $c) (local.get $ldc)))))
        (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (i32.add (local.get $c) (local.get $ldc)))))
        (local.set $c20 (f32x4.add (local.get $c20) (v128.load (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 1))))))
        (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 1))))))
        (local.set $c30 (f32x4.add (local.get $c30) (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 3))))))
        (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 3))))))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31)))

  ;; Copies rows x cols of an edge tile (row stride 32 bytes) into C (row stride ldc bytes),
  ;; adding to C when accumulating.
  (func $flush (param $tile i32) (param $c i32) (param $ldc i32) (param $rows i32) (param $cols i32) (param $accumulate i32)
    (local $i i32) (local $j i32) (local $dst i32) (local $v f32)
    (loop $r
      (local.set $j (i32.const 0))
      (loop $col
        (local.set $dst (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $v (f32.load (i32.add (local.get $tile) (i32.shl (local.get $j) (i32.const 2)))))
        (if (local.get $accumulate) (then (local.set $v (f32.add (f32.load (local.get $dst)) (local.get $v)))))
        (f32.store (local.get $dst) (local.get $v))
        (br_if $col (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $cols))))
      (local.set $tile (i32.add (local.get $tile) (i32.const 32)))
      (local.set $c (i32.add (local.get $c) (local.get $ldc)))
      (br_if $r (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $rows)))))

;; One product C[M, N] = A[M, K] B[K, N] (M, N, K >= 1). Strides in elements. `ws` is a
  ;; 16-byte aligned workspace: packed B (KC * roundUp(N, 8) floats), packed A (MC * KC floats),
  ;; then a 4x8 edge tile (see gemmWorkspaceBytes in wasmGemm.ts).
  (func $gemm (param $a i32) (param $b i32) (param $c i32) (param $M i32) (param $N i32) (param $K i32)
              (param $sAi i32) (param $sAk i32) (param $sBk i32) (param $sBj i32) (param $ldc i32) (param $ws i32)
    (local $pc i32) (local $kc i32) (local $ic i32) (local $mEnd i32) (local $jp i32) (local $pb i32)
    (local $ir i32) (local $rows i32) (local $cols i32) (local $acc i32) (local $edge i32) (local $apack i32)
    (local $pa i32) (local $cptr i32) (local $panelBytes i32) (local $rowBytes i32)
    ;; to bytes
    (local.set $sAi (i32.shl (local.get $sAi) (i32.const 2)))
    (local.set $sAk (i32.shl (local.get $sAk) (i32.const 2)))
    (local.set $sBk (i32.shl (local.get $sBk) (i32.const 2)))
    (local.set $sBj (i32.shl (local.get $sBj) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $apack (i32.add (local.get $ws)
      (i32.shl (i32.mul (global.get $KC) (i32.and (i32.add (local.get $N) (i32.const 7)) (i32.const -8))) (i32.const 2))))
    (local.set $edge (i32.add (local.get $apack) (i32.shl (i32.mul (global.get $MC) (global.get $KC)) (i32.const 2))))
    (loop $kBlocks
      (local.set $kc (i32.sub (local.get $K) (local.get $pc)))
      (if (i32.gt_u (local.get $kc) (global.get $KC)) (then (local.set $kc (global.get $KC))))
      (local.set $acc (i32.ne (local.get $pc) (i32.const 0)))
      (call $packB (i32.add (local.get $b) (i32.mul (local.get $pc) (local.get $sBk)))
        (local.get $N) (local.get $kc) (local.get $sBk) (local.get $sBj) (local.get $ws))
      (local.set $panelBytes (i32.shl (local.get $kc) (i32.const 5)))
      (local.set $rowBytes (i32.shl (local.get $kc) (i32.const 2)))
      (local.set $ic (i32.const 0))
      (loop $mBlocks
        (local.set $mEnd (i32.add (local.get $ic) (global.get $MC)))
        (if (i32.gt_u (local.get $mEnd) (local.get $M)) (then (local.set $mEnd (local.get $M))))
        (call $packA (i32.add (local.get $a) (i32.add (i32.mul (local.get $ic) (local.get $sAi)) (i32.mul (local.get $pc) (local.get $sAk))))
          (i32.sub (local.get $mEnd) (local.get $ic)) (local.get $kc) (local.get $sAi) (local.get $sAk) (local.get $apack))
        (local.set $jp (i32.const 0))
        (local.set $pb (local.get $ws))
        (loop $panels
          (local.set $cols (i32.sub (local.get $N) (local.get $jp)))
          (if (i32.gt_u (local.get $cols) (i32.const 8)) (then (local.set $cols (i32.const 8))))
          (local.set $ir (local.get $ic))
          (loop $rowTiles
            (local.set $rows (i32.sub (local.get $mEnd) (local.get $ir)))
            (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
            ;; Rows past the end are zeros in packed A; they are not written.
            (local.set $pa (i32.add (local.get $apack) (i32.mul (i32.sub (local.get $ir) (local.get $ic)) (local.get $rowBytes))))
            (local.set $cptr (i32.add (local.get $c)
              (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (i32.shl (local.get $jp) (i32.const 2)))))
            (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 8)))
              (then
                (call $tile4x8 (local.get $pa) (local.get $pb) (local.get $kc) (local.get $cptr) (local.get $ldc) (local.get $acc)))
              (else
                (call $tile4x8 (local.get $pa) (local.get $pb) (local.get $kc) (local.get $edge) (i32.const 32) (i32.const 0))
                (call $flush (local.get $edge) (local.get $cptr) (local.get $ldc) (local.get $rows) (local.get $cols) (local.get $acc))))
            (br_if $rowTiles (i32.lt_u (local.tee $ir (i32.add (local.get $ir) (i32.const 4))) (local.get $mEnd))))
          (local.set $pb (i32.add (local.get $pb) (local.get $panelBytes)))
          (br_if $panels (i32.lt_u (local.tee $jp (i32.add (local.get $jp) (i32.const 8))) (local.get $N))))
        (br_if $mBlocks (i32.lt_u (local.tee $ic (local.get $mEnd)) (local.get $M))))
      (br_if $kBlocks (i32.lt_u (local.tee $pc (i32.add (local.get $pc) (local.get $kc))) (local.get $K)))))

  ;; `count` products with the same shapes, operand pointers advancing by aStep/bStep/cStep
  ;; bytes (0 broadcasts an operand over the batch).
  (func (export "gemmBatch")
    (param $a i32) (param $b i32) (param $c i32) (param $M i32) (param $N i32) (param $K i32)
    (param $sAi i32) (param $sAk i32) (param $sBk i32) (param $sBj i32) (param $ldc i32) (param $ws i32)
    (param $count i32) (param $aStep i32) (param $bStep i32) (param $cStep i32)
    (block $done
      (loop $batch
        (br_if $done (i32.eqz (local.get $count)))
        (call $gemm (local.get $a) (local.get $b) (local.get $c) (local.get $M) (local.get $N) (local.get $K)
          (local.get $sAi) (local.get $sAk) (local.get $sBk) (local.get $sBj) (local.get $ldc) (local.get $ws))
        (local.set $a (i32.add (local.get $a) (local.get $aStep)))
        (local.set $b (i32.add (local.get $b) (local.get $bStep)))
        (local.set $c (i32.add (local.get $c) (local.get $cStep)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $batch))))
)
