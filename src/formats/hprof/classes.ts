import { EdgeKind } from "../../graph/kinds.ts";
import type { StringTable } from "../../graph/string-table.ts";
import { isRefType, valueSize } from "./constants.ts";
import { simpleName } from "./names.ts";
import { classShallow, emptyLayout, hasContendedPadding, instanceShallow, layoutFieldTypes, packFields, type FieldLayout, type SizeModel } from "./shallow-size.ts";

/** One CLASS_DUMP, as read in pass 1. Static reference values are raw ids until resolved. */
export interface ClassInfo {
  id: number;
  /** Absolute node ordinal of the class object. */
  node: number;
  type: number;
  /** Display name (Class.getName() style, arrays as `int[]`). */
  name: string;
  /** LOAD_CLASS name in JVM internal form ("" when there was none). */
  internalName: string;
  superId: number;
  loaderId: number;
  instanceSize: number;
  /** Byte length of the CLASS_DUMP sub-record (pass 2 skips it). */
  recordLength: number;
  /** Absolute offset of the CLASS_DUMP sub-record. */
  recordPos: number;
  staticNames: string[];
  staticTypes: number[];
  /** References: the raw id (0 = null); longs as number when safe, else bigint; booleans as boolean. */
  staticValues: (number | bigint | boolean)[];
  fieldNames: string[];
  fieldTypes: number[];
  /** Class index of the superclass, or -1 (set by resolveClasses). */
  superIdx: number;
  layout?: Layout;
}

/** The flattened instance layout of a class: its own fields first, then each superclass's. */
export interface Layout {
  names: string[];
  /** Edge label text per field: the name, or "Simple.name" when a subclass declares the same name. */
  labels: string[];
  types: Uint8Array;
  /** Byte offset of each field in the INSTANCE_DUMP payload. */
  offsets: Int32Array;
  /** Declaring class index per field. */
  decl: Int32Array;
  /** Payload bytes the descriptors describe (checked against INSTANCE_DUMP nBytes). */
  dataSize: number;
  refOffsets: Int32Array;
  refLabels: Uint32Array;
  refKinds: Uint8Array;
  /** End of the last field (before object alignment). */
  layoutSize: number;
  shallow: number;
}

const REF_KIND_BY_CLASS: Record<string, number> = {
  "java.lang.ref.WeakReference": EdgeKind.Weak,
  "java.lang.ref.SoftReference": EdgeKind.Soft,
  "java.lang.ref.PhantomReference": EdgeKind.Phantom,
  "java.lang.ref.FinalReference": EdgeKind.Final,
};

/**
 * Links superclasses and computes every class's flattened layout, edge labels and shallow size.
 * Reference.referent gets the strength of the nearest Weak/Soft/Phantom/FinalReference ancestor;
 * Finalizer.next/prev (the unfinalized list links) are Weak, as Shark ignores them for paths.
 */
export function resolveClasses(classes: ClassInfo[], classIndex: (id: number) => number, model: SizeModel, labels: StringTable, idSize: number): void {
  for (const c of classes) c.superIdx = c.superId === 0 ? -1 : classIndex(c.superId);
  const chainOf = (c: ClassInfo): ClassInfo[] => {
    const chain: ClassInfo[] = [];
    const seen = new Set<ClassInfo>();
    for (let k: ClassInfo | undefined = c; k && !seen.has(k); k = k.superIdx >= 0 ? classes[k.superIdx] : undefined) {
      seen.add(k);
      chain.push(k);
    }
    return chain;
  };
  const layouts = new Map<ClassInfo, FieldLayout>();
  const layoutSizeOf = (chain: ClassInfo[]): number => {
    let l = emptyLayout(model);
    for (let i = chain.length - 1; i >= 0; i--) {
      const known = layouts.get(chain[i]);
      if (known !== undefined) l = known;
      else {
        l = packFields(model, l, layoutFieldTypes(model, chain[i].name, chain[i].fieldNames, chain[i].fieldTypes));
        // Padding ends 8-aligned and leaves no holes for subclass fields.
        if (!model.trustInstanceSize && hasContendedPadding(chain[i].name, chain[i].fieldNames)) l = new Uint8Array(Math.ceil(l.length / 8) * 8).fill(1);
        layouts.set(chain[i], l);
      }
    }
    return l.length;
  };
  for (let ci = 0; ci < classes.length; ci++) {
    const c = classes[ci];
    const chain = chainOf(c);
    let refKind: number = EdgeKind.Strong;
    for (const k of chain) {
      const rk = REF_KIND_BY_CLASS[k.name];
      if (rk !== undefined) {
        refKind = rk;
        break;
      }
    }
    const names: string[] = [];
    const labelTexts: string[] = [];
    const types: number[] = [];
    const offsets: number[] = [];
    const decl: number[] = [];
    const refOffsets: number[] = [];
    const refLabels: number[] = [];
    const refKinds: number[] = [];
    const seenNames = new Set<string>();
    let off = 0;
    for (const k of chain) {
      const kIdx = classIndex(k.id);
      const declared = new Set<string>();
      for (let f = 0; f < k.fieldNames.length; f++) {
        const name = k.fieldNames[f];
        const t = k.fieldTypes[f];
        const label = seenNames.has(name) ? `${simpleName(k.name)}.${name}` : name;
        declared.add(name);
        names.push(name);
        labelTexts.push(label);
        types.push(t);
        offsets.push(off);
        decl.push(kIdx);
        if (isRefType(t)) {
          refOffsets.push(off);
          refLabels.push(labels.intern(label));
          let kind: number = EdgeKind.Strong;
          if (name === "referent" && k.name === "java.lang.ref.Reference") kind = refKind;
          else if ((name === "next" || name === "prev") && k.name === "java.lang.ref.Finalizer") kind = EdgeKind.Weak;
          refKinds.push(kind);
        }
        off += Math.max(0, valueSize(t, idSize));
      }
      for (const n of declared) seenNames.add(n);
    }
    const layoutSize = layoutSizeOf(chain);
    c.layout = {
      names,
      labels: labelTexts,
      types: Uint8Array.from(types),
      offsets: Int32Array.from(offsets),
      decl: Int32Array.from(decl),
      dataSize: off,
      refOffsets: Int32Array.from(refOffsets),
      refLabels: Uint32Array.from(refLabels),
      refKinds: Uint8Array.from(refKinds),
      layoutSize,
      shallow: instanceShallow(model, layoutSize, c.instanceSize),
    };
  }
}

export function classObjectShallow(model: SizeModel, staticTypes: number[]): number {
  return classShallow(model, staticTypes);
}

/** Small open-addressing hash from class id to class index (classes are thousands; ids are doubles). */
/** A ClassIdHash as plain arrays, to send to another thread. */
export interface ClassIdHashParts {
  keys: Float64Array;
  vals: Int32Array;
  count: number;
}

export class ClassIdHash {
  private keys: Float64Array = new Float64Array(1024);
  private vals: Int32Array = new Int32Array(1024).fill(-1);
  private count = 0;

  parts(): ClassIdHashParts {
    return { keys: this.keys, vals: this.vals, count: this.count };
  }

  static fromParts(p: ClassIdHashParts): ClassIdHash {
    const h = new ClassIdHash();
    h.keys = p.keys;
    h.vals = p.vals;
    h.count = p.count;
    return h;
  }

  private slot(id: number, mask: number): number {
    // `x | 0` keeps the low 32 bits of an integer below 2^53 exactly; no floor/modulo on doubles.
    return (Math.imul((id | 0) ^ ((id / 4294967296) | 0), 0x9e3779b1) >>> 7) & mask;
  }

  get(id: number): number {
    const keys = this.keys;
    const vals = this.vals;
    const mask = keys.length - 1;
    for (let s = (Math.imul((id | 0) ^ ((id / 4294967296) | 0), 0x9e3779b1) >>> 7) & mask; ; s = (s + 1) & mask) {
      const v = vals[s];
      if (v < 0 || keys[s] === id) return v;
    }
  }

  /** Adds id → idx unless id is present (the first CLASS_DUMP of an id wins). */
  add(id: number, idx: number): boolean {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let s = this.slot(id, mask); ; s = (s + 1) & mask) {
      if (this.vals[s] < 0) {
        this.keys[s] = id;
        this.vals[s] = idx;
        this.count++;
        return true;
      }
      if (this.keys[s] === id) return false;
    }
  }

  private grow(): void {
    const oldK = this.keys;
    const oldV = this.vals;
    this.keys = new Float64Array(oldK.length * 2);
    this.vals = new Int32Array(oldK.length * 2).fill(-1);
    this.count = 0;
    for (let i = 0; i < oldK.length; i++) if (oldV[i] >= 0) this.add(oldK[i], oldV[i]);
  }
}
