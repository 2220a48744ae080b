import { PRIM_SIZE } from "./constants.ts";

/**
 * Shallow-size model (hprof-format.md §8). HPROF records carry no header sizes or layout, so sizes
 * are estimates of what the dumping VM used:
 *
 * - 64-bit HotSpot (id size 8): compressed class pointers + compressed oops + 8-byte alignment, the
 *   default for heaps < 32 GB since JDK 15. Header 12 bytes (mark word 8 + class pointer 4),
 *   references 4 bytes, arrays start at 16 (header + u4 length). Instances use MAT's per-class
 *   rule: S(Object) = 12, S(C) = align4(S(super) + Σ own field sizes), shallow = align8(S(C)); this
 *   reproduces the measured sizes (String 24, HashMap 48, WeakHashMap$Entry 40, Leaf 56, §8.2/§8.4).
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

/** S(C) for a class given S(super) and its own field types (before the final object alignment). */
export function classLayoutSize(m: SizeModel, superLayout: number, ownFieldTypes: ArrayLike<number>): number {
  let s = superLayout;
  for (let i = 0; i < ownFieldTypes.length; i++) s += fieldBytes(m, ownFieldTypes[i]);
  return alignUp(s, m.ref);
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
