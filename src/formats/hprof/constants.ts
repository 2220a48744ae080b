/** HPROF tags and basic types (hprof-format.md §1.1, §3, §4). */

export const Tag = {
  Utf8: 0x01,
  LoadClass: 0x02,
  UnloadClass: 0x03,
  Frame: 0x04,
  Trace: 0x05,
  AllocSites: 0x06,
  HeapSummary: 0x07,
  StartThread: 0x0a,
  EndThread: 0x0b,
  HeapDump: 0x0c,
  CpuSamples: 0x0d,
  ControlSettings: 0x0e,
  HeapDumpSegment: 0x1c,
  HeapDumpEnd: 0x2c,
} as const;

export const TOP_TAG_NAMES: Record<number, string> = {
  0x01: "UTF8", 0x02: "LOAD_CLASS", 0x03: "UNLOAD_CLASS", 0x04: "FRAME", 0x05: "TRACE", 0x06: "ALLOC_SITES",
  0x07: "HEAP_SUMMARY", 0x0a: "START_THREAD", 0x0b: "END_THREAD", 0x0c: "HEAP_DUMP", 0x0d: "CPU_SAMPLES",
  0x0e: "CONTROL_SETTINGS", 0x1c: "HEAP_DUMP_SEGMENT", 0x2c: "HEAP_DUMP_END",
};

export const Sub = {
  RootUnknown: 0xff,
  RootJniGlobal: 0x01,
  RootJniLocal: 0x02,
  RootJavaFrame: 0x03,
  RootNativeStack: 0x04,
  RootStickyClass: 0x05,
  RootThreadBlock: 0x06,
  RootMonitorUsed: 0x07,
  RootThreadObject: 0x08,
  RootInternedString: 0x89,
  RootFinalizing: 0x8a,
  RootDebugger: 0x8b,
  RootReferenceCleanup: 0x8c,
  RootVmInternal: 0x8d,
  RootJniMonitor: 0x8e,
  RootUnreachable: 0x90,
  ClassDump: 0x20,
  InstanceDump: 0x21,
  ObjArrayDump: 0x22,
  PrimArrayDump: 0x23,
  PrimArrayNoData: 0xc3,
  HeapDumpInfo: 0xfe,
} as const;

export const SUB_TAG_NAMES: Record<number, string> = {
  0xff: "ROOT_UNKNOWN", 0x01: "ROOT_JNI_GLOBAL", 0x02: "ROOT_JNI_LOCAL", 0x03: "ROOT_JAVA_FRAME",
  0x04: "ROOT_NATIVE_STACK", 0x05: "ROOT_STICKY_CLASS", 0x06: "ROOT_THREAD_BLOCK", 0x07: "ROOT_MONITOR_USED",
  0x08: "ROOT_THREAD_OBJECT", 0x89: "ROOT_INTERNED_STRING", 0x8a: "ROOT_FINALIZING", 0x8b: "ROOT_DEBUGGER",
  0x8c: "ROOT_REFERENCE_CLEANUP", 0x8d: "ROOT_VM_INTERNAL", 0x8e: "ROOT_JNI_MONITOR", 0x90: "ROOT_UNREACHABLE",
  0x20: "CLASS_DUMP", 0x21: "INSTANCE_DUMP", 0x22: "OBJ_ARRAY_DUMP", 0x23: "PRIM_ARRAY_DUMP",
  0xc3: "PRIM_ARRAY_NODATA", 0xfe: "HEAP_DUMP_INFO",
};

/** Basic type codes. 1 ("array object", old agent) and 2 are references (ID sized). */
export const BasicType = {
  ArrayObject: 1,
  Object: 2,
  Boolean: 4,
  Char: 5,
  Float: 6,
  Double: 7,
  Byte: 8,
  Short: 9,
  Int: 10,
  Long: 11,
} as const;

/** Size of a primitive basic type in the HPROF stream (0 for references and unknown codes). */
export const PRIM_SIZE = new Uint8Array([0, 0, 0, 0, 1, 2, 4, 8, 1, 2, 4, 8]);
export const TYPE_NAMES = ["?", "object", "object", "?", "boolean", "char", "float", "double", "byte", "short", "int", "long"];
/** JVM descriptor letter of a primitive basic type (for array class names like "[I"). */
export const PRIM_DESCRIPTOR = ["", "", "", "", "Z", "C", "F", "D", "B", "S", "I", "J"];

export function isRefType(t: number): boolean {
  return t === BasicType.Object || t === BasicType.ArrayObject;
}

/** HPROF size of a value of basic type t, or -1 for an invalid code. */
export function valueSize(t: number, idSize: number): number {
  if (t === 1 || t === 2) return idSize;
  if (t >= 4 && t <= 11) return PRIM_SIZE[t];
  return -1;
}
