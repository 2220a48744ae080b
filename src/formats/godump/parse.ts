import { goMinor } from "../../graph/go-layout.ts";
import type { GraphBuilder } from "../../graph/builder.ts";
import { Growable } from "../../graph/growable.ts";
import { Lang } from "../../graph/kinds.ts";
import { InputError, LimitError } from "../../io/errors.ts";
import { ChunkReader, EndOfInput } from "../../io/reader.ts";
import type { ByteSource } from "../../io/source.ts";
import type { LoadContext } from "../format.ts";
import { FieldKind, G_STATUS, HEADER, MEMSTATS_FIELDS, Tag, TAG_NAMES } from "./records.ts";

/** The params record: how to read pointers and where the heap arena is. */
export interface DumpParams {
  bigEndian: boolean;
  ptrSize: number;
  arenaStart: number;
  arenaEnd: number;
  arch: string;
  goVersion: string;
  ncpu: number;
}

export interface MemProfBucket {
  size: number;
  /** Leaf first: (function, file, line). */
  frames: { fn: string; file: string; line: number }[];
  allocs: number;
  frees: number;
}

/** A root pointer still to be resolved to the object containing `target`. */
export interface PendingRoots {
  target: Growable<Float64Array>;
  kind: Growable<Uint8Array>;
  /** Label text index (builder.labels), or for data/bss roots 0 and `where` holds the field address. */
  label: Growable<Uint32Array>;
  where: Growable<Float64Array>;
}

/**
 * Everything read from one dump, in flat growable columns (dump order). Objects are typeless in the
 * format; pointer fields are kept as raw target addresses with their offsets and resolved later,
 * once every object's address is known (objects come before all roots, but not in address order).
 */
export interface DumpTables {
  params?: DumpParams;
  objAddr: Growable<Float64Array>;
  objSize: Growable<Float64Array>;
  /**
   * Where each object's contents lie in the file (for the map pass, which re-reads a few objects),
   * compactly: the bytes between the previous object's contents and this one's, or CHECKPOINT when
   * the offset is in `checkObj`/`checkAt` (every 32nd object, and where the gap does not fit a
   * byte). See contentOffset.
   */
  contentGap: Growable<Uint8Array>;
  checkObj: Growable<Uint32Array>;
  checkAt: Growable<Float64Array>;
  /** Index of the object's first non-nil pointer field in ptrTarget/ptrOffset; one extra entry at the end. */
  objEdgeStart: Growable<Uint32Array>;
  ptrTarget: Growable<Float64Array>;
  ptrOffset: Growable<Uint32Array>;
  /** Dump indices of objects whose size and pointer offsets match a classic hmap. */
  hmapCandidates: number[];
  /** Dump indices of objects shaped like a Swiss-table Map (Go 1.24+ dumps only). */
  swissCandidates: number[];
  /** hmap-shaped words inside goroutine frames (maps that never escaped: header on the stack, buckets on the heap). */
  stackMaps: { root: string; header: Uint8Array }[];
  roots: PendingRoots;
  finalizers: { obj: number; fn: number; queued: boolean }[];
  memprof: Map<number, MemProfBucket>;
  sampleObj: Growable<Float64Array>;
  sampleBucket: Growable<Float64Array>;
  segments: { kind: "data" | "bss"; addr: number; size: number; fields: number }[];
  goroutines: { id: number; status: string; system: boolean; waitReason: string; frames: number }[];
  types: number;
  itabs: number;
  osThreads: number;
  otherRoots: number;
  defers: number;
  panics: number;
  memstats?: Record<string, number>;
  counts: Record<string, number>;
  pointerFields: number;
  nilPointers: number;
  sawEof: boolean;
  /** Set when the dump ended inside a record. */
  truncatedAt?: number;
  /** Builder ordinal of object 0 when the objects were written into RootSink.nodes. */
  nodeBase?: number;
  /** Lowest object address, highest object end, and whether all addresses / sizes are multiples of 8. */
  objBounds: { min: number; max: number; aligned: boolean; sizes8: boolean };
}

const MAX_STRING = 1 << 20;
/** Frames larger than this are not scanned for map headers. */
const MAX_FRAME_SCAN = 1 << 20;

function newTables(): DumpTables {
  return {
    objAddr: new Growable(Float64Array, 1 << 16),
    objSize: new Growable(Float64Array, 1 << 16),
    contentGap: new Growable(Uint8Array, 1 << 16),
    checkObj: new Growable(Uint32Array),
    checkAt: new Growable(Float64Array),
    objEdgeStart: new Growable(Uint32Array, 1 << 16),
    ptrTarget: new Growable(Float64Array, 1 << 16),
    ptrOffset: new Growable(Uint32Array, 1 << 16),
    hmapCandidates: [],
    stackMaps: [],
    swissCandidates: [],
    roots: { target: new Growable(Float64Array), kind: new Growable(Uint8Array), label: new Growable(Uint32Array), where: new Growable(Float64Array) },
    finalizers: [],
    memprof: new Map(),
    sampleObj: new Growable(Float64Array),
    sampleBucket: new Growable(Float64Array),
    segments: [],
    goroutines: [],
    types: 0,
    itabs: 0,
    osThreads: 0,
    otherRoots: 0,
    defers: 0,
    panics: 0,
    counts: Object.fromEntries(TAG_NAMES.map((n) => [n, 0])),
    pointerFields: 0,
    nilPointers: 0,
    sawEof: false,
    objBounds: { min: Infinity, max: -Infinity, aligned: true, sizes8: true },
  };
}

/** Callbacks for roots whose labels need the builder's string table. */
export interface RootSink {
  /** Interns a root label. */
  label(text: string): number;
  /**
   * When given, each object becomes a node of this builder as it is read (ordinal = nodeBase + dump
   * index, lang Go): addresses and sizes go straight into its externalId and shallow columns, which
   * `objAddr` and `objSize` then view (no second copy of 16 bytes per object). Kind and type are
   * left for the caller to fill.
   */
  nodes?: GraphBuilder;
}

/** Root kinds as stored in PendingRoots.kind (mapped to RootKind by the builder step). */
export const PendingKind = { Data: 0, Bss: 1, Frame: 2, Other: 3, Finalizer: 4 } as const;

/**
 * Streams the dump once. Object contents are skipped; only the words at the listed pointer offsets
 * are read (from the reader's window when still there, else by a small positioned read).
 * A dump cut inside a record keeps everything before that record and sets `truncatedAt`.
 */
/** `chunk` sets the read window (tests use a small one to exercise the positioned-read path). */
export function parseDump(source: ByteSource, ctx: LoadContext, sink: RootSink, chunk?: number): DumpTables {
  const file = source.name;
  const t = newTables();
  const r = new ChunkReader(source, 0, chunk);
  if (source.size < HEADER.length) throw new InputError(file, 0, `expected the header "go1.7 heap dump\\n" (file has ${source.size} bytes)`);
  const head = r.bytes(HEADER.length);
  for (let i = 0; i < HEADER.length; i++) {
    if (head[i] !== HEADER.charCodeAt(i)) throw new InputError(file, i, `expected the header "go1.7 heap dump\\n"`);
  }

  let P = 8;
  let le = true;
  // Go 1.24+ maps are Swiss tables: their headers are collected instead of hmaps.
  let swiss = false;
  let swissSize = 48;
  // Second window for pointer words whose bytes already left the main reader's window (large objects).
  const win = new ChunkReader(source, 0, 1 << 20);
  const word = (dv: DataView, o: number): number => {
    if (P === 4) return dv.getUint32(o, le);
    const a = dv.getUint32(o, le), b = dv.getUint32(o + 4, le);
    return le ? b * 4294967296 + a : a * 4294967296 + b;
  };
  const ptrAt = (abs: number): number => {
    if (abs >= r.base && abs + P <= r.limit) return word(r.view, abs - r.base);
    win.pos = abs;
    win.ensure(P);
    return word(win.view, abs - win.base);
  };
  const uv = (): number => {
    const p = r.pos;
    if (p >= r.base && p + 10 <= r.limit) {
      const buf = r.buf;
      let o = p - r.base;
      let b = buf[o++];
      if (b < 0x80) {
        r.pos = p + 1;
        return b;
      }
      let result = b & 0x7f;
      let mul = 128;
      for (let i = 1; i < 10; i++) {
        b = buf[o++];
        result += (b & 0x7f) * mul;
        if (b < 0x80) {
          r.pos = p + i + 1;
          return result;
        }
        mul *= 128;
      }
      throw new InputError(file, p, "varint longer than 10 bytes");
    }
    return slowUvarint();
  };
  // Near a window edge. Values past 2^53 (LastGC nanoseconds, garbage words) come back rounded,
  // which is harmless: addresses and sizes stay far below.
  const slowUvarint = (): number => {
    const p = r.pos;
    let result = 0, mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = r.u1();
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw new InputError(file, p, "varint longer than 10 bytes");
  };
  const dec = new TextDecoder("utf-8");
  const str = (): string => {
    const at = r.pos;
    const n = uv();
    if (n > MAX_STRING) throw new InputError(file, at, `string of ${n} bytes is implausible (corrupt dump?)`);
    return n === 0 ? "" : dec.decode(r.bytes(n));
  };
  const bool = (): boolean => {
    const at = r.pos;
    const v = uv();
    if (v > 1) throw new InputError(file, at, `expected a bool (0 or 1), got ${v}`);
    return v === 1;
  };

  // Field list of the record being read: offsets into its contents.
  const offs = new Growable(Uint32Array, 1024);
  const readFields = (contentLen: number): void => {
    offs.length = 0;
    for (;;) {
      const at = r.pos;
      const kind = uv();
      if (kind === FieldKind.Eol) return;
      if (kind > FieldKind.Eface) throw new InputError(file, at, `expected a field kind 0-3, got ${kind}`);
      const off = uv();
      if (off + P > contentLen) throw new InputError(file, at, `pointer field at offset ${off} lies outside its ${contentLen}-byte record`);
      offs.push(off);
      if (kind !== FieldKind.Ptr) offs.push(off + P); // iface/eface: two words, the data word may point
    }
  };
  /**
   * Grows column arrays to the size the rest of the file suggests (items so far per byte read,
   * times the file size), so 10^7-object dumps are not copied and re-faulted a dozen times.
   */
  const growTo = (cols: Growable<Float64Array | Uint32Array | Uint8Array>[], need: number) => {
    const have = cols[0].length;
    const est = r.pos > 0 ? Math.ceil((have / r.pos) * source.size * 1.1) : 0;
    const cap = Math.max(need, Math.ceil(cols[0].data.length * 1.5) + 16, Math.min(est, 4 * need + (1 << 24)));
    for (const g of cols) {
      if (nodes && (g === t.objAddr || g === t.objSize)) continue;
      const next = new (g.data.constructor as Float64ArrayConstructor | Uint32ArrayConstructor)(cap);
      next.set(g.data.subarray(0, g.length) as never);
      g.data = next as never;
    }
    if (nodes && cols.includes(t.objAddr)) nodeRoom(cap);
  };
  // Objects as builder nodes: the objects read so far are committed, then room for `cap` objects
  // in all is reserved (the builder copies only committed nodes when it grows its columns).
  const nodes = sink.nodes;
  const nodeBase = nodes ? nodes.nodeCount : 0;
  let bulk: ReturnType<GraphBuilder["bulkNodes"]> | undefined;
  let committedNodes = 0;
  const commitNodes = () => {
    const n = t.objAddr.length;
    if (bulk && n > committedNodes) bulk.commit(n - committedNodes);
    bulk = undefined;
    committedNodes = n;
  };
  const nodeRoom = (cap: number) => {
    commitNodes();
    bulk = nodes!.bulkNodes(cap - committedNodes, Lang.Go);
    t.objAddr.data = bulk.externalId.subarray(nodeBase, nodeBase + cap);
    // Sizes are written straight into the column: a Float64 one (the builder's default).
    t.objSize.data = nodes!.widenShallow().subarray(nodeBase, nodeBase + cap);
  };
  if (nodes) {
    // Room for one object per 64 bytes of file from the start (untouched capacity costs nothing):
    // the density seen early misleads when large bucket arrays come first, and each growth copies
    // every column of the objects read so far.
    const cap = Math.min(1 << 24, Math.max(1 << 16, Math.ceil(source.size / 64)));
    t.nodeBase = nodeBase;
    t.contentGap.reserve(cap);
    t.objEdgeStart.reserve(cap);
    nodeRoom(Math.min(t.contentGap.data.length, t.objEdgeStart.data.length));
  }
  const objCols = [t.objAddr, t.objSize, t.contentGap, t.objEdgeStart] as Growable<Float64Array | Uint32Array | Uint8Array>[];
  // End of the last object's contents (contentGap).
  let contentEnd = 0;
  const ptrCols = [t.ptrTarget, t.ptrOffset] as Growable<Float64Array | Uint32Array>[];

  /**
   * The common case, inlined: a run of object records of Ptr fields lying wholly in the read window,
   * decoded in one loop on local copies of the columns. Called after the first record's tag; each
   * further record starts with the one-byte tag 1. Stops before the first record that is anything
   * else or anything unusual (consuming nothing of it); the general path then reads that record and
   * reports errors with their offsets. Returns false when not even the first record was taken.
   */
  const fastObjects = (): boolean => {
    const buf = r.buf, base = r.base, dv = r.view;
    const lim = r.limit - base - 10;
    const ptr8 = P === 8, little = le, isSwiss = swiss, sw = swissSize;
    const hmapSize = P === 8 ? 48 : 32;
    let o = r.pos - base;
    if (o < 0 || o > lim) return false;
    let td = t.ptrTarget.data, od = t.ptrOffset.data;
    let oa = t.objAddr.data, os = t.objSize.data, og = t.contentGap.data, oe = t.objEdgeStart.data;
    let cEnd = contentEnd;
    // Bounds of the objects read (the varints' first bytes carry the low bits).
    let bMin = t.objBounds.min, bMax = t.objBounds.max, lowA = 0, lowS = 0;
    let m = t.ptrTarget.length, n = t.objAddr.length;
    let fields = 0, nonNil = 0, taken = 0, last = lastCount;
    let recs = records;
    for (;;) {
      // One record from o (just past its tag); `start` is where it began, for the rollback.
      const start = o;
      let b = buf[o++], addr = b & 127, mul = 128, k = 0;
      const a0 = b;
      let s0 = 0;
      let ok = true;
      while (b >= 128) {
        if (++k >= 10) {
          ok = false;
          break;
        }
        b = buf[o++];
        addr += (b & 127) * mul;
        mul *= 128;
      }
      let len = 0;
      if (ok) {
        b = buf[o++];
        len = b & 127;
        s0 = b;
        mul = 128;
        k = 0;
        while (b >= 128) {
          if (++k >= 10) {
            ok = false;
            break;
          }
          b = buf[o++];
          len += (b & 127) * mul;
          mul *= 128;
        }
      }
      const c = o;
      o += len;
      const m0 = m;
      let nf = 0, f0 = 0, f1 = 0, f2 = 0;
      while (ok) {
        if (o > lim) {
          ok = false;
          break;
        }
        const kind = buf[o++];
        if (kind === 0) break;
        if (kind !== 1) {
          ok = false;
          break;
        }
        b = buf[o++];
        let off = b & 127;
        mul = 128;
        k = 0;
        while (b >= 128) {
          if (++k >= 10) {
            ok = false;
            break;
          }
          b = buf[o++];
          off += (b & 127) * mul;
          mul *= 128;
        }
        if (!ok || off + P > len) {
          ok = false;
          break;
        }
        if (nf < 3) {
          if (nf === 0) f0 = off;
          else if (nf === 1) f1 = off;
          else f2 = off;
        }
        nf++;
        // The pointer word lies in the window too (contents come before the field list).
        const at = c + off;
        let v: number;
        if (ptr8) {
          const x = dv.getUint32(at, little), y = dv.getUint32(at + 4, little);
          v = little ? y * 4294967296 + x : x * 4294967296 + y;
        } else v = dv.getUint32(at, little);
        if (v === 0) continue;
        if (m === td.length) {
          t.ptrTarget.length = t.ptrOffset.length = m;
          r.pos = base + o; // for growTo's estimate
          growTo(ptrCols, m + 1);
          td = t.ptrTarget.data;
          od = t.ptrOffset.data;
        }
        td[m] = v;
        od[m++] = off;
      }
      if (!ok) {
        // Leave this record to the general path: the first one from past its tag, a later one from its tag.
        m = m0;
        o = taken === 0 ? start : start - 1;
        if (taken > 0) recs--; // counted again by the main loop
        break;
      }
      if (n + 1 >= oa.length || n + 1 >= oe.length || n + 1 >= og.length || n + 1 >= os.length) {
        t.objAddr.length = t.objSize.length = t.contentGap.length = t.objEdgeStart.length = n;
        r.pos = base + o;
        growTo(objCols, n + 2);
        oa = t.objAddr.data;
        os = t.objSize.data;
        og = t.contentGap.data;
        oe = t.objEdgeStart.data;
      }
      if (nf === 3 && len === hmapSize && f0 === P + 8 && f1 === 2 * P + 8 && f2 === 4 * P + 8) t.hmapCandidates.push(n);
      else if (nf === 1 && isSwiss && len === sw && f0 === 8 + P) t.swissCandidates.push(n);
      oe[n] = m0;
      oa[n] = addr;
      lowA |= a0;
      lowS |= s0;
      if (addr < bMin) bMin = addr;
      if (addr + len > bMax) bMax = addr + len;
      os[n] = len;
      const cAbs = base + c, gap = cAbs - cEnd;
      if ((n & 31) === 0 || !(gap >= 0 && gap < CHECKPOINT)) {
        og[n] = CHECKPOINT;
        t.checkObj.push(n);
        t.checkAt.push(cAbs);
      } else og[n] = gap;
      cEnd = cAbs + len;
      n++;
      fields += nf;
      nonNil += m - m0;
      last = m - m0;
      taken++;
      // Next record: another object (one-byte tag 1) still in the window?
      if (o > lim || buf[o] !== Tag.Object) break;
      if ((++recs & 0xffff) === 0) {
        progress.tick(base + o);
        if (ctx.signal?.aborted) throw new LimitError("aborted");
      }
      o++;
    }
    t.ptrTarget.length = t.ptrOffset.length = m;
    t.objAddr.length = t.objSize.length = t.contentGap.length = t.objEdgeStart.length = n;
    contentEnd = cEnd;
    t.objBounds.min = bMin;
    t.objBounds.max = bMax;
    if ((lowA & 7) !== 0) t.objBounds.aligned = false;
    if ((lowS & 7) !== 0) t.objBounds.sizes8 = false;
    t.pointerFields += fields;
    t.nilPointers += fields - nonNil;
    records = recs;
    if (taken > 1) tagCounts[Tag.Object] += taken - 1;
    if (taken > 0) lastCount = last;
    r.pos = base + o;
    return taken > 0;
  };
  /**
   * Map headers on the stack. A map that never escapes keeps its hmap in the frame as a stack
   * object, and the dump's frame field lists do not cover stack objects (Go ≥ 1.12), so the
   * header is found in the frame's bytes: a word-aligned window whose flags/B bytes are in range
   * and whose buckets word points into the arena. Unproven here; the map pass checks them.
   */
  const findStackMaps = (len: number, cpos: number, root: string) => {
    const hsize = 5 * P + 8;
    if (len < hsize || len > MAX_FRAME_SCAN || !t.params) return;
    // Usually still in the read window (frames are small); else a positioned read.
    let c: Uint8Array;
    if (cpos >= r.base && cpos + len <= r.limit) c = r.buf.subarray(cpos - r.base, cpos - r.base + len);
    else {
      c = new Uint8Array(len);
      if (source.read(c, 0, len, cpos) < len) return;
    }
    const { arenaStart, arenaEnd } = t.params;
    for (let o = 0; o + hsize <= len; o += P) {
      if (c[o + P] > 15 || c[o + P + 1] > 60) continue;
      const b = readWordAt(c, o + P + 8);
      if (b < arenaStart || b >= arenaEnd || b % 8 !== 0) continue;
      t.stackMaps.push({ root, header: c.slice(o, o + hsize) });
    }
  };
  const readWordAt = (c: Uint8Array, o: number): number => word(new DataView(c.buffer, c.byteOffset, c.byteLength), o);
  const needParams = (at: number, what: string) => {
    if (!t.params) throw new InputError(file, at, `expected the params record before the first ${what}`);
  };

  const hmapFields = (size: number, o: Uint32Array, n: number): boolean => {
    // classic hmap: size class of 5P+8, pointer fields exactly buckets, oldbuckets, extra.
    if (n !== 3 || size !== (P === 8 ? 48 : 32)) return false;
    return o[0] === P + 8 && o[1] === 2 * P + 8 && o[2] === 4 * P + 8;
  };

  const progress = ctx.progress;
  progress.phase("read Go heap dump", source.size);
  let goroutine = -1;
  let lastCount = 0; // non-nil pointers of the last complete object
  const tagCounts = new Float64Array(TAG_NAMES.length);
  let records = 0;
  let recStart = r.pos;
  try {
    for (;;) {
      if (r.eof()) break; // no EOF record: reported below
      recStart = r.pos;
      if ((++records & 0xffff) === 0) {
        progress.tick(r.pos);
        if (ctx.signal?.aborted) throw new LimitError("aborted");
      }
      const tag = uv();
      if (tag > Tag.AllocSample) throw new InputError(file, recStart, `expected a record tag 0-17, got ${tag}`);
      switch (tag) {
        case Tag.EOF:
          t.sawEof = true;
          break;
        case Tag.Object: {
          needParams(recStart, "object");
          if (fastObjects()) break;
          const addr = uv();
          const len = uv();
          const cpos = r.pos;
          r.skip(len);
          readFields(len);
          const n = offs.length;
          const o = offs.data;
          const before = t.ptrTarget.length;
          for (let i = 0; i < n; i++) {
            const v = ptrAt(cpos + o[i]);
            if (v === 0) t.nilPointers++;
            else {
              t.ptrTarget.push(v);
              t.ptrOffset.push(o[i]);
            }
          }
          t.pointerFields += n;
          if (hmapFields(len, o, n)) t.hmapCandidates.push(t.objAddr.length);
          else if (n === 1 && swiss && len === swissSize && o[0] === 8 + P) t.swissCandidates.push(t.objAddr.length);
          const k = t.objAddr.length;
          if (k + 1 >= t.objAddr.data.length || k + 1 >= t.objSize.data.length || k + 1 >= t.objEdgeStart.data.length || k + 1 >= t.contentGap.data.length) growTo(objCols, k + 2);
          t.objEdgeStart.push(before);
          lastCount = t.ptrTarget.length - before;
          t.objAddr.data[k] = addr;
          t.objSize.data[k] = len;
          noteBounds(t, addr, len);
          t.objAddr.length = t.objSize.length = k + 1;
          pushContent(t, k, cpos, contentEnd);
          contentEnd = cpos + len;
          break;
        }
        case Tag.OtherRoot: {
          const desc = str();
          const p = uv();
          t.otherRoots++;
          if (p !== 0) pushRoot(t, p, PendingKind.Other, sink.label(desc ? `other root: ${desc}` : "other root"), 0);
          break;
        }
        case Tag.Type: {
          uv();
          uv();
          str();
          bool();
          t.types++;
          break;
        }
        case Tag.Goroutine: {
          uv(); // g
          uv(); // sp
          const goid = uv();
          uv(); // gopc
          const status = uv();
          const system = bool();
          bool(); // isbackground
          uv(); // waitsince
          const waitReason = str();
          const ctxt = uv();
          uv(); // m
          uv(); // _defer
          uv(); // _panic
          goroutine = goid;
          t.goroutines.push({ id: goid, status: G_STATUS[status] ?? String(status), system, waitReason, frames: 0 });
          if (ctxt !== 0) pushRoot(t, ctxt, PendingKind.Frame, sink.label(`goroutine ${goid}: context`), 0);
          break;
        }
        case Tag.StackFrame: {
          needParams(recStart, "stack frame");
          uv(); // sp
          uv(); // depth
          uv(); // child sp
          const len = uv();
          const cpos = r.pos;
          r.skip(len);
          uv(); // entry pc
          uv(); // pc
          uv(); // continpc
          const fn = str();
          readFields(len);
          const g = t.goroutines[t.goroutines.length - 1];
          if (g) g.frames++;
          const rootText = `goroutine ${goroutine < 0 ? "?" : goroutine}: ${fn}`;
          const label = sink.label(rootText);
          for (let i = 0; i < offs.length; i++) {
            const v = ptrAt(cpos + offs.data[i]);
            if (v !== 0) pushRoot(t, v, PendingKind.Frame, label, 0);
          }
          findStackMaps(len, cpos, rootText);
          break;
        }
        case Tag.Params: {
          const bigEndian = bool();
          const at = r.pos;
          const ptrSize = uv();
          if (ptrSize !== 4 && ptrSize !== 8) throw new InputError(file, at, `expected pointer size 4 or 8 in params, got ${ptrSize}`);
          const arenaStart = uv();
          const arenaEnd = uv();
          const arch = str();
          const goVersion = str();
          const ncpu = uv();
          t.params = { bigEndian, ptrSize, arenaStart, arenaEnd, arch, goVersion, ncpu };
          P = ptrSize;
          le = !bigEndian;
          swiss = goMinor(goVersion) >= 24;
          swissSize = P === 8 ? 48 : 32;
          break;
        }
        case Tag.Finalizer:
        case Tag.QueuedFinalizer: {
          const obj = uv();
          const fn = uv();
          uv(); // fn pc
          uv(); // fint
          uv(); // ot
          t.finalizers.push({ obj, fn, queued: tag === Tag.QueuedFinalizer });
          break;
        }
        case Tag.Itab:
          uv();
          uv();
          t.itabs++;
          break;
        case Tag.OSThread:
          uv();
          uv();
          uv();
          t.osThreads++;
          break;
        case Tag.MemStats: {
          const m: Record<string, number> = {};
          for (const f of MEMSTATS_FIELDS) m[f] = uv();
          for (let i = 0; i < 256; i++) uv(); // PauseNs ring
          m.NumGC = uv();
          t.memstats = m;
          break;
        }
        case Tag.Data:
        case Tag.BSS: {
          needParams(recStart, "data/bss record");
          const addr = uv();
          const len = uv();
          const cpos = r.pos;
          r.skip(len);
          readFields(len);
          const kind = tag === Tag.Data ? PendingKind.Data : PendingKind.Bss;
          for (let i = 0; i < offs.length; i++) {
            const v = ptrAt(cpos + offs.data[i]);
            if (v !== 0) pushRoot(t, v, kind, 0, addr + offs.data[i]);
          }
          t.segments.push({ kind: tag === Tag.Data ? "data" : "bss", addr, size: len, fields: offs.length });
          break;
        }
        case Tag.Defer: {
          const d = uv();
          uv(); // g
          uv(); // sp
          uv(); // pc
          const fn = uv();
          uv(); // fn pc
          uv(); // link
          t.defers++;
          const label = sink.label(`goroutine ${goroutine < 0 ? "?" : goroutine}: defer`);
          if (d !== 0) pushRoot(t, d, PendingKind.Other, label, 0);
          if (fn !== 0) pushRoot(t, fn, PendingKind.Other, label, 0);
          break;
        }
        case Tag.Panic: {
          uv(); // p
          uv(); // g
          uv(); // eface type
          const data = uv();
          uv(); // 0
          uv(); // link
          t.panics++;
          if (data !== 0) pushRoot(t, data, PendingKind.Other, sink.label(`goroutine ${goroutine < 0 ? "?" : goroutine}: panic value`), 0);
          break;
        }
        case Tag.MemProf: {
          const b = uv();
          const size = uv();
          const at = r.pos;
          const nstk = uv();
          if (nstk > 100000) throw new InputError(file, at, `memprof stack of ${nstk} frames is implausible`);
          const frames: MemProfBucket["frames"] = [];
          for (let i = 0; i < nstk; i++) {
            const fn = str();
            const fl = str();
            const line = uv();
            frames.push({ fn, file: fl, line });
          }
          const allocs = uv();
          const frees = uv();
          t.memprof.set(b, { size, frames, allocs, frees });
          break;
        }
        case Tag.AllocSample:
          t.sampleObj.push(uv());
          t.sampleBucket.push(uv());
          break;
      }
      tagCounts[tag]++;
      if (t.sawEof) break;
    }
  } catch (e) {
    if (!(e instanceof EndOfInput)) throw e;
    t.truncatedAt = recStart;
  }
  for (let k = 0; k < TAG_NAMES.length; k++) t.counts[TAG_NAMES[k]] = tagCounts[k];
  // Close the per-object pointer ranges; drop pointers of an object cut off by truncation.
  const n = t.objAddr.length;
  const committed = n === 0 ? 0 : t.objEdgeStart.data[n - 1] + lastCount;
  t.objEdgeStart.length = n;
  t.objEdgeStart.push(committed);
  if (nodes) {
    commitNodes();
    const cols = nodes.nodeColumns();
    t.objAddr.data = nodes.float64Ids().subarray(nodeBase, nodeBase + n);
    t.objSize.data = nodes.widenShallow().subarray(nodeBase, nodeBase + n);
  }
  t.ptrTarget.length = committed;
  t.ptrOffset.length = committed;
  progress.end();
  return t;
}

function noteBounds(t: DumpTables, addr: number, len: number): void {
  const b = t.objBounds;
  if (addr < b.min) b.min = addr;
  if (addr + len > b.max) b.max = addr + len;
  if (addr - Math.floor(addr / 8) * 8 !== 0) b.aligned = false;
  if (len - Math.floor(len / 8) * 8 !== 0) b.sizes8 = false;
}

/** Content gap byte meaning "offset stored in checkObj/checkAt". */
const CHECKPOINT = 255;

function pushContent(t: DumpTables, o: number, at: number, prevEnd: number): void {
  const gap = at - prevEnd;
  if ((o & 31) === 0 || !(gap >= 0 && gap < CHECKPOINT)) {
    t.contentGap.push(CHECKPOINT);
    t.checkObj.push(o);
    t.checkAt.push(at);
  } else t.contentGap.push(gap);
}

/** File offset of object o's contents. */
export function contentOffset(t: DumpTables, o: number): number {
  const gap = t.contentGap.data, size = t.objSize.data;
  let acc = 0;
  let p = o;
  while (gap[p] !== CHECKPOINT) {
    acc += gap[p] + size[p - 1];
    p--;
  }
  // Checkpoints are in ordinal order.
  const ob = t.checkObj.data;
  let lo = 0, hi = t.checkObj.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ob[mid] < p) lo = mid + 1;
    else hi = mid;
  }
  return t.checkAt.data[lo] + acc;
}

function pushRoot(t: DumpTables, target: number, kind: number, label: number, where: number): void {
  t.roots.target.push(target);
  t.roots.kind.push(kind);
  t.roots.label.push(label);
  t.roots.where.push(where);
}
