/** Record tags of runtime/heapdump.go (unchanged from go1.7 to tip; go-formats.md §5). */
export const Tag = {
  EOF: 0,
  Object: 1,
  OtherRoot: 2,
  Type: 3,
  Goroutine: 4,
  StackFrame: 5,
  Params: 6,
  Finalizer: 7,
  Itab: 8,
  OSThread: 9,
  MemStats: 10,
  QueuedFinalizer: 11,
  Data: 12,
  BSS: 13,
  Defer: 14,
  Panic: 15,
  MemProf: 16,
  AllocSample: 17,
} as const;

export const TAG_NAMES = [
  "eof", "object", "otherRoot", "type", "goroutine", "stackFrame", "params", "finalizer", "itab", "osThread",
  "memStats", "queuedFinalizer", "data", "bss", "defer", "panic", "memProf", "allocSample",
];

/** Field kinds of a field list; only Ptr is ever written by the runtime. */
export const FieldKind = { Eol: 0, Ptr: 1, Iface: 2, Eface: 3 } as const;

export const HEADER = "go1.7 heap dump\n";

/** runtime.MemStats fields in dumpmemstats order (before the 256 PauseNs and NumGC). */
export const MEMSTATS_FIELDS = [
  "Alloc", "TotalAlloc", "Sys", "Lookups", "Mallocs", "Frees", "HeapAlloc", "HeapSys", "HeapIdle", "HeapInuse",
  "HeapReleased", "HeapObjects", "StackInuse", "StackSys", "MSpanInuse", "MSpanSys", "MCacheInuse", "MCacheSys",
  "BuckHashSys", "GCSys", "OtherSys", "NextGC", "LastGC", "PauseTotalNs",
];

/** goroutine status values (runtime2.go). */
export const G_STATUS = ["idle", "runnable", "running", "syscall", "waiting", "moribund", "dead", "enqueue", "copystack", "preempted"];
