import type { GraphBuilder } from "../../graph/builder.ts";
import { LabelEncoder } from "../../graph/edge-labels.ts";
import { EdgeKind, Lang, NodeKind } from "../../graph/kinds.ts";
import { InputError } from "../../io/errors.ts";
import { releaseMemory } from "../../io/release.ts";
import { PRIM_SIZE, Sub, SUB_TAG_NAMES, valueSize } from "./constants.ts";
import { ClassIdHash, classObjectShallow, type ClassInfo } from "./classes.ts";
import type { IdIndex } from "./id-index.ts";
import type { SizeModel } from "./shallow-size.ts";
import { appendPart, RangeClaims, type Pass1Job, type Pass1Part } from "./pass1-parallel.ts";
import { CHECKPOINT_SHIFT, Cut, fixedSubRecordSizes, ObjectWalk, WalkStop, type ClassSizes } from "./pass1-walk.ts";
import { hex, readBasicValue, readId, Window } from "./window.ts";

const MAX_SAFE = 9007199254740992;

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

/** A second thread pass 1 can share the object ranges of a plain file with. */
export interface Pass1Helper {
  file: string;
  /** Below this many bytes left after the leading classes, no share is worth sending. */
  minBytes: number;
  run(job: Pass1Job): Promise<Pass1Part>;
}

export interface Pass1Result {
  classes: ClassInfo[];
  classHash: ClassIdHash;
  ckPos: Float64Array;
  ckRange: Uint32Array;
  /** The node at each checkpoint when they are not every 32nd (a second thread walked part of the file). */
  ckNode?: Uint32Array;
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

/**
 * Pass 1: nodes (ordinal = file order), class dumps, roots, checkpoints. No edges. Nodes are
 * written straight into the builder's columns (bulkNodes); `sizes` is called at the first object
 * record to get per-class sizes, so the usual file needs no second look at its nodes.
 */
export function pass1(st: HeapState, w: Window, sizes: (classes: ClassInfo[], hash: ClassIdHash) => ClassSizes, helper?: Pass1Helper): Pass1Result | Promise<Pass1Result> {
  const { builder, file, model } = st;
  const I = st.idSize;
  const classes: ClassInfo[] = [];
  const classHash = new ClassIdHash();
  const starts = st.starts.slice();
  const ends = st.ends.slice();
  const R = starts.length;
  let heapBytes = 0;
  for (let r = 0; r < R; r++) heapBytes += ends[r] - starts[r];
  // Every node record takes at least 10 + idSize bytes: an exact bound on the node count.
  const maxNodes = Math.floor(heapBytes / (10 + I)) + 1;
  // Uint32 shallow sizes until an array of 4 GiB or more turns up; then Float64 (widenShallow copies what is written).
  const nb = builder.bulkNodes(maxNodes, Lang.Java, true);
  const cols = { kind: nb.kind, type: nb.type, shallow: nb.shallow, externalId: nb.externalId };
  const walk = new ObjectWalk(file, I, model, cols, nb.start, maxNodes, st.typeBase, classHash, false, () => builder.widenShallow());
  let truncatedAt = -1;
  const rangeStarts = { node: new Array<number>(R).fill(0), classes: new Array<number>(R).fill(0), edges: new Array<number>(R).fill(0) };
  let ckNode: Uint32Array | undefined;
  // With a helper: the ranges after the first object's, shared out once the class sizes are known.
  let claims: RangeClaims | undefined;
  let part: Promise<Pass1Part | undefined> | undefined;
  let tick = st.tick;

  const share = (r0: number): void => {
    let capacity = 0;
    let bytes = 0;
    for (let r = r0 + 1; r < R; r++) {
      bytes += ends[r] - starts[r];
      capacity += Math.floor((ends[r] - starts[r]) / (10 + I)) + 1 + (1 << CHECKPOINT_SHIFT);
    }
    if (!helper || bytes < helper.minBytes) return;
    const c = (claims = RangeClaims.open(r0 + 1, R));
    const job: Pass1Job = { file: helper.file, idSize: I, model, starts, ends, typeBase: st.typeBase, classHash: classHash.parts(), sizes: walk.sizes!, frozen: walk.frozen, claims: c.word, capacity };
    part = helper.run(job).catch(() => undefined);
    // Progress counts the bytes of the ranges the helper has taken too.
    tick = (pos) => st.tick(pos + ends[R - 1] - starts[Math.min(R - 1, c.backStart())]);
  };

  /** Walks range r; false when it was cut by the end of the file (nothing after it is kept). */
  const walkRange = (r: number): boolean => {
    let pos = starts[r];
    const end = ends[r];
    rangeStarts.node[r] = walk.k;
    rangeStarts.classes[r] = classes.length;
    rangeStarts.edges[r] = walk.edgeBound;
    try {
      while (pos < end) {
        pos = walk.walk(w, r, pos, end, tick);
        if (walk.stop === WalkStop.NeedSizes) {
          // The first object record: every leading CLASS_DUMP is read.
          walk.setSizes(sizes(classes, classHash), classes.length);
          share(r);
        } else if (walk.stop === WalkStop.ClassDump) {
          const c = readClassDump(st, w, pos, end);
          const idx = classes.length;
          if (c.id >= MAX_SAFE) throw new InputError(file, pos, `class id ${c.id.toString(16)} is 2^53 or more; this reader needs ids below 2^53`);
          c.recordPos = pos;
          c.node = nb.start + walk.k;
          c.type = builder.addType(c.name, Lang.Java, { classNode: c.node });
          if (c.type !== st.typeBase + idx) throw new Error("HPROF reader: type table out of step with classes");
          walk.addNode(pos, r, NodeKind.Class, c.type, classObjectShallow(model, c.staticTypes), c.id);
          classes.push(c);
          if (!classHash.add(c.id, idx)) st.warn(`duplicate CLASS_DUMP for ${hex(c.id)} (${c.name}) at byte ${pos}`);
          if (walk.sizes !== undefined) walk.needFixup = true;
          walk.edgeBound += c.staticTypes.length + 2;
          walk.counts[Sub.ClassDump]++;
          pos += c.recordLength;
          walk.prevTag = Sub.ClassDump;
          walk.prevPos = pos;
        }
      }
    } catch (e) {
      if (!(e instanceof Cut)) throw e;
      const name = SUB_TAG_NAMES[e.tag] ?? `0x${e.tag.toString(16)}`;
      if (r !== st.truncatedRange) throw new InputError(file, e.pos, `${name} sub-record of ${e.need} bytes crosses the end of its heap dump record (byte ${end}); expected sub-records to end inside their segment`);
      truncatedAt = e.pos;
      st.warn(`truncated at byte ${e.pos}: ${name} sub-record needs ${e.need} bytes but the file ends at byte ${end}; loaded the heap up to the last complete sub-record`);
      starts.length = r + 1;
      ends.length = r + 1;
      ends[r] = e.pos;
      return false;
    }
    return true;
  };

  const result = (): Pass1Result => {
    nb.commit(walk.k);
    const counts = walk.counts;
    const subCounts: Record<string, number> = {};
    for (let t = 0; t < 256; t++) if (counts[t] > 0) subCounts[SUB_TAG_NAMES[t] ?? `0x${t.toString(16)}`] = counts[t];
    return {
      classes,
      classHash,
      ckPos: walk.ckPos.view(),
      ckRange: walk.ckRange.view(),
      ckNode,
      starts,
      ends,
      nodeCount: walk.k,
      pendingOrdinals: walk.pendOrd.view(),
      pendingClassIds: walk.pendCls.view(),
      needFixup: walk.needFixup || walk.pendOrd.length > 0,
      edgeBound: walk.edgeBound,
      objArraySlots: walk.objArraySlots,
      roots: { tag: walk.rTag.view(), id: walk.rId.view(), thread: walk.rThread.view(), frame: walk.rFrame.view() },
      subCounts,
      rangeNode: rangeStarts.node.slice(0, starts.length),
      rangeClass: rangeStarts.classes.slice(0, starts.length),
      rangeEdges: rangeStarts.edges.slice(0, starts.length),
      idsAscending: walk.ascending,
      truncatedAt,
    };
  };
  const walkFrom = (r0: number): void => {
    for (let r = r0; r < R && walkRange(r); r++);
  };

  try {
    let r = 0;
    for (; r < R && !claims; r++) if (!walkRange(r)) return result();
    if (!claims) return result();
    const c: RangeClaims = claims;
    for (let f = c.front(); f >= 0; f = c.front()) if (!walkRange(f)) return result();
  } catch (e) {
    claims?.close();
    nb.commit(walk.k);
    throw e;
  }
  const theirs = claims.backStart();
  if (theirs >= R) return result();
  return part!.then((p) => {
    part = undefined;
    let dropped = 0;
    try {
      // A helper that failed or stopped at a record it leaves to this thread: walk its ranges here.
      if (!p || p.bailedAt >= 0) walkFrom(theirs);
      else {
        ckNode = appendPart(walk, p, rangeStarts, classes.length);
        dropped = p.kind.byteLength + p.type.byteLength + p.shallow.byteLength + p.externalId.byteLength;
      }
    } catch (e) {
      nb.commit(walk.k);
      throw e;
    }
    // The helper's node columns (17 bytes per node it had room for) are garbage, but reachable
    // from this callback's argument until it returns: released from the next turn of the loop.
    return new Promise<Pass1Result>((resolve) =>
      setImmediate(() => {
        releaseMemory(dropped, true);
        resolve(result());
      }),
    );
  });
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
