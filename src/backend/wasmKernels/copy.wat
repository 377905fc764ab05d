;; Strided copies of contiguous runs inside tfjs-backend-wasm's heap, for slices, splits, concats,
;; transposes that keep the last axis, and row gathers. Copying in wasm with memory.copy replaces
;; one JS `TypedArray.set` call per run (thousands per q/k/v split).
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
)
