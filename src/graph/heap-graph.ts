import { EdgeLabels, type EdgeLabelColumn } from "./edge-labels.ts";
import { INDEX_LABEL, INDEX_MASK, LANG_NAMES, NodeKind } from "./kinds.ts";
import { SpareBuffers } from "./spare-buffers.ts";

/** One loaded input (a dump or profile) and the ordinal ranges it owns in the graph. */
export interface InputInfo {
  file: string;
  /** "hprof" | "pprof" | "pprof-text" | "goref" | "godump" */
  format: string;
  language: "java" | "go";
  /** Process name (hybrid audits); defaults to the file's base name. */
  process: string;
  firstNode: number;
  endNode: number;
  firstRoot: number;
  endRoot: number;
  /** Format-specific facts worth reporting (e.g. Go runtime.MemStats, HPROF version, sample types). */
  meta: Record<string, unknown>;
}

export interface TypeTable {
  names: string[];
  lang: Uint8Array;
  /** Supertype index or -1 (Java class hierarchy). */
  superType: Int32Array;
  /** Node ordinal of the class object (Java) or -1. */
  classNode: Int32Array;
}

/** A field as read from the dump by a format's ValueReader. */
export interface FieldEntry {
  /** Declaring type's display name. */
  declaringType: string;
  name: string;
  /** "object" | "boolean" | "char" | "float" | "double" | "byte" | "short" | "int" | "long" */
  type: string;
  /** References: node ordinal, -1 for null, -2 for an id that was not in the dump. Primitives: the value. */
  value: number | bigint | boolean;
}

/**
 * Access to field values that are not edges (sizes, hashes, string contents). Implemented by a
 * format, used by analysis and detectors through this interface only (analysis never imports formats).
 */
export interface ValueReader {
  /** A field by name: "size" finds the most-derived declaration, "Reference.next" / "java.lang.ref.Reference.next" a specific one. */
  field(node: number, name: string): FieldEntry | undefined;
  /** All instance fields, most-derived class first. */
  fields(node: number): FieldEntry[];
  /** Static fields of a class node. */
  statics(classNode: number): FieldEntry[];
  /** Short display text: string contents (quoted), boxed primitives, enum names; undefined when nothing useful. */
  display(node: number, maxChars?: number): string | undefined;
  /** Element count of an array node, or -1. */
  arrayLength(node: number): number;
  /** Called once the builder has made the graph: a reader that kept the builder's columns switches to the graph's (which may be narrower copies). */
  useGraphColumns?(graph: HeapGraph): void;
}

/** Node → type index: 16 bits when the type table fits (GraphBuilder decides), else 32. */
export type TypeColumn = Uint16Array | Uint32Array;

export interface HeapGraphParts {
  kind: Uint8Array;
  type: TypeColumn;
  shallow: Float64Array | Uint32Array;
  lang: Uint8Array;
  /** Ids as stored: multiply by idScale for the id (HPROF keeps 32-bit slots of aligned addresses). */
  externalId: Float64Array | Uint32Array;
  idScale?: number;
  /** Objects a node stands for (pprof sites aggregate many); undefined means 1 each. */
  count?: Float64Array;
  edgeStart: Uint32Array;
  edgeTo: Uint32Array;
  edgeKind: Uint8Array;
  /** 32-bit labels (compacted by the constructor; the caller drops them) or an EdgeLabels column. */
  edgeLabel: Uint32Array | EdgeLabelColumn;
  rootNode: Uint32Array;
  rootKind: Uint8Array;
  rootLabel: Uint32Array;
  types: TypeTable;
  labels: string[];
  inputs: InputInfo[];
  warnings: string[];
  values?: (ValueReader | undefined)[];
  spares?: SpareBuffers;
}

/**
 * The immutable common object graph: flat typed columns, CSR edges, typed roots.
 * Node ordinals are dense 0..nodeCount-1; `superRoot` (= nodeCount) is virtual and reaches every root.
 */
export class HeapGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly rootCount: number;
  readonly kind: Uint8Array;
  readonly type: TypeColumn;
  readonly shallow: Float64Array | Uint32Array;
  readonly lang: Uint8Array;
  /** Ids as stored; graph.idOf(v) is the id (externalId[v] · idScale). */
  readonly externalId: Float64Array | Uint32Array;
  readonly idScale: number;
  readonly count: Float64Array | undefined;
  /** The builder's dropped column buffers, for the first analysis's scratch arrays (spare-buffers.ts). */
  readonly spares: SpareBuffers;
  readonly edgeStart: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly edgeKind: Uint8Array;
  /** Per-edge labels; `labelOf(e)` reads one. */
  readonly edgeLabels: EdgeLabels;
  readonly rootNode: Uint32Array;
  readonly rootKind: Uint8Array;
  readonly rootLabel: Uint32Array;
  readonly types: TypeTable;
  readonly labels: string[];
  readonly inputs: InputInfo[];
  readonly warnings: string[];
  /** One ValueReader per input (same order as inputs), or undefined where the format has none. */
  readonly valueReaders: (ValueReader | undefined)[];

  private reverseIndex?: { start: Uint32Array; from: Uint32Array; edge: Uint32Array };
  private kindsPresent = -1;
  private idIndex?: { ids: Float64Array; ordinals: Uint32Array };

  constructor(p: HeapGraphParts) {
    this.kind = p.kind;
    this.type = p.type;
    this.shallow = p.shallow;
    this.lang = p.lang;
    this.externalId = p.externalId;
    this.idScale = p.idScale ?? 1;
    this.count = p.count;
    this.edgeStart = p.edgeStart;
    this.edgeTo = p.edgeTo;
    this.edgeKind = p.edgeKind;
    this.edgeLabels = p.edgeLabel instanceof Uint32Array ? EdgeLabels.of(p.edgeLabel) : new EdgeLabels(p.edgeLabel);
    this.rootNode = p.rootNode;
    this.rootKind = p.rootKind;
    this.rootLabel = p.rootLabel;
    this.types = p.types;
    this.labels = p.labels;
    this.inputs = p.inputs;
    this.warnings = p.warnings;
    this.valueReaders = p.values ?? p.inputs.map(() => undefined);
    this.spares = p.spares ?? new SpareBuffers();
    this.nodeCount = p.kind.length;
    this.edgeCount = p.edgeTo.length;
    this.rootCount = p.rootNode.length;
  }

  get superRoot(): number {
    return this.nodeCount;
  }

  /** Bit k set when some edge has EdgeKind k (one pass on first use): traversals whose mask passes every kind present skip the per-edge kind check. */
  edgeKinds(): number {
    if (this.kindsPresent < 0) {
      const seen = new Uint8Array(256);
      const k = this.edgeKind;
      for (let e = 0; e < k.length; e++) seen[k[e]] = 1;
      let bits = 0;
      for (let i = 0; i < 32; i++) if (seen[i]) bits |= 1 << i;
      this.kindsPresent = bits;
    }
    return this.kindsPresent;
  }

  /** True when `mask` (indexed by EdgeKind) passes every kind of edge this graph has. */
  maskPassesAll(mask: Uint8Array): boolean {
    const bits = this.edgeKinds();
    for (let i = 0; i < 32; i++) if (bits & (1 << i) && !mask[i]) return false;
    return true;
  }

  typeName(node: number): string {
    return this.types.names[this.type[node]] ?? "?";
  }

  /** Display name: the type, or "class X" for a class object. */
  nodeName(node: number): string {
    if (node === this.nodeCount) return "GC roots";
    const t = this.typeName(node);
    return this.kind[node] === NodeKind.Class ? `class ${t}` : t;
  }

  langName(node: number): string {
    return LANG_NAMES[this.lang[node]] ?? "?";
  }

  objectCount(node: number): number {
    return this.count ? this.count[node] : 1;
  }

  /** An edge's label: a label-table entry, or INDEX_LABEL | i for array slot i. */
  labelOf(edge: number): number {
    return this.edgeLabels.get(edge);
  }

  /** Field name, "[i]" for array slots, or a map-key label. */
  edgeLabelText(edge: number): string {
    const l = this.edgeLabels.get(edge);
    if (l & INDEX_LABEL) return `[${l & INDEX_MASK}]`;
    return this.labels[l] ?? "";
  }

  rootLabelText(root: number): string {
    return this.labels[this.rootLabel[root]] ?? "";
  }

  /** `0x…` form of a node's external id (address), as used in selectors and JSON. */
  hexId(node: number): string {
    if (node === this.nodeCount) return "0x0";
    return "0x" + this.idOf(node).toString(16);
  }

  /** A node's external id (address). */
  idOf(node: number): number {
    return this.externalId[node] * this.idScale;
  }

  /** The input that owns a node. */
  inputOf(node: number): InputInfo | undefined {
    for (const inp of this.inputs) if (node >= inp.firstNode && node < inp.endNode) return inp;
    return undefined;
  }

  inputIndexOf(node: number): number {
    for (let i = 0; i < this.inputs.length; i++) if (node >= this.inputs[i].firstNode && node < this.inputs[i].endNode) return i;
    return -1;
  }

  values(node: number): ValueReader | undefined {
    const i = this.inputIndexOf(node);
    return i < 0 ? undefined : this.valueReaders[i];
  }

  /** Reverse edges (retainers) in CSR form, built on first use: count, prefix-sum, fill. */
  retainers(): { start: Uint32Array; from: Uint32Array; edge: Uint32Array } {
    if (this.reverseIndex) return this.reverseIndex;
    const n = this.nodeCount;
    const start = new Uint32Array(n + 1);
    const to = this.edgeTo;
    for (let e = 0; e < to.length; e++) start[to[e] + 1]++;
    for (let i = 0; i < n; i++) start[i + 1] += start[i];
    const fill = start.slice(0, n);
    const from = new Uint32Array(to.length);
    const edge = new Uint32Array(to.length);
    const es = this.edgeStart;
    for (let v = 0; v < n; v++) {
      for (let e = es[v], end = es[v + 1]; e < end; e++) {
        const slot = fill[to[e]]++;
        from[slot] = v;
        edge[slot] = e;
      }
    }
    this.reverseIndex = { start, from, edge };
    return this.reverseIndex;
  }

  /** Ordinal for an external id (address), or -1. Sorted index built on first use. */
  findByExternalId(id: number, inputIndex = -1): number {
    if (!this.idIndex) {
      const n = this.nodeCount;
      const ordinals = new Uint32Array(n);
      for (let i = 0; i < n; i++) ordinals[i] = i;
      const ext = this.externalId;
      ordinals.sort((a, b) => ext[a] - ext[b]);
      const ids = new Float64Array(n);
      for (let i = 0; i < n; i++) ids[i] = ext[ordinals[i]] * this.idScale;
      this.idIndex = { ids, ordinals };
    }
    const { ids, ordinals } = this.idIndex;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid + 1;
      else if (ids[mid] > id) hi = mid - 1;
      else {
        let k = mid;
        while (k > 0 && ids[k - 1] === id) k--;
        for (; k < ids.length && ids[k] === id; k++) {
          const o = ordinals[k];
          if (inputIndex < 0 || this.inputIndexOf(o) === inputIndex) return o;
        }
        return -1;
      }
    }
    return -1;
  }

  /** Type indices whose name equals `name` (several class loaders may define one name). */
  typesNamed(name: string): number[] {
    const out: number[] = [];
    const names = this.types.names;
    for (let t = 0; t < names.length; t++) if (names[t] === name) out.push(t);
    return out;
  }

  /** True when type t is `ancestor` or inherits from it. */
  isSubtype(t: number, ancestor: number): boolean {
    for (let guard = 0; t >= 0 && guard < 4096; guard++) {
      if (t === ancestor) return true;
      t = this.types.superType[t];
    }
    return false;
  }
}
