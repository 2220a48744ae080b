import type { GraphBuilder } from "../../graph/builder.ts";
import { LabelEncoder } from "../../graph/edge-labels.ts";
import { Growable } from "../../graph/growable.ts";
import { EdgeKind, Lang, NodeKind } from "../../graph/kinds.ts";
import { InputError } from "../../io/errors.ts";
import { PRIM_SIZE, Sub, SUB_TAG_NAMES, valueSize } from "./constants.ts";
import { ClassIdHash, classObjectShallow, type ClassInfo } from "./classes.ts";
import type { IdIndex } from "./id-index.ts";
import type { SizeModel } from "./shallow-size.ts";
import { hex, readBasicValue, readId, Window } from "./window.ts";

/** Every CHECKPOINT_STRIDE-th node's record offset is kept so values can be re-read lazily. */
export const CHECKPOINT_SHIFT = 5;

/** Placeholder type of a primitive array until the "[I"-style classes are known: base + element type. */
export const PRIM_PLACEHOLDER = 0xffffff00;

/** Fixed body size (after the tag byte) of every sub-record that is not variable-length; -1 otherwise. */
export function fixedSubRecordSizes(I: number): Int32Array {
  const t = new Int32Array(256).fill(-1);
  t[Sub.RootUnknown] = I;
  t[Sub.RootJniGlobal] = 2 * I;
  t[Sub.RootJniLocal] = I + 8;
  t[Sub.RootJavaFrame] = I + 8;
  t[Sub.RootNativeStack] = I + 4;
  t[Sub.RootStickyClass] = I;
  t[Sub.RootThreadBlock] = I + 4;
  t[Sub.RootMonitorUsed] = I;
  t[Sub.RootThreadObject] = I + 8;
  for (const k of [Sub.RootInternedString, Sub.RootFinalizing, Sub.RootDebugger, Sub.RootReferenceCleanup, Sub.RootVmInternal, Sub.RootUnreachable]) t[k] = I;
  t[Sub.RootJniMonitor] = I + 8;
  t[Sub.HeapDumpInfo] = 4 + I;
  t[Sub.PrimArrayNoData] = I + 9;
  return t;
}

/** Thrown inside the sub-record walk when a record does not fit in its heap dump body. */
class Cut {
  constructor(readonly pos: number, readonly tag: number, readonly need: number) {}
}

export interface HeapState {
  file: string;
  idSize: number;
  model: SizeModel;
  builder: GraphBuilder;
  firstNode: number;
  typeBase: number;
  starts: number[];
  ends: number[];
  /** Index of the range that was cut by EOF (-1 when none). */
  truncatedRange: number;
  classNames: (classId: number) => { internal: string; display: string } | undefined;
  /** UTF8 record text by string id ("" when missing). */
  str: (sid: number) => string;
  warn: (m: string) => void;
  tick: (pos: number) => void;
}

export interface Pass1Result {
  classes: ClassInfo[];
  classHash: ClassIdHash;
  ckPos: Float64Array;
  ckRange: Uint32Array;
  /** Ranges clamped to the last complete sub-record. */
  starts: number[];
  ends: number[];
  nodeCount: number;
  pendingOrdinals: Uint32Array;
  pendingClassIds: Float64Array;
  /**
   * False in the usual case (every CLASS_DUMP before the first object, HotSpot's order): types,
   * sizes and edgeBound are final. True when classes came late or primitive-array classes are
   * missing: the loader then fixes types and sizes in a pass over the nodes.
   */
  needFixup: boolean;
  /** Upper bound on pass-2 edges (valid when !needFixup). */
  edgeBound: number;
  objArraySlots: number;
  roots: { tag: Uint8Array; id: Float64Array; thread: Uint32Array; frame: Int32Array };
  subCounts: Record<string, number>;
  /**
   * Per range (kept ranges only): the node ordinal (relative), class count and pass-2 edge bound
   * (valid when !needFixup) at its start, so pass 2 can start at any range (a second thread).
   */
  rangeNode: number[];
  rangeClass: number[];
  rangeEdges: number[];
  /** True when object (non-class) records came in ascending id order (serial HotSpot dumps). */
  idsAscending: boolean;
  truncatedAt: number;
}

/** What pass 1 needs from the class model once all leading CLASS_DUMPs are read. */
export interface ClassSizes {
  /** Shallow size per class index. */
  instShallow: Float64Array;
  /** Pass-2 edge bound per instance of each class (reference fields + the class edge). */
  instEdges: Float64Array;
  /** Type per primitive element type (4..11), -1 when the dump has no such array class. */
  primType: Int32Array;
}

const MAX_SAFE = 9007199254740992;

/**
 * Pass 1: nodes (ordinal = file order), class dumps, roots, checkpoints. No edges. Nodes are
 * written straight into the builder's columns (bulkNodes); `sizes` is called at the first object
 * record to get per-class sizes, so the usual file needs no second look at its nodes.
 */
export function pass1(st: HeapState, w: Window, sizes: (classes: ClassInfo[], hash: ClassIdHash) => ClassSizes): Pass1Result {
  const { builder, file, model } = st;
  const I = st.idSize;
  const id8 = I === 8;
  const fixed = fixedSubRecordSizes(I);
  const classes: ClassInfo[] = [];
  const classHash = new ClassIdHash();
  const ckPos = new Growable(Float64Array);
  const ckRange = new Growable(Uint32Array);
  const pendOrd = new Growable(Uint32Array, 16);
  const pendCls = new Growable(Float64Array, 16);
  const rTag = new Growable(Uint8Array);
  const rId = new Growable(Float64Array);
  const rThread = new Growable(Uint32Array);
  const rFrame = new Growable(Int32Array);
  const counts = new Float64Array(256);
  const starts = st.starts.slice();
  const ends = st.ends.slice();
  let heapBytes = 0;
  for (let r = 0; r < starts.length; r++) heapBytes += ends[r] - starts[r];
  // Every node record takes at least 10 + idSize bytes: an exact bound on the node count.
  const maxNodes = Math.floor(heapBytes / (10 + I)) + 1;
  const nb = builder.bulkNodes(maxNodes, Lang.Java, true);
  const K = nb.kind;
  const TY = nb.type;
  // Uint32 until an array of 4 GiB or more turns up; then Float64 (widenShallow copies what is written).
  let SH = nb.shallow;
  const EX = nb.externalId;
  const base = nb.start;
  let k = 0;
  let cs: ClassSizes | undefined;
  let instShallow: Float64Array = new Float64Array(0);
  let instEdges: Float64Array = new Float64Array(0);
  let primType: Int32Array = new Int32Array(12).fill(-1);
  let frozenClasses = 0;
  let needFixup = false;
  let edgeBound = 0;
  let objArraySlots = 0;
  let lastId = -1;
  let ascending = true;
  let truncatedAt = -1;
  let prevTag = -1;
  let prevPos = -1;
  let nextTick = 0;
  const STRIDE_MASK = (1 << CHECKPOINT_SHIFT) - 1;
  // Inline size arithmetic (hot): array start per element type, reference size, alignment.
  const primStart = new Float64Array(12);
  // Same arithmetic as shallow-size.ts primitiveArrayShallow / objectArrayShallow.
  for (let t = 4; t < 12; t++) primStart[t] = PRIM_SIZE[t] === 8 ? Math.ceil(model.arrayHeader / 8) * 8 : model.arrayHeader;
  const align = model.align;
  const refBytes = model.ref;
  const arrayHeader = model.arrayHeader;
  let lastClassId = -1;
  let lastCi = -1;
  const rangeNode: number[] = [];
  const rangeClass: number[] = [];
  const rangeEdges: number[] = [];

  rangeLoop: for (let r = 0; r < starts.length; r++) {
    let pos = starts[r];
    const end = ends[r];
    rangeNode.push(k);
    rangeClass.push(classes.length);
    rangeEdges.push(edgeBound);
    try {
      while (pos < end) {
        const avail = end - pos;
        const o = w.at(pos, avail < 256 ? avail : 256);
        const buf = w.buf;
        const dv = w.view;
        const tag = buf[o];
        counts[tag]++;
        if (tag === Sub.InstanceDump || tag === Sub.ObjArrayDump || tag === Sub.PrimArrayDump || tag === Sub.PrimArrayNoData) {
          if (cs === undefined) {
            cs = sizes(classes, classHash);
            instShallow = cs.instShallow;
            instEdges = cs.instEdges;
            primType = cs.primType;
            frozenClasses = classes.length;
          }
          const id = id8 ? dv.getUint32(o + 1) * 4294967296 + dv.getUint32(o + 5) : readId(dv, o + 1, I);
          if (id >= MAX_SAFE) throw new InputError(file, pos, `object id ${id.toString(16)} is 2^53 or more; this reader needs ids below 2^53`);
          if (id <= lastId) ascending = false;
          lastId = id;
          if (k === maxNodes) throw new InputError(file, pos, "more node records than the heap dump's size allows");
          EX[base + k] = id;
          if ((k & STRIDE_MASK) === 0) {
            ckPos.push(pos);
            ckRange.push(r);
          }
          if (tag === Sub.InstanceDump) {
            const hdr = 9 + 2 * I;
            if (hdr > avail) throw new Cut(pos, tag, hdr);
            const total = hdr + dv.getUint32(o + 5 + 2 * I);
            if (total > avail) throw new Cut(pos, tag, total);
            const classId = id8 ? dv.getUint32(o + 13) * 4294967296 + dv.getUint32(o + 17) : readId(dv, o + 5 + I, I);
            let ci = lastCi;
            if (classId !== lastClassId) {
              ci = classHash.get(classId);
              lastClassId = classId;
              lastCi = ci;
            }
            K[base + k] = NodeKind.Instance;
            if (ci >= 0 && ci < frozenClasses) {
              TY[base + k] = st.typeBase + ci;
              SH[base + k] = instShallow[ci];
              edgeBound += instEdges[ci];
            } else {
              pendOrd.push(base + k);
              pendCls.push(classId);
              needFixup = true;
            }
            pos += total;
          } else if (tag === Sub.ObjArrayDump) {
            const hdr = 9 + 2 * I;
            if (hdr > avail) throw new Cut(pos, tag, hdr);
            const len = dv.getUint32(o + 5 + I);
            const total = hdr + len * I;
            if (total > avail) throw new Cut(pos, tag, total);
            const classId = readId(dv, o + 9 + I, I);
            const ci = classHash.get(classId);
            K[base + k] = NodeKind.ObjectArray;
            const bytes = Math.ceil((arrayHeader + len * refBytes) / align) * align;
            if (bytes > 0xffffffff) SH = builder.widenShallow();
            SH[base + k] = bytes;
            if (ci >= 0) TY[base + k] = st.typeBase + ci;
            else {
              pendOrd.push(base + k);
              pendCls.push(classId);
            }
            objArraySlots += len;
            edgeBound += len + 1;
            pos += total;
          } else {
            const hdr = 10 + I;
            if (hdr > avail) throw new Cut(pos, tag, hdr);
            const len = dv.getUint32(o + 5 + I);
            const et = buf[o + 9 + I];
            const es = et < PRIM_SIZE.length ? PRIM_SIZE[et] : 0;
            if (es === 0) throw new InputError(file, pos + 9 + I, `primitive array element type ${et}; expected a basic type 4..11`);
            const total = tag === Sub.PrimArrayDump ? hdr + len * es : hdr;
            if (total > avail) throw new Cut(pos, tag, total);
            K[base + k] = NodeKind.PrimitiveArray;
            const bytes = Math.ceil((primStart[et] + len * es) / align) * align;
            if (bytes > 0xffffffff) SH = builder.widenShallow();
            SH[base + k] = bytes;
            const pt = primType[et];
            if (pt >= 0) TY[base + k] = pt;
            else {
              TY[base + k] = PRIM_PLACEHOLDER + et;
              needFixup = true;
            }
            pos += total;
          }
          k++;
        } else if (tag === Sub.ClassDump) {
          const c = readClassDump(st, w, pos, end);
          const idx = classes.length;
          if (c.id >= MAX_SAFE) throw new InputError(file, pos, `class id ${c.id.toString(16)} is 2^53 or more; this reader needs ids below 2^53`);
          if (k === maxNodes) throw new InputError(file, pos, "more node records than the heap dump's size allows");
          c.recordPos = pos;
          c.node = base + k;
          c.type = builder.addType(c.name, Lang.Java, { classNode: c.node });
          if (c.type !== st.typeBase + idx) throw new Error("HPROF reader: type table out of step with classes");
          K[base + k] = NodeKind.Class;
          TY[base + k] = c.type;
          SH[base + k] = classObjectShallow(model, c.staticTypes);
          EX[base + k] = c.id;
          if ((k & STRIDE_MASK) === 0) {
            ckPos.push(pos);
            ckRange.push(r);
          }
          k++;
          classes.push(c);
          if (!classHash.add(c.id, idx)) st.warn(`duplicate CLASS_DUMP for ${hex(c.id)} (${c.name}) at byte ${pos}`);
          if (cs !== undefined) needFixup = true;
          edgeBound += c.staticTypes.length + 2;
          pos += c.recordLength;
        } else {
          const f = fixed[tag];
          if (f < 0) {
            const prev = prevTag < 0 ? "none (first sub-record of the body)" : `0x${prevTag.toString(16)} ${SUB_TAG_NAMES[prevTag] ?? ""} at byte ${prevPos}`;
            throw new InputError(file, pos, `unknown heap dump sub-record tag 0x${tag.toString(16).padStart(2, "0")}; previous sub-record: ${prev}`);
          }
          if (1 + f > avail) throw new Cut(pos, tag, 1 + f);
          if (tag !== Sub.HeapDumpInfo) {
            rTag.push(tag);
            rId.push(readId(dv, o + 1, I));
            const hasThread = tag === Sub.RootJniLocal || tag === Sub.RootJavaFrame || tag === Sub.RootNativeStack || tag === Sub.RootThreadBlock || tag === Sub.RootThreadObject || tag === Sub.RootJniMonitor;
            rThread.push(hasThread ? dv.getUint32(o + 1 + I) : 0);
            rFrame.push(tag === Sub.RootJniLocal || tag === Sub.RootJavaFrame || tag === Sub.RootThreadObject || tag === Sub.RootJniMonitor ? dv.getInt32(o + 5 + I) : -1);
          }
          pos += 1 + f;
        }
        prevTag = tag;
        prevPos = pos;
        if (pos >= nextTick) {
          nextTick = pos + 8 * 1024 * 1024;
          st.tick(pos);
        }
      }
    } catch (e) {
      if (!(e instanceof Cut)) {
        nb.commit(k);
        throw e;
      }
      counts[e.tag]--;
      const name = SUB_TAG_NAMES[e.tag] ?? `0x${e.tag.toString(16)}`;
      if (r === st.truncatedRange) {
        truncatedAt = e.pos;
        st.warn(`truncated at byte ${e.pos}: ${name} sub-record needs ${e.need} bytes but the file ends at byte ${end}; loaded the heap up to the last complete sub-record`);
        starts.length = r + 1;
        ends.length = r + 1;
        ends[r] = e.pos;
        break rangeLoop;
      }
      nb.commit(k);
      throw new InputError(file, e.pos, `${name} sub-record of ${e.need} bytes crosses the end of its heap dump record (byte ${end}); expected sub-records to end inside their segment`);
    }
  }
  nb.commit(k);
  if (pendOrd.length > 0) needFixup = true;
  const subCounts: Record<string, number> = {};
  for (let t = 0; t < 256; t++) if (counts[t] > 0) subCounts[SUB_TAG_NAMES[t] ?? `0x${t.toString(16)}`] = counts[t];
  return {
    classes,
    classHash,
    ckPos: ckPos.view(),
    ckRange: ckRange.view(),
    starts,
    ends,
    nodeCount: k,
    pendingOrdinals: pendOrd.view(),
    pendingClassIds: pendCls.view(),
    needFixup,
    edgeBound,
    objArraySlots,
    roots: { tag: rTag.view(), id: rId.view(), thread: rThread.view(), frame: rFrame.view() },
    subCounts,
    rangeNode: rangeNode.slice(0, starts.length),
    rangeClass: rangeClass.slice(0, starts.length),
    rangeEdges: rangeEdges.slice(0, starts.length),
    idsAscending: ascending,
    truncatedAt,
  };
}

/** Parses one CLASS_DUMP at pos (the tag byte); throws Cut when it does not fit before `end`. */
function readClassDump(st: HeapState, w: Window, pos: number, end: number): ClassInfo {
  const I = st.idSize;
  const file = st.file;
  let p = pos + 1;
  const need = (n: number): number => {
    if (p + n > end) throw new Cut(pos, Sub.ClassDump, p + n - pos);
    return w.at(p, n);
  };
  let o = need(7 * I + 8);
  const id = readId(w.view, o, I);
  const superId = readId(w.view, o + I + 4, I);
  const loaderId = readId(w.view, o + 2 * I + 4, I);
  const instanceSize = w.view.getUint32(o + 7 * I + 4);
  p += 7 * I + 8;
  const readValue = (t: number, at: number): number | bigint | boolean => {
    const v = readBasicValue(w.view, need(valueSize(t, I)), t, I);
    if (v === undefined) throw new InputError(file, at, `invalid basic type ${t} in CLASS_DUMP of ${hex(id)}; expected 2 or 4..11`);
    return v;
  };
  const typeAt = (at: number, t: number) => {
    if (valueSize(t, I) < 0) throw new InputError(file, at, `invalid basic type ${t} in CLASS_DUMP of ${hex(id)}; expected 2 or 4..11`);
    return t;
  };
  o = need(2);
  const cpCount = w.view.getUint16(o);
  p += 2;
  for (let i = 0; i < cpCount; i++) {
    o = need(3);
    const t = typeAt(p + 2, w.buf[o + 2]);
    p += 3;
    readValue(t, p);
    p += valueSize(t, I);
  }
  o = need(2);
  const nStatics = w.view.getUint16(o);
  p += 2;
  const staticNames: string[] = [];
  const staticTypes: number[] = [];
  const staticValues: (number | bigint | boolean)[] = [];
  const names = st.classNames;
  const str = st.str;
  for (let i = 0; i < nStatics; i++) {
    o = need(I + 1);
    const sid = readId(w.view, o, I);
    const t = typeAt(p + I, w.buf[o + I]);
    p += I + 1;
    staticNames.push(str(sid));
    staticTypes.push(t);
    staticValues.push(readValue(t, p));
    p += valueSize(t, I);
  }
  o = need(2);
  const nFields = w.view.getUint16(o);
  p += 2;
  const fieldNames: string[] = [];
  const fieldTypes: number[] = [];
  for (let i = 0; i < nFields; i++) {
    o = need(I + 1);
    const sid = readId(w.view, o, I);
    const t = typeAt(p + I, w.buf[o + I]);
    p += I + 1;
    fieldNames.push(str(sid));
    fieldTypes.push(t);
  }
  const nm = names(id);
  return {
    id,
    node: -1,
    type: -1,
    name: nm ? nm.display : `unknown class ${hex(id)}`,
    internalName: nm ? nm.internal : "",
    superId,
    loaderId,
    instanceSize,
    recordLength: p - pos,
    recordPos: pos,
    staticNames,
    staticTypes,
    staticValues,
    fieldNames,
    fieldTypes,
    superIdx: -1,
  };
}

export interface Pass2Counts {
  dangling: number;
  sizeMismatch: number;
  edges: number;
  /** The LabelEncoder's lists for the codes written (absolute edge slots). */
  escapes: number[];
  steps: number[];
}

/** What pass 2 needs of the classes, as flat arrays and plain data (structured-clone safe: a worker thread gets a copy). */
export interface Pass2Tables {
  /** Per class: its node, instance payload size, and its reference fields as [refStart[c], refStart[c+1]) of the flat arrays. */
  classNode: Int32Array;
  dataSize: Int32Array;
  refStart: Int32Array;
  refOffAll: Int32Array;
  refKindAll: Uint8Array;
  refLabelAll: Uint32Array;
  /** Per CLASS_DUMP in file order: the ids its edges point at and their labels. */
  dumps: { superId: number; loaderId: number; staticTypes: number[]; staticValues: (number | bigint | boolean)[]; recordLength: number; staticLabels: Uint32Array }[];
  labelClass: number;
  labelSuper: number;
  labelLoader: number;
}

export function pass2Tables(classes: ClassInfo[], staticLabels: Uint32Array[], labelClass: number, labelSuper: number, labelLoader: number): Pass2Tables {
  const nClasses = classes.length;
  const classNode = new Int32Array(nClasses);
  const dataSize = new Int32Array(nClasses);
  const refStart = new Int32Array(nClasses + 1);
  for (let c = 0; c < nClasses; c++) {
    classNode[c] = classes[c].node;
    dataSize[c] = classes[c].layout!.dataSize;
    refStart[c + 1] = refStart[c] + classes[c].layout!.refOffsets.length;
  }
  const refOffAll = new Int32Array(refStart[nClasses]);
  const refKindAll = new Uint8Array(refStart[nClasses]);
  const refLabelAll = new Uint32Array(refStart[nClasses]);
  for (let c = 0; c < nClasses; c++) {
    const lay = classes[c].layout!;
    refOffAll.set(lay.refOffsets, refStart[c]);
    refKindAll.set(lay.refKinds, refStart[c]);
    refLabelAll.set(lay.refLabels, refStart[c]);
  }
  const dumps = classes.map((c, i) => ({ superId: c.superId, loaderId: c.loaderId, staticTypes: c.staticTypes, staticValues: c.staticValues, recordLength: c.recordLength, staticLabels: staticLabels[i] }));
  return { classNode, dataSize, refStart, refOffAll, refKindAll, refLabelAll, dumps, labelClass, labelSuper, labelLoader };
}

/** A run of pass 2 over ranges [r0, r1): the node ordinal and CLASS_DUMP count at r0, and the edge slots it may fill. */
export interface Pass2Span {
  r0: number;
  r1: number;
  /** Absolute ordinal of the first node record in range r0. */
  ord0: number;
  /** CLASS_DUMPs before range r0. */
  class0: number;
  /** First edge slot to write, and one past the last allowed. */
  m0: number;
  mEnd: number;
}

/** Where pass 2 writes: edge columns, and per-source counts (index source + 1) or a source column. */
export interface Pass2Out {
  to: Uint32Array;
  kind: Uint8Array;
  /** Label codes (edge-labels.ts); their escapes and index steps come back in Pass2Counts. */
  codes: Uint16Array;
  counts?: Uint32Array;
  from?: Uint32Array;
}

/**
 * Pass 2 over one span: edges in node order (so GraphBuilder needs no sort), written straight into
 * the output columns. Walks the clamped ranges of pass 1 and counts node-producing records to
 * recover ordinals. Returns the edges written (m - span.m0) and the anomalies counted.
 */
export function pass2Span(
  I: number,
  w: Window,
  starts: number[],
  ends: number[],
  typeCol: Uint32Array,
  typeBase: number,
  tables: Pass2Tables,
  index: IdIndex,
  firstNode: number,
  span: Pass2Span,
  out: Pass2Out,
  tick: (pos: number) => void,
): Pass2Counts {
  const id8 = I === 8;
  const fixed = fixedSubRecordSizes(I);
  const { classNode, dataSize, refStart, refOffAll, refKindAll, refLabelAll, dumps, labelClass, labelSuper, labelLoader } = tables;
  const enc = new LabelEncoder();
  const nClasses = classNode.length;
  const CNT = out.counts;
  const F = out.from;
  const TO = out.to;
  const EK = out.kind;
  const EL = out.codes;
  let m = span.m0;
  const mEnd = span.mEnd;
  let ord = span.ord0;
  let classCursor = span.class0;
  let dangling = 0;
  let sizeMismatch = 0;
  let nextTick = 0;
  const tooMany = () => new Error("HPROF reader: more edges than the pass-1 bound");
  for (let r = span.r0; r < span.r1; r++) {
    let pos = starts[r];
    const end = ends[r];
    while (pos < end) {
      const avail = end - pos;
      let o = w.at(pos, avail < 256 ? avail : 256);
      let dv = w.view;
      const tag = w.buf[o];
      const m0 = m;
      if (tag === Sub.InstanceDump) {
        const n = dv.getUint32(o + 5 + 2 * I);
        const total = 9 + 2 * I + n;
        const ci = typeCol[ord] - typeBase;
        if (ci >= 0 && ci < nClasses) {
          const f0 = refStart[ci];
          const f1 = refStart[ci + 1];
          if (m + (f1 - f0) + 1 > mEnd) throw tooMany();
          TO[m] = classNode[ci];
          EK[m] = EdgeKind.Internal;
          EL[m] = enc.code(m, labelClass);
          m++;
          if (dataSize[ci] !== n) sizeMismatch++;
          if (f1 > f0) {
            if (total > 256) {
              o = w.at(pos, total);
              dv = w.view;
            }
            const data = o + 9 + 2 * I;
            for (let f = f0; f < f1; f++) {
              const off = refOffAll[f];
              if (off + I > n) break;
              const id = id8 ? dv.getUint32(data + off) * 4294967296 + dv.getUint32(data + off + 4) : readId(dv, data + off, I);
              if (id === 0) continue;
              const to = index.lookup(id);
              if (to < 0) {
                dangling++;
                continue;
              }
                  TO[m] = to + firstNode;
              EK[m] = refKindAll[f];
              EL[m] = enc.code(m, refLabelAll[f]);
              m++;
            }
          }
        }
        ord++;
        pos += total;
      } else if (tag === Sub.ObjArrayDump) {
        const len = dv.getUint32(o + 5 + I);
        if (m + len + 1 > mEnd) throw tooMany();
        const ci = typeCol[ord] - typeBase;
        if (ci >= 0 && ci < nClasses) {
          TO[m] = classNode[ci];
          EK[m] = EdgeKind.Internal;
          EL[m] = enc.code(m, labelClass);
          m++;
        }
        let p = pos + 9 + 2 * I;
        let i = 0;
        while (i < len) {
          const batch = Math.min(len - i, 65536);
          o = w.at(p, batch * I);
          dv = w.view;
          for (let q = 0; q < batch; q++, i++, o += I) {
            const id = id8 ? dv.getUint32(o) * 4294967296 + dv.getUint32(o + 4) : readId(dv, o, I);
            if (id === 0) continue;
            const to = index.lookup(id);
            if (to < 0) {
              dangling++;
              continue;
            }
              TO[m] = to + firstNode;
            EK[m] = EdgeKind.Strong;
            EL[m] = enc.indexCode(m, i);
            m++;
          }
          p += batch * I;
        }
        ord++;
        pos = p;
      } else if (tag === Sub.PrimArrayDump || tag === Sub.PrimArrayNoData) {
        // No <class> edge: primitive-array classes are the boot loader's and retain nothing; the
        // edge would only add one edge per byte[]/int[] (a third of all edges in dense heaps).
        const len = dv.getUint32(o + 5 + I);
        const et = w.buf[o + 9 + I];
        ord++;
        pos += tag === Sub.PrimArrayDump ? 10 + I + len * PRIM_SIZE[et] : 10 + I;
      } else if (tag === Sub.ClassDump) {
        const c = dumps[classCursor];
        const labels = c.staticLabels;
        classCursor++;
        if (m + c.staticTypes.length + 2 > mEnd) throw tooMany();
        const add = (id: number, kind: number, label: number) => {
          const to = index.lookup(id);
          if (to < 0) {
            dangling++;
            return;
          }
          TO[m] = to + firstNode;
          EK[m] = kind;
          EL[m] = enc.code(m, label);
          m++;
        };
        if (c.superId !== 0) add(c.superId, EdgeKind.Internal, labelSuper);
        if (c.loaderId !== 0) add(c.loaderId, EdgeKind.Strong, labelLoader);
        for (let s = 0; s < c.staticTypes.length; s++) {
          const t = c.staticTypes[s];
          if (t !== 2 && t !== 1) continue;
          const id = c.staticValues[s] as number;
          if (id !== 0) add(id, EdgeKind.Strong, labels[s]);
        }
        ord++;
        pos += c.recordLength;
      } else {
        pos += 1 + fixed[tag];
      }
      if (m > m0) {
        // edges of node ord - 1 (the record just read) are at [m0, m)
        if (CNT) CNT[ord] = m - m0;
        else for (let e = m0; e < m; e++) F![e] = ord - 1;
      }
      if (pos >= nextTick) {
        nextTick = pos + 8 * 1024 * 1024;
        tick(pos);
      }
    }
  }
  enc.finish(m);
  return { dangling, sizeMismatch, edges: m - span.m0, escapes: enc.escapes, steps: enc.steps };
}
