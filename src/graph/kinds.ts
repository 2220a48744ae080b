/** Small closed vocabularies stored as Uint8 columns. Names are for output; numbers are stored. */

export const NodeKind = {
  Instance: 0,
  ObjectArray: 1,
  PrimitiveArray: 2,
  Class: 3,
  GoObject: 4,
  /** A Go allocation site, calling-context-tree node, or goref reference-path node. */
  GoSite: 5,
  Synthetic: 6,
} as const;
export type NodeKind = (typeof NodeKind)[keyof typeof NodeKind];
export const NODE_KIND_NAMES = ["instance", "object-array", "primitive-array", "class", "go-object", "go-site", "synthetic"];

export const Lang = { Java: 0, Go: 1 } as const;
export type Lang = (typeof Lang)[keyof typeof Lang];
export const LANG_NAMES = ["java", "go"];

export const EdgeKind = {
  Strong: 0,
  Weak: 1,
  Soft: 2,
  Phantom: 3,
  Final: 4,
  /** Structural and strong, but not a program field: instance -> class, profile tree parent -> child. */
  Internal: 5,
} as const;
export type EdgeKind = (typeof EdgeKind)[keyof typeof EdgeKind];
export const EDGE_KIND_NAMES = ["strong", "weak", "soft", "phantom", "final", "internal"];

/** GC root kinds of every supported runtime. Rank (see ROOT_RANK) orders ties in path search. */
export const RootKind = {
  Unknown: 0,
  JniGlobal: 1,
  JniLocal: 2,
  JavaFrame: 3,
  NativeStack: 4,
  StickyClass: 5,
  ThreadBlock: 6,
  MonitorUsed: 7,
  ThreadObject: 8,
  InternedString: 9,
  Finalizing: 10,
  Debugger: 11,
  ReferenceCleanup: 12,
  VmInternal: 13,
  JniMonitor: 14,
  Unreachable: 15,
  GoData: 16,
  GoBss: 17,
  GoFrame: 18,
  GoFinalizer: 19,
  GoOther: 20,
  /** The synthetic root of a pprof profile's calling-context tree or a goref root variable. */
  Profile: 21,
} as const;
export type RootKind = (typeof RootKind)[keyof typeof RootKind];
export const ROOT_KIND_NAMES = [
  "unknown", "jni-global", "jni-local", "java-frame", "native-stack", "sticky-class", "thread-block",
  "monitor-used", "thread-object", "interned-string", "finalizing", "debugger", "reference-cleanup",
  "vm-internal", "jni-monitor", "unreachable", "go-data", "go-bss", "go-frame", "go-finalizer", "go-other",
  "profile",
];

/**
 * Path preference among equally short paths: 0 = static/global (explains retention best),
 * 1 = thread/stack, 2 = everything else (Shark's "visit last" queue).
 */
export const ROOT_RANK: Uint8Array = (() => {
  const r = new Uint8Array(ROOT_KIND_NAMES.length).fill(2);
  for (const k of [RootKind.StickyClass, RootKind.JniGlobal, RootKind.GoData, RootKind.GoBss, RootKind.Profile]) r[k] = 0;
  for (const k of [RootKind.JavaFrame, RootKind.ThreadObject, RootKind.JniLocal, RootKind.NativeStack, RootKind.ThreadBlock, RootKind.GoFrame]) r[k] = 1;
  return r;
})();

/** Edge labels with this bit set are array indices (index = label & INDEX_MASK), not string-table entries. */
export const INDEX_LABEL = 0x80000000;
export const INDEX_MASK = 0x7fffffff;
/** Label index of the empty label. */
export const NO_LABEL = 0;
