import type { GraphBuilder } from "../../graph/builder.ts";
import { Lang, NodeKind, RootKind } from "../../graph/kinds.ts";
import { InputError } from "../../io/errors.ts";
import { FileSource, type ByteSource } from "../../io/source.ts";
import type { InputFormat, LoadContext } from "../format.ts";
import { PRIM_DESCRIPTOR, Sub } from "./constants.ts";
import { resolveClasses, type ClassIdHash, type ClassInfo } from "./classes.ts";
import { pass1, pass2Tables, type HeapState, type Pass1Helper, type Pass1Result, type Pass2Counts } from "./heap.ts";
import { PARALLEL_MIN_BYTES as PASS1_PARALLEL_MIN_BYTES, type Pass1Part } from "./pass1-parallel.ts";
import { PRIM_PLACEHOLDER, type ClassSizes } from "./pass1-walk.ts";
import { buildIdIndex } from "./id-index.ts";
import { runPass2 } from "./pass2-parallel.ts";
import { displayClassName, primitiveArrayName } from "./names.ts";
import { readHeader, scanTopLevel, VERSIONS, type TopLevel } from "./records.ts";
import { sizeModelFor } from "./shallow-size.ts";
import { HprofValues } from "./values.ts";
import { warmUp } from "./warmup.ts";
import { hex, Window } from "./window.ts";

const ROOT_KIND: Record<number, RootKind> = {
  [Sub.RootUnknown]: RootKind.Unknown,
  [Sub.RootJniGlobal]: RootKind.JniGlobal,
  [Sub.RootJniLocal]: RootKind.JniLocal,
  [Sub.RootJavaFrame]: RootKind.JavaFrame,
  [Sub.RootNativeStack]: RootKind.NativeStack,
  [Sub.RootStickyClass]: RootKind.StickyClass,
  [Sub.RootThreadBlock]: RootKind.ThreadBlock,
  [Sub.RootMonitorUsed]: RootKind.MonitorUsed,
  [Sub.RootThreadObject]: RootKind.ThreadObject,
  [Sub.RootInternedString]: RootKind.InternedString,
  [Sub.RootFinalizing]: RootKind.Finalizing,
  [Sub.RootDebugger]: RootKind.Debugger,
  [Sub.RootReferenceCleanup]: RootKind.ReferenceCleanup,
  [Sub.RootVmInternal]: RootKind.VmInternal,
  [Sub.RootJniMonitor]: RootKind.JniMonitor,
  [Sub.RootUnreachable]: RootKind.Unreachable,
};

/**
 * Java HPROF heap dumps (JDK 1.2–25 and Android ART). Pass 0 walks the top-level records (strings,
 * LOAD_CLASS, FRAME, TRACE, heap dump ranges); pass 1 adds a node per CLASS_DUMP / object record in
 * file order and collects roots; then class layouts, sizes and the id index are built; pass 2 adds
 * edges in node order. See hprof-format.md for the format facts this relies on.
 */
export const hprofFormat: InputFormat = {
  name: "hprof",
  language: "java",
  sniff: (head) => {
    const s = String.fromCharCode(...head.subarray(0, 20));
    return s.startsWith("JAVA PROFILE ");
  },
  load(source, builder, ctx) {
    if (source.size > 32 * 1024 * 1024) warmUp(loadHprof);
    return loadHprof(source, builder, ctx);
  },
};

export { VERSIONS };

/** Synchronous unless pass 2 is shared with a second thread (ctx.parallel). */
export function loadHprof(source: ByteSource, builder: GraphBuilder, ctx: LoadContext): void | Promise<void> {
  const file = source.name;
  const header = readHeader(source);
  const I = header.idSize;
  const { progress } = ctx;

  progress.phase("hprof records", source.size);
  const top = scanTopLevel(source, header, (p) => progress.tick(p));
  progress.end();

  builder.compactShallow();
  builder.setMeta("version", header.version);
  builder.setMeta("idSize", I);
  builder.setMeta("timestamp", header.timestamp);
  builder.setMeta("dumpCount", top.dumps.length);
  builder.setMeta("recordCounts", top.recordCounts);

  if (top.dumps.length === 0) {
    if (top.truncatedAt >= 0 || !top.recordCounts.HEAP_DUMP_END) {
      // A dump killed before its heap records: HotSpot always ends a complete file with HEAP_DUMP_END.
      const at = top.truncatedAt >= 0 ? top.truncatedAt : source.size;
      const why = top.truncatedAt >= 0 ? top.truncationReason : "the file ends before any heap dump record";
      ctx.warn(`truncated at byte ${at}: ${why}; the file holds no heap dump`);
      return;
    }
    throw new InputError(file, header.length, "no HEAP_DUMP or HEAP_DUMP_SEGMENT record in the file; expected a heap dump");
  }
  const dumpIndex = ctx.options.dumpIndex ?? top.dumps.length - 1;
  if (!Number.isInteger(dumpIndex) || dumpIndex < 0 || dumpIndex >= top.dumps.length) {
    throw new InputError(file, -1, `dump index ${dumpIndex} requested but the file holds ${top.dumps.length} heap dump(s) (0..${top.dumps.length - 1})`);
  }
  if (top.dumps.length > 1) ctx.warn(`the file holds ${top.dumps.length} heap dumps; loaded dump ${dumpIndex} (0-based; choose another with dumpIndex)`);
  builder.setMeta("dumpIndex", dumpIndex);
  const dump = top.dumps[dumpIndex];
  if (dump.unterminated && dumpIndex !== top.dumps.length - 1) dump.unterminated = false;

  const model = sizeModelFor(header.version, I);
  builder.setMeta("sizeModel", model.name);
  const firstNode = builder.nodeCount;
  const typeBase = builder.typeCount;
  let heapBytes = 0;
  for (let r = 0; r < dump.starts.length; r++) heapBytes += dump.ends[r] - dump.starts[r];
  // Upper bound on records (untouched capacity costs address space, not resident memory).
  builder.reserveNodes(Math.ceil(heapBytes / (10 + I)) + 16);

  const str = (sid: number) => top.strings.get(sid) ?? "";
  const lastRange = dump.starts.length - 1;
  const st: HeapState = {
    file,
    idSize: I,
    model,
    builder,
    firstNode,
    typeBase,
    starts: dump.starts,
    ends: dump.ends,
    truncatedRange: top.truncatedAt >= 0 && dump.ends[lastRange] === source.size ? lastRange : -1,
    classNames: (id) => {
      const sid = top.classNameSid.get(id);
      if (sid === undefined || !top.strings.has(sid)) return undefined;
      const internal = str(sid);
      return { internal, display: displayClassName(internal) };
    },
    str,
    warn: ctx.warn,
    tick: (p) => progress.tick(p),
  };
  const w = new Window(source);

  const classIndexOf = (hash: ClassIdHash) => (id: number) => hash.get(id);
  const primTypesOf = (classes: ClassInfo[]) => {
    const primType = new Int32Array(12).fill(-1);
    for (const c of classes) {
      const m = /^\[([ZCFDBSIJ])$/.exec(c.internalName);
      if (m) {
        const et = PRIM_DESCRIPTOR.indexOf(m[1]);
        if (et >= 4 && primType[et] < 0) primType[et] = c.type;
      }
    }
    return primType;
  };
  // Called by pass 1 at the first object record (all CLASS_DUMPs come first in HotSpot dumps).
  const sizes = (classes: ClassInfo[], hash: ClassIdHash): ClassSizes => {
    resolveClasses(classes, classIndexOf(hash), model, builder.labels, I);
    return {
      instShallow: Float64Array.from(classes, (c) => c.layout!.shallow),
      instEdges: Float64Array.from(classes, (c) => c.layout!.refOffsets.length + 1),
      primType: primTypesOf(classes),
    };
  };

  progress.phase("hprof pass 1", source.size);
  const parallel = ctx.parallel;
  // A plain file can be read by the second thread too: it takes object ranges from the back.
  const helper: Pass1Helper | undefined =
    parallel && source instanceof FileSource ? { file: source.path, minBytes: parallel.minShare ?? PASS1_PARALLEL_MIN_BYTES, run: (job) => parallel.run<Pass1Part>("hprof-pass1", job) } : undefined;
  const p1 = pass1(st, w, sizes, helper);
  const rest = (p1: Pass1Result) => afterPass1(source, builder, ctx, st, top, w, p1, classIndexOf, primTypesOf);
  return p1 instanceof Promise ? p1.then(rest) : rest(p1);
}

/** Class layouts, the id index, roots and pass 2, once pass 1 has every node. */
function afterPass1(
  source: ByteSource,
  builder: GraphBuilder,
  ctx: LoadContext,
  st: HeapState,
  top: TopLevel,
  w: Window,
  p1: Pass1Result,
  classIndexOf: (hash: ClassIdHash) => (id: number) => number,
  primTypesOf: (classes: ClassInfo[]) => Int32Array,
): void | Promise<void> {
  const { progress } = ctx;
  const { model, firstNode, typeBase, idSize: I } = st;
  progress.end();
  if (top.truncatedAt >= 0 && p1.truncatedAt < 0) ctx.warn(`truncated at byte ${top.truncatedAt}: ${top.truncationReason}`);

  // Classes: layouts, sizes, supertypes.
  const classes = p1.classes;
  const classIndex = classIndexOf(p1.classHash);
  resolveClasses(classes, classIndex, model, builder.labels, I);
  for (const c of classes) if (c.superIdx >= 0) builder.setTypeSuper(c.type, classes[c.superIdx].type);
  if (top.duplicateLoadClass > 0) builder.setMeta("duplicateLoadClass", top.duplicateLoadClass);

  let edgeBound = p1.edgeBound;
  if (p1.needFixup) {
    builder.setMeta("classesAfterObjects", true);
    edgeBound = fixUpNodes(builder, ctx, st, p1, classIndex, primTypesOf(classes));
  }

  progress.phase("hprof index", p1.nodeCount);
  // Every CLASS_DUMP before the first object and objects in ascending id order (serial HotSpot dumps)?
  const classesFirst = classes.length === 0 || classes[classes.length - 1].node - firstNode === classes.length - 1;
  const index = buildIdIndex(builder.float64Ids().subarray(firstNode, firstNode + p1.nodeCount), undefined, p1.idsAscending && classesFirst ? { leadingClasses: classes.length } : undefined);
  progress.end();
  builder.setMeta("idIndex", `${index.kind} (${index.layoutKind}, ${(index.bytes / 1048576).toFixed(1)} MB)`);
  // The ids are only looked up through the index from here on: keep them as 32-bit slots of the
  // alignment (addresses below 32 GiB; any id in the dump otherwise keeps the Float64 column).
  // The Float64 column's pages stay resident for the dominators' DFS arrays (spare-buffers.ts).
  builder.compactIds(I === 8 ? st.model.align : 1);
  if (index.duplicates > 0) ctx.warn(`${index.duplicates} records repeat an object id already dumped (the first record keeps the id)`);

  const values = new HprofValues({
    source,
    idSize: I,
    firstNode,
    nodeCount: p1.nodeCount,
    typeBase,
    // (the type column only: a view of the id column would keep its Float64 buffer alive)
    type: builder.nodeColumns().type,
    classes,
    index,
    starts: p1.starts,
    ends: p1.ends,
    ckPos: p1.ckPos,
    ckRange: p1.ckRange,
    ckNode: p1.ckNode,
  });
  builder.setValueReader(values);

  addRoots(builder, ctx, top, p1.roots, index, firstNode, values, classes, classIndex);

  progress.phase("hprof pass 2", source.size);
  const labels = builder.labels;
  const staticLabels = classes.map((c) => Uint32Array.from(c.staticNames, (s) => labels.intern(s)));
  const tables = pass2Tables(classes, staticLabels, labels.intern("<class>"), labels.intern("<super>"), labels.intern("<classloader>"));
  const finish = (p2: Pass2Counts): void => {
    progress.end();
    if (p2.dangling > 0) ctx.warn(`${p2.dangling} references to objects that are not in the dump were dropped (dangling ids)`);
    if (p2.sizeMismatch > 0) ctx.warn(`${p2.sizeMismatch} INSTANCE_DUMPs whose byte count differs from their class's field descriptors`);
    builder.setMeta("subRecordCounts", p1.subCounts);
    builder.setMeta("idsAscending", p1.idsAscending);
    builder.setMeta("classCount", classes.length);
    builder.setMeta("truncated", top.truncatedAt >= 0 || p1.truncatedAt >= 0);
  };
  const p2 = runPass2({ source, window: w, builder, idSize: I, firstNode, typeBase, p1, tables, index, edgeBound, tick: (p) => progress.tick(p), parallel: ctx.parallel });
  if (p2 instanceof Promise) return p2.then(finish);
  finish(p2);
}

function addRoots(
  builder: GraphBuilder,
  ctx: LoadContext,
  top: TopLevel,
  roots: { tag: Uint8Array; id: Float64Array; thread: Uint32Array; frame: Int32Array },
  index: ReturnType<typeof buildIdIndex>,
  firstNode: number,
  values: HprofValues,
  classes: ClassInfo[],
  classIndex: (id: number) => number,
): void {
  const threads = new Map<number, { node: number; trace: number }>();
  for (let i = 0; i < roots.tag.length; i++) {
    if (roots.tag[i] !== Sub.RootThreadObject) continue;
    const rel = roots.id[i] === 0 ? -1 : index.lookup(roots.id[i]);
    threads.set(roots.thread[i], { node: rel, trace: roots.frame[i] });
  }
  const nameCache = new Map<number, string>();
  const threadName = (serial: number): string => {
    let s = nameCache.get(serial);
    if (s !== undefined) return s;
    const t = threads.get(serial);
    s = `thread #${serial}`;
    if (t && t.node >= 0) {
      const ref = values.field(t.node, "name")?.value;
      if (typeof ref === "number" && ref >= 0) {
        const text = values.stringValue(ref);
        if (text !== undefined) s = text;
        else {
          const arr = values.primitiveArray(ref);
          if (arr && arr.type === 5) s = String.fromCharCode(...Array.from({ length: arr.length }, (_, i) => (arr.bytes[2 * i] << 8) | arr.bytes[2 * i + 1]));
        }
      }
    }
    nameCache.set(serial, s);
    return s;
  };
  const frameText = (serial: number, frameNo: number): string | undefined => {
    const t = threads.get(serial);
    let trace = t ? top.traces.get(t.trace) : undefined;
    if (!trace) for (const tr of top.traces.values()) if (tr.threadSerial === serial) trace = tr;
    if (!trace || frameNo < 0 || frameNo >= trace.frames.length) return undefined;
    const f = top.frames.get(trace.frames[frameNo]);
    if (!f) return undefined;
    const cid = top.classBySerial.get(f.classSerial);
    const sid = cid === undefined ? undefined : top.classNameSid.get(cid);
    const cls = sid === undefined ? "?" : displayClassName(top.strings.get(sid) ?? "?");
    const where = f.line === -3 ? "Native Method" : !f.sourceFile ? "Unknown Source" : f.line > 0 ? `${f.sourceFile}:${f.line}` : f.sourceFile;
    return `${cls}.${f.method}(${where})`;
  };
  const jni = builder.labels.intern("JNI global");
  let dangling = 0;
  for (let i = 0; i < roots.tag.length; i++) {
    const tag = roots.tag[i];
    const id = roots.id[i];
    if (id === 0) continue;
    const rel = index.lookup(id);
    if (rel < 0) {
      dangling++;
      continue;
    }
    const kind = ROOT_KIND[tag] ?? RootKind.Unknown;
    let label = 0;
    switch (tag) {
      case Sub.RootJavaFrame:
      case Sub.RootJniLocal: {
        const fr = frameText(roots.thread[i], roots.frame[i]);
        label = builder.labels.intern(fr ? `${threadName(roots.thread[i])} @ ${fr}` : threadName(roots.thread[i]));
        break;
      }
      case Sub.RootThreadObject:
      case Sub.RootNativeStack:
      case Sub.RootThreadBlock:
      case Sub.RootJniMonitor:
        label = builder.labels.intern(threadName(roots.thread[i]));
        break;
      case Sub.RootStickyClass: {
        const ci = classIndex(id);
        if (ci >= 0) label = builder.labels.intern(classes[ci].name);
        break;
      }
      case Sub.RootJniGlobal:
        label = jni;
        break;
    }
    builder.addRoot(rel + firstNode, kind, label);
  }
  if (dangling > 0) ctx.warn(`${dangling} GC roots name objects that are not in the dump (dropped)`);
}

/**
 * The unusual file (CLASS_DUMPs after objects, missing primitive-array classes, instances of
 * undumped classes): set types and sizes in one pass over the nodes; returns the pass-2 edge bound.
 */
function fixUpNodes(builder: GraphBuilder, ctx: LoadContext, st: HeapState, p1: Pass1Result, classIndex: (id: number) => number, primType: Int32Array): number {
  const classes = p1.classes;
  const cols = builder.nodeColumns();
  const unknownTypes = new Map<number, number>();
  let unknownClassObjects = 0;
  for (let i = 0; i < p1.pendingOrdinals.length; i++) {
    const ord = p1.pendingOrdinals[i];
    const cid = p1.pendingClassIds[i];
    const ci = classIndex(cid);
    if (ci >= 0) cols.type[ord] = classes[ci].type;
    else {
      let t = unknownTypes.get(cid);
      if (t === undefined) {
        const nm = st.classNames(cid);
        t = builder.addType(nm ? nm.display : `unknown class ${hex(cid)}`, Lang.Java);
        unknownTypes.set(cid, t);
      }
      cols.type[ord] = t;
      unknownClassObjects++;
    }
  }
  if (unknownClassObjects > 0) ctx.warn(`${unknownClassObjects} objects of ${unknownTypes.size} classes without a CLASS_DUMP (typed "unknown class 0x…")`);
  const primTypeOf = (et: number) => {
    if (primType[et] < 0) primType[et] = builder.addType(primitiveArrayName(et), Lang.Java);
    return primType[et];
  };
  const nClasses = classes.length;
  const typeBase = st.typeBase;
  let edgeBound = p1.objArraySlots;
  const { kind, type, shallow } = cols;
  const end = st.firstNode + p1.nodeCount;
  const instShallow = Float64Array.from(classes, (c) => c.layout!.shallow);
  const instEdges = Float64Array.from(classes, (c) => c.layout!.refOffsets.length + 1);
  const unknownShallow = Math.ceil(st.model.header / st.model.align) * st.model.align;
  for (let n = st.firstNode; n < end; n++) {
    const k = kind[n];
    if (k === NodeKind.Instance) {
      const c = type[n] - typeBase;
      if (c >= 0 && c < nClasses) {
        shallow[n] = instShallow[c];
        edgeBound += instEdges[c];
      } else shallow[n] = unknownShallow;
    } else if (k === NodeKind.PrimitiveArray) {
      if (type[n] >= PRIM_PLACEHOLDER) type[n] = primTypeOf(type[n] - PRIM_PLACEHOLDER);
    } else if (k === NodeKind.ObjectArray) edgeBound++;
  }
  for (const c of classes) edgeBound += c.staticTypes.length + 2;
  return edgeBound;
}
