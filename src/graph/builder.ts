import { Growable, sharedArray } from "./growable.ts";
import { HeapGraph, type TypeColumn, type InputInfo, type TypeTable, type ValueReader } from "./heap-graph.ts";
import { EdgeLabels, evens, LabelEncoder, odds, type EdgeLabelColumn } from "./edge-labels.ts";
import { INDEX_LABEL, type EdgeKind, type Lang, type NodeKind, type RootKind } from "./kinds.ts";
import { releaseMemory } from "../io/release.ts";
import { SpareBuffers } from "./spare-buffers.ts";
import { StringTable } from "./string-table.ts";

export interface TypeOptions {
  superType?: number;
  classNode?: number;
}

/**
 * Raw edge columns for a bulk writer. Labels go to `label` (32-bit) or, on a builder that keeps
 * label codes (useLabelCodes), to `codes` from a LabelEncoder whose lists go to commit; the other
 * accessor throws.
 */
export interface BulkEdges {
  start: number;
  to: Uint32Array;
  kind: Uint8Array;
  readonly label: Uint32Array;
  readonly codes: Uint16Array;
  commit(n: number, coded?: CodedLabels): void;
}

/** What a LabelEncoder collected for the codes of a bulk write (flat (edge, value) lists, edges ascending). */
export interface CodedLabels {
  escapes: ArrayLike<number>;
  steps: ArrayLike<number>;
}

/** Appends a flat (edge, value) list whose edges must come after those already in `to`. */
function appendPairs(to: number[], pairs: ArrayLike<number>, start: number): void {
  for (let k = 0; k < pairs.length; k += 2) {
    if (pairs[k] < start || (to.length > 0 && pairs[k] < to[to.length - 2])) throw new Error("label escapes or steps out of edge order");
    to.push(pairs[k], pairs[k + 1]);
  }
}

/**
 * Formats write nodes, edges and roots here; `freeze()` returns the immutable HeapGraph.
 * Edges may come in any order; when sources are non-decreasing (the usual case: edges written
 * while walking objects in ordinal order) CSR is built without a sort.
 */
export class GraphBuilder {
  // The columns the graph traversals read live on SharedArrayBuffers (see sharedArray).
  private kind = new Growable(Uint8Array, 1024, true);
  private type = new Growable(Uint32Array, 1024, true);
  // Float64 in general (Go and pprof sizes can pass 4 GiB); HPROF asks for Uint32 (compactShallow),
  // 4 bytes less per node, and it widens on the first size that does not fit.
  private shallow: Growable<Float64Array> | Growable<Uint32Array> = new Growable(Float64Array, 1024, true);
  private lang = new Growable(Uint8Array);
  // Float64 ids (addresses) in general; compactIds stores them as 32-bit slots of `idScale` bytes.
  // (on shared memory: once compacted, the Float64 buffer becomes a spare for shared scratch arrays)
  private ext: Growable<Float64Array> | Growable<Uint32Array> = new Growable(Float64Array, 1024, true);
  private idScale = 1;
  private count?: Growable<Float64Array>;

  private eFrom = new Growable(Uint32Array);
  private eTo = new Growable(Uint32Array, 1024, true);
  private eKind = new Growable(Uint8Array, 1024, true);
  // 32-bit labels in general; after useLabelCodes, 16-bit codes with their escapes and index steps.
  private eLabel: Growable<Uint32Array> | Growable<Uint16Array> = new Growable(Uint32Array, 1024, true);
  private encoder?: LabelEncoder;
  private edgesSorted = true;
  // Dropped columns' buffers, handed to the graph (spare-buffers.ts).
  private spares = new SpareBuffers();

  private rNode = new Growable(Uint32Array, 1024, true);
  private rKind = new Growable(Uint8Array, 1024, true);
  private rLabel = new Growable(Uint32Array);

  private typeNames: string[] = [];
  private typeLang = new Growable(Uint8Array);
  private typeSuper = new Growable(Int32Array);
  private typeClassNode = new Growable(Int32Array);
  private typeIndex = new Map<string, number>();

  readonly labels = new StringTable();
  readonly warnings: string[] = [];
  private inputs: InputInfo[] = [];
  private values: (ValueReader | undefined)[] = [];
  private open?: { info: Omit<InputInfo, "endNode" | "endRoot">; values?: ValueReader };

  get nodeCount(): number {
    return this.kind.length;
  }
  get edgeCount(): number {
    return this.eTo.length;
  }
  get rootCount(): number {
    return this.rNode.length;
  }

  /** Marks the start of one input's nodes and roots (call endInput when done). */
  beginInput(info: { file: string; format: string; language: "java" | "go"; process?: string; meta?: Record<string, unknown> }): void {
    if (this.open) throw new Error("beginInput called twice without endInput");
    this.open = {
      info: {
        file: info.file,
        format: info.format,
        language: info.language,
        process: info.process ?? info.file.replace(/^.*[\\/]/, ""),
        firstNode: this.nodeCount,
        firstRoot: this.rootCount,
        meta: info.meta ?? {},
      },
    };
  }

  /** Merges more facts into the open input's meta (e.g. once a trailer is parsed). */
  setMeta(key: string, value: unknown): void {
    if (!this.open) throw new Error("setMeta outside beginInput/endInput");
    this.open.info.meta[key] = value;
  }

  setValueReader(reader: ValueReader): void {
    if (!this.open) throw new Error("setValueReader outside beginInput/endInput");
    this.open.values = reader;
  }

  endInput(): InputInfo {
    if (!this.open) throw new Error("endInput without beginInput");
    const info: InputInfo = { ...this.open.info, endNode: this.nodeCount, endRoot: this.rootCount };
    this.inputs.push(info);
    this.values.push(this.open.values);
    this.open = undefined;
    return info;
  }

  reserveNodes(n: number): void {
    const t = this.nodeCount + n;
    this.kind.reserve(t);
    this.type.reserve(t);
    this.shallow.reserve(t);
    this.lang.reserve(t);
    this.ext.reserve(t);
  }

  reserveEdges(n: number): void {
    const t = this.edgeCount + n;
    this.eFrom.reserve(t);
    this.eTo.reserve(t);
    this.eKind.reserve(t);
    this.eLabel.reserve(t);
  }

  /** A new type (never deduplicated: two class loaders may define the same name). */
  addType(name: string, lang: Lang, opts: TypeOptions = {}): number {
    const t = this.typeNames.length;
    this.typeNames.push(name);
    this.typeLang.push(lang);
    this.typeSuper.push(opts.superType ?? -1);
    this.typeClassNode.push(opts.classNode ?? -1);
    if (!this.typeIndex.has(`${lang}:${name}`)) this.typeIndex.set(`${lang}:${name}`, t);
    return t;
  }

  /** The type with this name and language, created on first use (Go sites, synthetic types). */
  internType(name: string, lang: Lang): number {
    return this.typeIndex.get(`${lang}:${name}`) ?? this.addType(name, lang);
  }

  setTypeSuper(t: number, superType: number): void {
    this.typeSuper.data[t] = superType;
  }

  setTypeClassNode(t: number, node: number): void {
    this.typeClassNode.data[t] = node;
  }

  get typeCount(): number {
    return this.typeNames.length;
  }

  /**
   * Stores shallow sizes as Uint32 from here on (formats whose sizes are whole bytes below 4 GiB
   * almost always: HPROF). Only before the first node; a size that does not fit widens the column.
   */
  compactShallow(): void {
    if (this.nodeCount === 0 && this.shallow.data instanceof Float64Array) this.shallow = new Growable(Uint32Array, 1024, true);
  }

  /**
   * Makes the shallow column Float64 (a copy of its whole capacity, so bulk writes in progress keep
   * their data) and returns it; writers holding the old array must switch to this one.
   */
  widenShallow(): Float64Array {
    if (!(this.shallow.data instanceof Float64Array)) this.shallow = widened(this.shallow, 1, true);
    return this.shallow.data as Float64Array;
  }

  /**
   * Stores the external ids written so far as Uint32 slots (id / scale), 4 bytes less per node,
   * when every one is a multiple of `scale` below 2^32 · scale (HPROF: 8-byte aligned addresses
   * below 32 GiB). Later ids that do not fit widen the column back. Returns whether it did.
   */
  compactIds(scale: number): boolean {
    const old = this.ext;
    if (!(old.data instanceof Float64Array) || !(scale >= 1 && Number.isInteger(scale))) return false;
    const ids = old.data;
    const n = old.length;
    const compact = new Growable(Uint32Array, n);
    const slots = compact.data;
    for (let i = 0; i < n; i++) {
      const slot = ids[i] / scale;
      if (!fitsUint32(slot)) return false;
      slots[i] = slot;
    }
    compact.length = n;
    this.ext = compact;
    this.idScale = scale;
    this.spares.add(ids.buffer, 8 * n);
    return true;
  }

  /** The ids as a Float64 column again, for code that reads or writes raw ids; returns its data. */
  float64Ids(): Float64Array {
    if (!(this.ext.data instanceof Float64Array)) {
      this.ext = widened(this.ext, this.idScale, false);
      this.idScale = 1;
    }
    return this.ext.data as Float64Array;
  }

  addNode(kind: NodeKind, type: number, shallow: number, externalId: number, lang: Lang): number {
    const n = this.kind.length;
    this.kind.push(kind);
    this.type.push(type);
    if (!(this.shallow.data instanceof Float64Array || fitsUint32(shallow))) this.widenShallow();
    this.shallow.push(shallow);
    this.lang.push(lang);
    if (!(this.ext.data instanceof Float64Array || fitsUint32(externalId / this.idScale))) this.float64Ids();
    this.ext.push(externalId / this.idScale);
    if (this.count) this.count.push(1);
    return n;
  }

  /**
   * Live views of the node columns (valid until the next addNode). For formats that fix up types or
   * sizes after a pass (HPROF: classes dumped after their instances) and index ids in bulk.
   */
  nodeColumns(): { kind: Uint8Array; type: Uint32Array; shallow: Float64Array | Uint32Array; externalId: Float64Array | Uint32Array } {
    return { kind: this.kind.view(), type: this.type.view(), shallow: this.shallow.view(), externalId: this.ext.view() };
  }

  /**
   * Bulk node writing for fast loaders: reserves room for up to `max` more nodes and returns the raw
   * column arrays. Write node i at index `start + i`, then call `commit(n)` with the number written
   * (lang is filled by commit). No other addNode call may happen in between. The shallow column is
   * Float64 unless the caller passes `compactSizes`: then it may be Uint32, and the caller must call
   * widenShallow() (and write into its result) before a size that does not fit.
   */
  bulkNodes(max: number, lang: Lang, compactSizes = false): { start: number; kind: Uint8Array; type: Uint32Array; shallow: Float64Array | Uint32Array; externalId: Float64Array; commit(n: number): void } {
    if (!compactSizes) this.widenShallow();
    this.float64Ids();
    this.reserveNodes(max);
    const start = this.nodeCount;
    return {
      start,
      kind: this.kind.data,
      type: this.type.data,
      shallow: this.shallow.data,
      externalId: this.ext.data as Float64Array,
      commit: (n: number) => {
        if (this.nodeCount !== start || n > max) throw new Error("bulkNodes: nodes added concurrently or past the reservation");
        const end = start + n;
        this.lang.data.fill(lang, start, end);
        for (const g of [this.kind, this.type, this.shallow, this.lang, this.ext]) g.length = end;
        if (this.count) {
          this.count.reserve(end);
          this.count.data.fill(1, start, end);
          this.count.length = end;
        }
      },
    };
  }

  /**
   * Bulk edge writing: reserves room for up to `max` more edges and returns the raw arrays. Write
   * edge i at `start + i` with sources in non-decreasing order (after any existing edges), then call
   * `commit(n)`. No other addEdge call may happen in between.
   */
  bulkEdges(max: number): BulkEdges & { from: Uint32Array } {
    if (this.sourceCounts) this.materializeSources();
    this.reserveEdges(max);
    const start = this.edgeCount;
    const self = this;
    return {
      start,
      from: this.eFrom.data,
      to: this.eTo.data,
      kind: this.eKind.data,
      get label() {
        return self.label32();
      },
      get codes() {
        return self.codes16();
      },
      commit: (n: number, coded?: CodedLabels) => {
        if (this.edgeCount !== start || n > max) throw new Error("bulkEdges: edges added concurrently or past the reservation");
        const end = start + n;
        const from = this.eFrom.data;
        if (n > 0 && start > 0 && from[start] < from[start - 1]) this.edgesSorted = false;
        for (let e = start + 1; e < end && this.edgesSorted; e++) if (from[e] < from[e - 1]) this.edgesSorted = false;
        for (const g of [this.eFrom, this.eTo, this.eKind, this.eLabel]) g.length = end;
        this.addCodedLabels(start, coded);
      },
    };
  }

  /** Per-source edge counts of edges written through bulkEdgesBySource (index node + 1). */
  private sourceCounts?: Uint32Array;

  /** Turns per-source counts back into the source column (more edges are coming another way). */
  private materializeSources(): void {
    const counts = this.sourceCounts!;
    this.sourceCounts = undefined;
    const m = this.eTo.length;
    this.eFrom.reserve(m);
    const from = this.eFrom.data;
    let e = 0;
    for (let v = 0; v + 1 < counts.length; v++) for (let k = counts[v + 1]; k > 0; k--) from[e++] = v;
    this.eFrom.length = m;
  }

  /**
   * Like bulkEdges, without a per-edge source column (4 bytes less per edge): for a builder with no
   * edges yet, whose caller writes edges grouped by source in ascending node order. For each edge
   * written at `start + i`, add 1 to `counts[source + 1]`. Nodes must all exist before this call.
   * Edges added later by addEdge/bulkEdges first rebuild the source column (so only a builder
   * whose edges all come this way saves the memory).
   */
  bulkEdgesBySource(max: number): BulkEdges & { counts: Uint32Array } {
    if (this.edgeCount !== 0 || this.sourceCounts) throw new Error("bulkEdgesBySource needs a builder without edges");
    this.eTo.reserve(max);
    this.eKind.reserve(max);
    this.eLabel.reserve(max);
    const counts = sharedArray(Uint32Array, this.nodeCount + 1);
    const self = this;
    return {
      start: 0,
      to: this.eTo.data,
      kind: this.eKind.data,
      get label() {
        return self.label32();
      },
      get codes() {
        return self.codes16();
      },
      counts,
      commit: (n: number, coded?: CodedLabels) => {
        if (n > max) throw new Error("bulkEdgesBySource: past the reservation");
        for (const g of [this.eTo, this.eKind, this.eLabel]) g.length = n;
        this.addCodedLabels(0, coded);
        this.sourceCounts = counts;
      },
    };
  }

  setShallow(node: number, bytes: number): void {
    if (!(this.shallow.data instanceof Float64Array || fitsUint32(bytes))) this.widenShallow();
    this.shallow.data[node] = bytes;
  }

  /** How many real objects a node stands for (pprof allocation sites). */
  setCount(node: number, objects: number): void {
    this.countColumn()[node] = objects;
  }

  /**
   * The writable object-count column for every node added so far (created as 1 each on first use),
   * for bulk writers; valid until the next addNode or bulkNodes.
   */
  countColumn(): Float64Array {
    if (!this.count) {
      this.count = new Growable(Float64Array, Math.max(16, this.kind.data.length), true);
      this.count.reserve(this.kind.length);
      this.count.data.fill(1, 0, this.kind.length);
      this.count.length = this.kind.length;
    }
    return this.count.data;
  }

  addEdge(from: number, to: number, kind: EdgeKind, label: number): void {
    if (this.sourceCounts) this.materializeSources();
    const n = this.eFrom.length;
    if (n > 0 && from < this.eFrom.data[n - 1]) this.edgesSorted = false;
    this.eFrom.push(from);
    this.eTo.push(to);
    this.eKind.push(kind);
    this.pushLabel(label);
  }

  /**
   * Keeps edge labels as 16-bit codes from now on (edge-labels.ts): 2 bytes less per edge. Bulk
   * writers then fill `codes` and pass the labels they escaped to `commit`. HPROF asks for it.
   */
  useLabelCodes(): void {
    if (this.encoder) return;
    const old = (this.eLabel as Growable<Uint32Array>).view();
    this.eLabel = new Growable(Uint16Array, Math.max(1024, old.length), true);
    this.encoder = new LabelEncoder();
    for (let e = 0; e < old.length; e++) this.pushLabel(old[e]);
  }

  private pushLabel(label: number): void {
    if (this.encoder) this.eLabel.push(this.encoder.code(this.eLabel.length, label));
    else (this.eLabel as Growable<Uint32Array>).push(label);
  }

  /** The 32-bit label column of a builder without label codes (bulk writers). */
  private label32(): Uint32Array {
    if (this.encoder) throw new Error("this builder keeps label codes: write `codes`");
    return (this.eLabel as Growable<Uint32Array>).data;
  }

  private codes16(): Uint16Array {
    if (!this.encoder) throw new Error("this builder keeps 32-bit labels: write `label`");
    return (this.eLabel as Growable<Uint16Array>).data;
  }

  /**
   * A bulk write's escapes and index steps (LabelEncoder lists from `start` on, finished). The
   * encoder's own run ends at `start` first: the bulk codes start from high bits 0.
   */
  private addCodedLabels(start: number, coded: CodedLabels | undefined): void {
    const enc = this.encoder;
    if (!enc) {
      if (coded && (coded.escapes.length > 0 || coded.steps.length > 0)) throw new Error("label escapes for a builder without label codes");
      return;
    }
    enc.finish(start);
    if (!coded) return;
    const steps = coded.steps;
    if (steps.length > 0 && steps[steps.length - 1] !== 0) throw new Error("label steps of a bulk write must be finished (end at high bits 0)");
    appendPairs(enc.escapes, coded.escapes, start);
    appendPairs(enc.steps, steps, start);
  }

  /** The label column as HeapGraph takes it (views, no copy). */
  private labelColumn(): Uint32Array | EdgeLabelColumn {
    const enc = this.encoder;
    if (!enc) return (this.eLabel as Growable<Uint32Array>).view();
    return { codes: (this.eLabel as Growable<Uint16Array>).view(), escapedEdge: evens(enc.escapes), escapedLabel: odds(enc.escapes), stepEdge: evens(enc.steps), stepHigh: odds(enc.steps) };
  }

  /** Label for an array slot. */
  static indexLabel(i: number): number {
    return (INDEX_LABEL | (i & 0x7fffffff)) >>> 0;
  }

  addRoot(node: number, kind: RootKind, label: number): void {
    this.rNode.push(node);
    this.rKind.push(kind);
    this.rLabel.push(label);
  }

  /**
   * The node → type column for the graph: 16 bits (2 bytes less per node) when the type table has
   * at most 65536 entries, as it has in almost every dump. The builder's 32-bit column is dropped.
   */
  private typeColumn(): TypeColumn {
    const wide = this.type.view();
    if (this.typeNames.length > 0x10000) return wide;
    const narrow = sharedArray(Uint16Array, wide.length);
    narrow.set(wide);
    this.type = new Growable(Uint32Array, 16, true);
    this.spares.add(wide.buffer, wide.byteLength);
    return narrow;
  }

  freeze(): HeapGraph {
    if (this.open) throw new Error("freeze with an input still open");
    const n = this.nodeCount;
    const m = this.edgeCount;
    const from = this.eFrom.view();
    let edgeStart: Uint32Array;
    if (this.sourceCounts) {
      // Edges came grouped by source with per-source counts (bulkEdgesBySource).
      edgeStart = this.sourceCounts.length === n + 1 ? this.sourceCounts : sharedArray(Uint32Array, n + 1);
      if (edgeStart !== this.sourceCounts) edgeStart.set(this.sourceCounts.subarray(0, Math.min(n + 1, this.sourceCounts.length)));
      this.sourceCounts = undefined;
    } else {
      edgeStart = sharedArray(Uint32Array, n + 1);
      for (let e = 0; e < m; e++) edgeStart[from[e] + 1]++;
    }
    for (let i = 0; i < n; i++) edgeStart[i + 1] += edgeStart[i];
    let edgeTo: Uint32Array, edgeKind: Uint8Array, edgeLabel: Uint32Array | EdgeLabelColumn;
    if (this.edgesSorted) {
      edgeTo = this.eTo.view();
      edgeKind = this.eKind.view();
      edgeLabel = this.labelColumn();
    } else {
      // Stable counting sort by source.
      edgeTo = sharedArray(Uint32Array, m);
      edgeKind = sharedArray(Uint8Array, m);
      const sorted = sharedArray(Uint32Array, m);
      const fill = edgeStart.slice(0, n);
      const to = this.eTo.data, k = this.eKind.data;
      const col = this.labelColumn();
      const l = col instanceof Uint32Array ? col : new EdgeLabels(col).toUint32();
      for (let e = 0; e < m; e++) {
        const s = fill[from[e]]++;
        edgeTo[s] = to[e];
        edgeKind[s] = k[e];
        sorted[s] = l[e];
      }
      edgeLabel = sorted;
    }
    const types: TypeTable = {
      names: this.typeNames,
      lang: this.typeLang.view(),
      superType: this.typeSuper.view(),
      classNode: this.typeClassNode.view(),
    };
    // 32-bit labels the graph compacts in its constructor are returned to the system below, not at
    // some later collection on top of the dominators' arrays; a narrowed type column becomes a spare.
    const wideLabels = this.eLabel.data;
    const graph = new HeapGraph({
      kind: this.kind.view(),
      type: this.typeColumn(),
      shallow: this.shallow.view(),
      lang: this.lang.view(),
      externalId: this.ext.view(),
      idScale: this.idScale,
      count: this.count?.view(),
      edgeStart,
      edgeTo,
      edgeKind,
      edgeLabel,
      rootNode: this.rNode.view(),
      rootKind: this.rKind.view(),
      rootLabel: this.rLabel.view(),
      types,
      labels: this.labels.strings,
      inputs: this.inputs,
      warnings: this.warnings,
      values: this.values,
      spares: this.spares,
    });
    this.spares = new SpareBuffers();
    for (const r of this.values) r?.useGraphColumns?.(graph);
    if (graph.edgeLabels.column().codes.buffer !== wideLabels.buffer) {
      this.eLabel = new Growable(Uint32Array, 16, true);
      releaseMemory(wideLabels.byteLength);
    }
    return graph;
  }
}

/** True for integers 0..2^32-1: a value a Uint32 column keeps exactly. */
function fitsUint32(x: number): boolean {
  return x >>> 0 === x;
}

/** A Float64 copy of a Uint32 column's whole capacity, each value times `scale`. */
function widened(g: Growable<Float64Array> | Growable<Uint32Array>, scale: number, shared: boolean): Growable<Float64Array> {
  const wide = new Growable(Float64Array, g.data.length, shared);
  const from = g.data;
  const to = wide.data;
  if (scale === 1) to.set(from);
  else for (let i = 0; i < from.length; i++) to[i] = from[i] * scale;
  wide.length = g.length;
  return wide;
}
