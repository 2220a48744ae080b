import { PRIM_SIZE } from "./constants.ts";

/**
 * Shallow-size model (hprof-format.md §8). HPROF records carry no header sizes or layout, so sizes
 * are estimates of what the dumping VM used:
 *
 * - 64-bit HotSpot (id size 8): compressed class pointers + compressed oops + 8-byte alignment, the
 *   default for heaps < 32 GB since JDK 15. Header 12 bytes (mark word 8 + class pointer 4),
 *   references 4 bytes, arrays start at 16 (header + u4 length). Instance fields are placed the way
 *   JDK 15+ FieldLayoutBuilder does it (see packFields): class by class from java.lang.Object down,
 *   primitives largest first then references, each in the first aligned hole, holes left by
 *   superclasses included; shallow = align8(end). This gives the measured sizes (String 24, HashMap
 *   48, WeakHashMap$Entry 40, Leaf 56, §8.2/§8.4) and also the classes where MAT's per-class
 *   rounding overestimates (DirectMethodHandle 32, not 40). Fields the VM injects are not in the
 *   dump; the ones checked against jcmd GC.class_histogram are added (VM_INJECTED_FIELDS). Not
 *   modelled: @Contended padding beyond java.lang.Thread (JDK 17) and ForkJoinPool, so other
 *   @Contended classes (Striped64$Cell, ConcurrentHashMap$CounterCell…) are underestimated.
 * - 32-bit JVM (id size 4, not Android): header 8, references 4, arrays start at 12, align 8.
 * - Android ART (version 1.0.3): CLASS_DUMP instanceSize is the real object size (used as is);
 *   arrays as on a 32-bit JVM.
 * - Class objects: align8(Σ static field sizes, references at the model's reference size): the
 *   storage of the statics; the java.lang.Class mirror object itself is not modelled (HPROF has no
 *   record of it), so class bytes are lower than the JVM histogram's java.lang.Class row.
 */
export interface SizeModel {
  readonly name: string;
  /** Object header (mark word + class pointer). */
  readonly header: number;
  /** Size of a reference field or array slot. */
  readonly ref: number;
  /** Offset of the first array element (header + length). */
  readonly arrayHeader: number;
  /** Object alignment. */
  readonly align: number;
  /** True when CLASS_DUMP instanceSize is the real instance size (ART). */
  readonly trustInstanceSize: boolean;
}

export const HOTSPOT_64_COMPRESSED: SizeModel = { name: "hotspot-64-coops", header: 12, ref: 4, arrayHeader: 16, align: 8, trustInstanceSize: false };
export const JVM_32: SizeModel = { name: "jvm-32", header: 8, ref: 4, arrayHeader: 12, align: 8, trustInstanceSize: false };
export const ANDROID_ART: SizeModel = { name: "android-art", header: 8, ref: 4, arrayHeader: 12, align: 8, trustInstanceSize: true };

export function sizeModelFor(version: string, idSize: number): SizeModel {
  if (version.endsWith("1.0.3")) return ANDROID_ART;
  return idSize >= 8 ? HOTSPOT_64_COMPRESSED : JVM_32;
}

export function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** Bytes a field of basic type t occupies in memory under the model. */
export function fieldBytes(m: SizeModel, t: number): number {
  return t === 1 || t === 2 ? m.ref : PRIM_SIZE[t] ?? 0;
}

/**
 * Instance fields HotSpot injects into JDK classes (javaClasses.hpp), which HPROF never dumps, as
 * basic types (11 = long-sized intptr_t, 2 = reference). Each was checked against the JVM histogram
 * on JDK 17 and 25: MemberName 48, ResolvedMethodName 24, Module 56, ClassLoader subclasses 104.
 * `vmholder` is injected on JDK 17 only; on JDK 25 it is a Java field (so skipped when dumped).
 */
export const VM_INJECTED_FIELDS: Record<string, { name: string; type: number }[]> = {
  "java.lang.invoke.MemberName": [{ name: "vmindex", type: 11 }],
  "java.lang.invoke.ResolvedMethodName": [{ name: "vmtarget", type: 11 }, { name: "vmholder", type: 2 }],
  "java.lang.Module": [{ name: "module_entry", type: 11 }],
  "java.lang.ClassLoader": [{ name: "loader_data", type: 11 }],
};

/** A class's own field types plus the VM-injected ones it does not already dump. */
export function layoutFieldTypes(m: SizeModel, className: string, fieldNames: string[], fieldTypes: number[]): number[] {
  if (m.trustInstanceSize || m.header < 12) return fieldTypes;
  if (className === "java.lang.Thread") return fieldTypes.concat(threadExtras(fieldNames));
  if (CONTENDED_CLASSES.has(className)) return fieldTypes.concat(new Array(32).fill(11));
  const inj = VM_INJECTED_FIELDS[className];
  if (!inj) return fieldTypes;
  return fieldTypes.concat(inj.filter((f) => !fieldNames.includes(f.name)).map((f) => f.type));
}

/**
 * java.lang.Thread: up to JDK 20 (threadStatus still a Thread field) the ThreadLocalRandom fields
 * are @Contended: 2 × 128 bytes of padding (modelled as 32 longs); from JDK 21 (`holder`) the VM
 * injects jvmti_thread_state (intptr), a VTMS transition count (int), a VTMS flag (boolean) and
 * jfr_epoch (short). Checked: JDK 17 Thread 368 bytes, JDK 25 Thread 112 bytes.
 */
function threadExtras(fieldNames: string[]): number[] {
  if (fieldNames.includes("holder")) return [11, 10, 4, 9];
  if (hasContendedPadding("java.lang.Thread", fieldNames)) return new Array(32).fill(11);
  return [];
}

/**
 * Classes annotated @Contended as a whole: 128 bytes of padding on each side (modelled as 32 longs).
 * Checked against the JVM histogram: ForkJoinPool 336 bytes on JDK 17, 360 on JDK 25.
 */
const CONTENDED_CLASSES = new Set(["java.util.concurrent.ForkJoinPool"]);

/** True when a class ends in @Contended padding: subclass fields cannot use its holes (JDK 17 Thread subclasses: +8). */
export function hasContendedPadding(className: string, fieldNames: string[]): boolean {
  if (CONTENDED_CLASSES.has(className)) return true;
  return className === "java.lang.Thread" && fieldNames.includes("threadStatus") && fieldNames.includes("threadLocalRandomSeed");
}

/**
 * Occupied bytes of an instance layout, as a bitmask per byte (layouts are at most a few hundred bytes).
 * `packFields(m, superLayout, types)` returns the subclass layout: the superclass's bytes plus this
 * class's fields, primitives by size (8, 4, 2, 1) then references, each at the first free offset
 * aligned to its size. Start from `emptyLayout(m)` (just the header).
 */
export type FieldLayout = Uint8Array;

export function emptyLayout(m: SizeModel): FieldLayout {
  return new Uint8Array(m.header).fill(1);
}

export function packFields(m: SizeModel, superLayout: FieldLayout, ownFieldTypes: ArrayLike<number>): FieldLayout {
  const sizes: number[] = [];
  for (let i = 0; i < ownFieldTypes.length; i++) {
    const t = ownFieldTypes[i];
    if (t !== 1 && t !== 2) sizes.push(PRIM_SIZE[t] ?? 0);
  }
  sizes.sort((a, b) => b - a);
  for (let i = 0; i < ownFieldTypes.length; i++) if (ownFieldTypes[i] === 1 || ownFieldTypes[i] === 2) sizes.push(m.ref);
  let end = superLayout.length;
  for (const s of sizes) end += s + 8;
  const used = new Uint8Array(end);
  used.set(superLayout);
  let top = superLayout.length;
  for (const s of sizes) {
    if (s === 0) continue;
    let o = m.header;
    for (; ; o += s) {
      if (o % s !== 0) o = alignUp(o, s);
      let free = true;
      for (let k = 0; k < s; k++) if (used[o + k]) { free = false; break; }
      if (free) break;
    }
    used.fill(1, o, o + s);
    if (o + s > top) top = o + s;
  }
  return used.subarray(0, top);
}

export function instanceShallow(m: SizeModel, layoutSize: number, dumpedInstanceSize: number): number {
  if (m.trustInstanceSize && dumpedInstanceSize > 0) return dumpedInstanceSize;
  return alignUp(layoutSize, m.align);
}

export function objectArrayShallow(m: SizeModel, length: number): number {
  return alignUp(m.arrayHeader + length * m.ref, m.align);
}

export function primitiveArrayShallow(m: SizeModel, length: number, elementType: number): number {
  const e = PRIM_SIZE[elementType] ?? 1;
  // 8-byte elements start 8-aligned (matters on 32-bit layouts where the header is 12).
  const start = e === 8 ? alignUp(m.arrayHeader, 8) : m.arrayHeader;
  return alignUp(start + length * e, m.align);
}

export function classShallow(m: SizeModel, staticTypes: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < staticTypes.length; i++) s += fieldBytes(m, staticTypes[i]);
  return alignUp(s, m.align);
}
