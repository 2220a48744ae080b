import type { FieldEntry, HeapGraph, TypeColumn, ValueReader } from "../../graph/heap-graph.ts";
import { ChunkReader } from "../../io/reader.ts";
import { FileSource, type ByteSource } from "../../io/source.ts";
import { BasicType, PRIM_SIZE, Sub, TYPE_NAMES, isRefType, valueSize } from "./constants.ts";
import type { ClassInfo } from "./classes.ts";
import { CHECKPOINT_SHIFT, fixedSubRecordSizes } from "./pass1-walk.ts";
import type { IdIndex } from "./id-index.ts";
import { latin1, utf16 } from "./mutf8.ts";
import { simpleName } from "./names.ts";
import { readBasicValue } from "./window.ts";

export interface ValueModel {
  source: ByteSource;
  idSize: number;
  firstNode: number;
  nodeCount: number;
  typeBase: number;
  /** The node type column: the builder's (live view) while loading, then the graph's. */
  type: TypeColumn;
  classes: ClassInfo[];
  index: IdIndex;
  starts: number[];
  ends: number[];
  ckPos: Float64Array;
  ckRange: Uint32Array;
  /** The node at each checkpoint, when it is not checkpoint × 32 (pass 1 shared with a second thread). */
  ckNode?: Uint32Array;
}

const BOXED = new Set(["java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte", "java.lang.Character", "java.lang.Boolean", "java.lang.Float", "java.lang.Double"]);

/** Closes re-opened files when their reader is garbage collected. */
const closer = new FinalizationRegistry<FileSource>((s) => s.close());

/**
 * Reads field values lazily from the dump by node ordinal (relative to this input). Only every
 * 32nd node's record offset is kept; a lookup walks at most 31 sub-records from its checkpoint.
 * File inputs are re-opened by path on first use (loadOne closes its own source after loading);
 * inflated gzip inputs stay in memory as a MemorySource.
 */
export class HprofValues implements ValueReader {
  private m: ValueModel;
  private cr?: ChunkReader;
  private fixed: Int32Array;
  private classAt = new Map<number, ClassInfo>();
  private classOfNode = new Map<number, ClassInfo>();

  constructor(m: ValueModel) {
    this.m = m;
    this.fixed = fixedSubRecordSizes(m.idSize);
    for (const c of m.classes) {
      this.classAt.set(c.recordPos, c);
      this.classOfNode.set(c.node - m.firstNode, c);
    }
  }

  useGraphColumns(graph: HeapGraph): void {
    this.m.type = graph.type;
  }

  private reader(): ChunkReader | undefined {
    if (this.cr) return this.cr;
    let src = this.m.source;
    if (src instanceof FileSource) {
      try {
        const own = new FileSource(src.name);
        closer.register(this, own);
        src = own;
      } catch {
        return undefined;
      }
    }
    // Small window: lookups jump around the file; consecutive ordinals share a window.
    this.cr = new ChunkReader(src, 0, 64 * 1024);
    return this.cr;
  }

  private lastNode = -1;
  private lastLoc: { pos: number; tag: number } | undefined;

  /** Absolute offset and tag of a node's record, or undefined (the last answer is cached). */
  private locate(node: number): { pos: number; tag: number } | undefined {
    if (node === this.lastNode && this.lastLoc) return this.lastLoc;
    const loc = this.walkTo(node);
    this.lastNode = node;
    this.lastLoc = loc;
    return loc;
  }

  private walkTo(node: number): { pos: number; tag: number } | undefined {
    const m = this.m;
    if (!(node >= 0 && node < m.nodeCount)) return undefined;
    const cr = this.reader();
    if (!cr) return undefined;
    const I = m.idSize;
    const k = node >>> CHECKPOINT_SHIFT;
    let pos = m.ckPos[k];
    let r = m.ckRange[k];
    let count = m.ckNode ? m.ckNode[k] : k << CHECKPOINT_SHIFT;
    for (let guard = 0; guard < 1 << 20; guard++) {
      if (pos >= m.ends[r]) {
        r++;
        if (r >= m.starts.length) return undefined;
        pos = m.starts[r];
        continue;
      }
      cr.seek(pos);
      const tag = cr.u1();
      let size: number;
      let isNode = true;
      switch (tag) {
        case Sub.InstanceDump:
          cr.seek(pos + 5 + 2 * I);
          size = 9 + 2 * I + cr.u4();
          break;
        case Sub.ObjArrayDump:
          cr.seek(pos + 5 + I);
          size = 9 + 2 * I + cr.u4() * I;
          break;
        case Sub.PrimArrayDump: {
          cr.seek(pos + 5 + I);
          const len = cr.u4();
          size = 10 + I + len * PRIM_SIZE[cr.u1()];
          break;
        }
        case Sub.ClassDump: {
          const c = this.classAt.get(pos);
          if (!c) return undefined;
          size = c.recordLength;
          break;
        }
        default:
          size = 1 + this.fixed[tag];
          isNode = tag === Sub.PrimArrayNoData;
          if (size <= 0) return undefined;
      }
      if (isNode) {
        if (count === node) return { pos, tag };
        count++;
      }
      pos += size;
    }
    return undefined;
  }

  private classOf(node: number): ClassInfo | undefined {
    const ci = this.m.type[node + this.m.firstNode] - this.m.typeBase;
    return ci >= 0 && ci < this.m.classes.length ? this.m.classes[ci] : undefined;
  }

  private ref(id: number): number {
    if (id === 0) return -1;
    const k = this.m.index.lookup(id);
    return k < 0 ? -2 : k;
  }

  private readValue(cr: ChunkReader, t: number): number | bigint | boolean {
    const n = valueSize(t, this.m.idSize);
    if (n < 0) return 0;
    cr.ensure(n);
    const v = readBasicValue(cr.view, cr.pos - cr.base, t, this.m.idSize)!;
    cr.pos += n;
    return isRefType(t) ? this.ref(v as number) : v;
  }

  fields(node: number): FieldEntry[] {
    const loc = this.locate(node);
    if (!loc || loc.tag !== Sub.InstanceDump) return [];
    const c = this.classOf(node);
    if (!c?.layout) return [];
    const cr = this.cr!;
    const I = this.m.idSize;
    cr.seek(loc.pos + 5 + 2 * I);
    const n = cr.u4();
    const data = loc.pos + 9 + 2 * I;
    const lay = c.layout;
    const out: FieldEntry[] = [];
    for (let f = 0; f < lay.names.length; f++) {
      const t = lay.types[f];
      const size = isRefType(t) ? I : PRIM_SIZE[t];
      if (lay.offsets[f] + size > n) break;
      cr.seek(data + lay.offsets[f]);
      out.push({ declaringType: this.m.classes[lay.decl[f]]?.name ?? "?", name: lay.names[f], type: TYPE_NAMES[t], value: this.readValue(cr, t) });
    }
    return out;
  }

  field(node: number, name: string): FieldEntry | undefined {
    const c = this.classOf(node);
    const lay = c?.layout;
    if (!lay) return undefined;
    const dot = name.lastIndexOf(".");
    const fname = dot < 0 ? name : name.slice(dot + 1);
    const decl = dot < 0 ? "" : name.slice(0, dot);
    // "size" = the most-derived declaration; "java.lang.ref.Reference.next", "Reference.next",
    // "CoreObjects$Base.value" or "Base.value" = a specific one.
    const declares = (t: string) => t === decl || simpleName(t) === decl || t.endsWith("$" + decl);
    let f = 0;
    for (; f < lay.names.length; f++) {
      if (lay.names[f] === fname && (dot < 0 || declares(this.m.classes[lay.decl[f]]?.name ?? ""))) break;
    }
    if (f === lay.names.length) return undefined;
    const loc = this.locate(node);
    if (!loc || loc.tag !== Sub.InstanceDump) return undefined;
    const cr = this.cr!;
    const I = this.m.idSize;
    cr.seek(loc.pos + 5 + 2 * I);
    const n = cr.u4();
    const t = lay.types[f];
    if (lay.offsets[f] + (isRefType(t) ? I : PRIM_SIZE[t]) > n) return undefined;
    cr.seek(loc.pos + 9 + 2 * I + lay.offsets[f]);
    return { declaringType: this.m.classes[lay.decl[f]]?.name ?? "?", name: fname, type: TYPE_NAMES[t], value: this.readValue(cr, t) };
  }

  statics(classNode: number): FieldEntry[] {
    const c = this.classOfNode.get(classNode);
    if (!c) return [];
    return c.staticNames.map((name, i) => {
      const t = c.staticTypes[i];
      const v = c.staticValues[i];
      return { declaringType: c.name, name, type: TYPE_NAMES[t], value: isRefType(t) ? this.ref(v as number) : v };
    });
  }

  arrayLength(node: number): number {
    const loc = this.locate(node);
    if (!loc || loc.tag === Sub.InstanceDump || loc.tag === Sub.ClassDump) return -1;
    const cr = this.cr!;
    cr.seek(loc.pos + 5 + this.m.idSize);
    return cr.u4();
  }

  /** Raw bytes and element type of a primitive array (undefined for other nodes or no-data arrays). */
  primitiveArray(node: number, maxElements = Infinity): { type: number; length: number; bytes: Uint8Array } | undefined {
    const loc = this.locate(node);
    if (!loc || loc.tag !== Sub.PrimArrayDump) return undefined;
    const cr = this.cr!;
    cr.seek(loc.pos + 5 + this.m.idSize);
    const length = cr.u4();
    const type = cr.u1();
    const n = Math.min(length, maxElements) * PRIM_SIZE[type];
    return { type, length, bytes: cr.bytes(n).slice() };
  }

  /** The text of a java.lang.String node (unquoted), or undefined. */
  stringValue(node: number, maxChars = 1 << 20): string | undefined {
    const c = this.classOf(node);
    if (!c || c.name !== "java.lang.String") return undefined;
    const fs = this.fields(node);
    const get = (n: string) => fs.find((f) => f.name === n)?.value;
    const value = get("value");
    if (typeof value !== "number" || value < 0) return value === -1 ? "" : undefined;
    const offset = typeof get("offset") === "number" ? (get("offset") as number) : 0;
    const count = typeof get("count") === "number" ? (get("count") as number) : -1;
    const coder = get("coder");
    const arr = this.primitiveArray(value, offset + (count >= 0 ? Math.min(count, maxChars) : maxChars));
    if (!arr) return undefined;
    const b = arr.bytes;
    if (arr.type === BasicType.Char) {
      const start = Math.min(offset * 2, b.length);
      return utf16(b, start, b.length, false);
    }
    if (arr.type === BasicType.Byte) {
      if (coder === 1) return utf16(b, 0, b.length, true);
      return latin1(b, 0, b.length);
    }
    return undefined;
  }

  display(node: number, maxChars = 200): string | undefined {
    const cls = this.classOfNode.get(node);
    if (cls) return cls.name;
    const c = this.classOf(node);
    if (!c) return undefined;
    const clip = (s: string) => (s.length > maxChars ? s.slice(0, maxChars) + "…" : s);
    if (c.name === "java.lang.String") {
      const s = this.stringValue(node, maxChars + 1);
      return s === undefined ? undefined : `"${clip(s)}"`;
    }
    if (BOXED.has(c.name)) {
      const v = this.field(node, "value")?.value;
      if (v === undefined) return undefined;
      if (c.name === "java.lang.Character" && typeof v === "number") return `'${String.fromCharCode(v)}'`;
      return String(v);
    }
    for (let k: ClassInfo | undefined = c, g = 0; k && g < 64; k = k.superIdx >= 0 ? this.m.classes[k.superIdx] : undefined, g++) {
      if (k.name === "java.lang.Enum") {
        const nameRef = this.field(node, "Enum.name")?.value;
        if (typeof nameRef === "number" && nameRef >= 0) {
          const s = this.stringValue(nameRef, maxChars + 1);
          if (s !== undefined) return clip(s);
        }
        return undefined;
      }
    }
    return undefined;
  }
}
