;; Components covering the productions of the component model's Binary.md, as wasmparser
;; 0.263 reads them. Each `(component ...)` is turned into a binary by the `wast` crate; the
;; `(component binary ...)` forms are written byte by byte (non-canonical LEBs and all).

;; Core modules, core instances, core aliases, canon lift/lower with every option.
(component
  (core module $m
    (memory (export "mem") 1)
    (table (export "tab") 1 funcref)
    (global (export "g") i32 (i32.const 0))
    (tag (export "t"))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
    (func (export "f") (param i32) (result i32) local.get 0)
    (func (export "post") (param i32))
    (func (export "cb") (param i32 i32 i32) (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (core module $needs (import "env" "f" (func (param i32) (result i32))))
  (core instance $env (export "f" (func $i "f")) (export "mem" (memory $i "mem")))
  (core instance (instantiate $needs (with "env" (instance $env))))
  (alias core export $i "tab" (core table $tab))
  (alias core export $i "g" (core global $g))
  (alias core export $i "t" (core tag $t))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (alias core export $i "post" (core func $post))
  (type $ft (func (param "x" u32) (result u32)))
  (func $lifted (type $ft)
    (canon lift (core func $i "f") (memory $mem) (realloc $realloc) string-encoding=utf8
      (post-return $post)))
  (func $lifted16 (type $ft)
    (canon lift (core func $i "f") string-encoding=utf16))
  (func $lifted_latin1 (type $ft)
    (canon lift (core func $i "f") string-encoding=latin1+utf16))
  (core func (canon lower (func $lifted) (memory $mem) (realloc $realloc)))
  (export "lifted" (func $lifted))
  (export "lifted-as" (func $lifted16) (func (type $ft)))
)

;; Defined value types, function types, resources.
(component
  (core module $m (func (export "dtor") (param i32)))
  (core instance $i (instantiate $m))
  (type $r (resource (rep i32) (dtor (core func $i "dtor"))))
  (type $r2 (resource (rep i32)))
  (type $rec (record (field "a" bool) (field "b" s8) (field "c" u8) (field "d" s16)
    (field "e" u16) (field "f" s32) (field "g" u32) (field "h" s64) (field "i" u64)
    (field "j" f32) (field "k" f64) (field "l" char) (field "m" string)))
  (type $var (variant (case "none") (case "some" $rec)))
  (type $list (list $var))
  (type $fixed (list u8 4))
  (type $tuple (tuple u8 string))
  (type $flags (flags "a" "b" "c"))
  (type $enum (enum "x" "y"))
  (type $opt (option $tuple))
  (type $res (result u32 (error string)))
  (type $res_ok (result u32))
  (type $res_err (result (error u8)))
  (type $res_none (result))
  (type $own (own $r))
  (type $borrow (borrow $r))
  (type $stream (stream u8))
  (type $stream_none (stream))
  (type $future (future string))
  (type $future_none (future))
  (type $ec error-context)
  (type $f (func (param "a" $own) (param "b" $borrow) (result $res)))
  (type $f_none (func))
  (type $f_async (func async (param "s" $stream) (result $future)))
  (export "rec" (type $rec))
)

;; Component types, instance types, core module types, imports of every kind, type bounds,
;; outer aliases, nested components and instances.
(component $outer
  (core type $mt (module
    (type $ft (func (param i32) (result i32)))
    (import "a" "b" (func (type $ft)))
    (import "a" "m" (memory 1))
    (export "c" (func (type $ft)))
    (export "t" (table 1 funcref))
    (export "g" (global (mut i32)))))
  (core type $plain (func (param i64)))
  (core type $gc (struct (field i32)))
  (core rec (type $a (sub (func))) (type $b (sub $a (func))))
  (core type $open (sub (func (param i32))))
  (type $it (instance
    (type $t (record (field "x" u32)))
    (export "t" (type $t2 (eq $t)))
    (export "r" (type $r (sub resource)))
    (export "f" (func (param "x" $t2) (result (own $r))))
    (core type (module))
    (alias outer $outer $plain (core type $p))))
  (type $ct (component
    (import "i" (instance (type $it)))
    (import "x" (func))
    (export "y" (func))))
  (import "imported-instance" (instance $ii (type $it)))
  (import "imported-func" (func $if))
  (import "imported-component" (component $ic (type $ct)))
  (import "imported-module" (core module $im (type $mt)))
  (import "imported-type" (type $itype (sub resource)))
  (import "imported-eq" (type (eq $itype)))
  (import "wasi:cli/env@0.2.0" (func))
  (import "unlocked-dep=<a:b@{>=1.0.0}>" (func))
  (import "[method]r.m" (func))
  (alias export $ii "f" (func $aliased))
  (alias export $ii "t" (type $aliased_t))
  (component $nested
    (import "f" (func))
    (alias outer $outer $ct (type $outer_ct))
    (core module $inner (func (export "x")))
    (component $deeper
      (core module (func))))
  (instance $inst (instantiate $nested (with "f" (func $if))))
  (instance (export "f" (func $aliased)) (export "c" (component $nested)))
  (alias export $inst "x" (func))
  (export "out-inst" (instance $inst))
  (export "out-mod" (core module $im))
  (export "out-comp" (component $nested))
  (export "out-type" (type $aliased_t))
)

;; The async and thread built-ins.
(component
  (core module $m
    (memory (export "mem") 1)
    (table (export "tab") 1 funcref)
    (func (export "f") (param i32) (result i32) i32.const 0)
    (func (export "cb") (param i32 i32 i32) (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "tab" (core table $tab))
  (alias core export $i "cb" (core func $cb))
  (type $r (resource (rep i32)))
  (type $s (stream u8))
  (type $fu (future u32))
  (core type $ct (func (param i32)))
  (type $ft (func async (param "x" u32) (result u32)))
  (func (type $ft) (canon lift (core func $i "f") async (callback $cb)))
  (core func (canon resource.new $r))
  (core func (canon resource.drop $r))
  (core func (canon resource.rep $r))
  (core func (canon backpressure.inc))
  (core func (canon backpressure.dec))
  (core func (canon task.return (result u32) (memory $mem)))
  (core func (canon task.return))
  (core func (canon task.cancel))
  (core func (canon context.get i32 0))
  (core func (canon context.set i32 1))
  (core func (canon subtask.cancel async))
  (core func (canon subtask.cancel))
  (core func (canon subtask.drop))
  (core func (canon stream.new $s))
  (core func (canon stream.read $s (memory $mem) async))
  (core func (canon stream.write $s (memory $mem)))
  (core func (canon stream.cancel-read $s async))
  (core func (canon stream.cancel-write $s))
  (core func (canon stream.drop-readable $s))
  (core func (canon stream.drop-writable $s))
  (core func (canon future.new $fu))
  (core func (canon future.read $fu (memory $mem)))
  (core func (canon future.write $fu (memory $mem) async))
  (core func (canon future.cancel-read $fu))
  (core func (canon future.cancel-write $fu async))
  (core func (canon future.drop-readable $fu))
  (core func (canon future.drop-writable $fu))
  (core func (canon error-context.new (memory $mem) string-encoding=utf8))
  (core func (canon error-context.debug-message (memory $mem)))
  (core func (canon error-context.drop))
  (core func (canon waitable-set.new))
  (core func (canon waitable-set.wait (memory $mem)))
  (core func (canon waitable-set.poll (memory $mem)))
  (core func (canon waitable-set.drop))
  (core func (canon waitable.join))
  (core func (canon thread.index))
  (core func (canon thread.new-indirect $ct (core table $tab)))
  (core func (canon thread.resume-later))
  (core func (canon thread.suspend))
  (core func (canon thread.yield))
  (core func (canon thread.suspend-then-resume))
  (core func (canon thread.yield-then-resume))
  (core func (canon thread.suspend-then-promote))
  (core func (canon thread.yield-then-promote))
  (core func (canon thread.spawn-ref $ct))
  (core func (canon thread.spawn-indirect $ct (core table $tab)))
  (core func (canon thread.available_parallelism))
  (core func (canon stream.forward $s))
  (core func (canon future.forward $fu))
)

;; A custom section and the start function.
(component
  (@custom "hello" "world")
  (import "f" (func $f (param "x" u32) (result u32)))
  (import "v" (value $v u32))
  (start $f (value $v) (result (value $r)))
  (export "r" (value $r))
)

;; Non-canonical LEBs: an empty type section whose size and count are padded, and an
;; export section with a padded count and index.
(component binary
  "\00asm\0d\00\01\00"
  "\07\82\80\80\80\00\80\00"        ;; type section, size 2 as 5 bytes, count 0 as 2 bytes
  "\06\06\01\00\11\02\00\00"       ;; alias section: outer core module 0 0
  "\0b\0b\81\80\00\00\01\66\00\11\80\00\00"  ;; export "f" of core module 0 (index as 2 bytes), no type
)

;; Non-canonical LEBs in a nested core module (section sizes, counts, indices, a body size,
;; local declarations and instruction immediates), and in the component sections that
;; instantiate it and lift its function.
(component binary
  "\00asm\0d\00\01\00"
  "\01\d5\80\80\80\00"                  ;; core module section, size as 5 bytes
  "\00asm\01\00\00\00"
  "\01\8a\80\00\81\80\00\60\81\00\7f\81\00\7f"  ;; type section (size as 3 bytes): count 1
                                        ;; as 3 bytes, func (param i32) (result i32) with
                                        ;; both counts as 2 bytes
  "\03\86\00\81\80\00\80\80\00"         ;; function section: count and type 0 as 3 bytes
  "\07\88\00\81\00\81\00f\00\80\00"     ;; export section: "f" = func 0, count, name length
                                        ;; and index as 2 bytes
  "\0a\9e\80\00\81\00\99\80\00"         ;; code section: count 1, body size as 3 bytes,
  "\81\00\81\00\7f"                     ;;   locals: 1 × i32 (counts as 2 bytes)
  "\20\80\80\00"                        ;;   local.get 0 (index as 3 bytes)
  "\41\ff\ff\ff\ff\7f"                  ;;   i32.const -1 (as 5 bytes)
  "\6a"                                 ;;   i32.add
  "\21\81\00"                           ;;   local.set 1 (as 2 bytes)
  "\20\81\80\80\00"                     ;;   local.get 1 (as 4 bytes)
  "\0b"                                 ;;   end
  "\00\86\00\83\00pad" "x"              ;; custom section "pad" (size, name length as 2 bytes)
  "\02\87\00\81\00\00\80\00\80\00"      ;; core instance section: instantiate module 0
  "\06\8a\00\81\00\00\00\01\80\00\81\00f"  ;; alias section: core func "f" of core instance 0
  "\07\8b\00\81\00\40\81\00\81\00x\79\00\79"  ;; type section: func (param "x" u32) (result u32)
  "\08\8a\00\81\00\00\00\80\00\80\00\80\00"  ;; canon section: lift core func 0, no options,
                                        ;; type 0
  "\0b\8b\00\81\00\00\81\00f\01\80\80\00\00"  ;; export section: "f" = func 0
)

;; Non-canonical LEBs in a nested component: a module type, a function type, an import, a
;; canon lower with an option, an instance of inline exports, and an empty component.
(component binary
  "\00asm\0d\00\01\00"
  "\04\dc\80\80\00"                     ;; component section, size as 4 bytes
  "\00asm\0d\00\01\00"
  "\03\93\00\81\00\50\82\00"            ;; core type section: a module type of 2 declarations:
  "\01\60\80\00\80\00"                  ;;   type: func () -> ()
  "\03\81\00e\00\80\80\00"              ;;   export "e": func of type 0 (index as 3 bytes)
  "\07\87\00\81\00\40\80\00\01\00"      ;; type section: func () with no result
  "\0a\8a\00\81\00\00\81\00g\01\80\80\00"  ;; import section: "g", a func of type 0
  "\08\89\00\81\00\01\00\80\00\81\00\00"   ;; canon section: lower func 0, string-encoding=utf8
  "\05\8c\00\81\00\01\81\00\00\81\00h\01\80\00"  ;; instance section: inline export "h" = func 0
  "\04\88\80\00\00asm\0d\00\01\00"      ;; component section: an empty component, size as 3
                                        ;; bytes
)
