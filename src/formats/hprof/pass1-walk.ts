import { Growable } from "../../graph/growable.ts";
import { NodeKind } from "../../graph/kinds.ts";
import { InputError } from "../../io/errors.ts";
import { PRIM_SIZE, Sub, SUB_TAG_NAMES } from "./constants.ts";
import type { ClassIdHash } from "./classes.ts";
import type { SizeModel } from "./shallow-size.ts";
import { readId, type Window } from "./window.ts";

/** Every CHECKPOINT_STRIDE-th node's record offset is kept so values can be re-read lazily. */
export const CHECKPOINT_SHIFT = 5;
const STRIDE_MASK = (1 << CHECKPOINT_SHIFT) - 1;

/** Placeholder type of a primitive array until the "[I"-style classes are known: base + element type. */
export const PRIM_PLACEHOLDER = 0xffffff00;

const MAX_SAFE = 9007199254740992;

/** Thrown inside the sub-record walk when a record does not fit in its heap dump body. */
export class Cut {
  constructor(readonly pos: number, readonly tag: number, readonly need: number) {}
}

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

/** What the object records need from the class model once every leading CLASS_DUMP is read. */
export interface ClassSizes {
  /** Shallow size per class index. */
  instShallow: Float64Array;
  /** Pass-2 edge bound per instance of each class (reference fields + the class edge). */
  instEdges: Float64Array;
  /** Type per primitive element type (4..11), -1 when the dump has no such array class. */
  primType: Int32Array;
}

/** Why ObjectWalk.walk returned before the end of its range. */
export const enum WalkStop {
  RangeEnd = 0,
  /** A CLASS_DUMP at the returned position (the caller reads it). */
  ClassDump = 1,
  /** An object record at the returned position and no class sizes yet (the caller sets them). */
  NeedSizes = 2,
  /** Strict walks only: a record the caller must handle itself (an unknown class, a missing primitive-array class, an array of 4 GiB or more). */
  Bail = 3,
}

/** The node columns a walk writes: the builder's, or the second thread's own. */
export interface NodeColumns {
  kind: Uint8Array;
  type: Uint32Array;
  shallow: Uint32Array | Float64Array;
  externalId: Float64Array;
}

/**
 * Pass 1's walk over the object and root sub-records of one heap dump range, and the state it
 * carries from range to range: nodes written at `base + k`, the pass-2 edge bound, roots,
 * checkpoints, id order. CLASS_DUMPs are left to the caller (they need the string and class
 * tables), so the same walk runs on the main thread and, strict (never writing a placeholder
 * type), on the second thread over ranges of its own.
 */
export class ObjectWalk {
  k = 0;
  sizes: ClassSizes | undefined;
  /** Classes whose sizes are in `sizes` (the leading CLASS_DUMPs). */
  frozen = 0;
  edgeBound = 0;
  objArraySlots = 0;
  lastId = -1;
  ascending = true;
  needFixup = false;
  readonly counts = new Float64Array(256);
  readonly ckPos = new Growable(Float64Array);
  readonly ckRange = new Growable(Uint32Array);
  readonly pendOrd = new Growable(Uint32Array, 16);
  readonly pendCls = new Growable(Float64Array, 16);
  readonly rTag = new Growable(Uint8Array);
  readonly rId = new Growable(Float64Array);
  readonly rThread = new Growable(Uint32Array);
  readonly rFrame = new Growable(Int32Array);
  prevTag = -1;
  prevPos = -1;
  /** Why the last walk returned. */
  stop: WalkStop = WalkStop.RangeEnd;
  private nextTick = 0;
  private readonly fixed: Int32Array;
  private readonly primStart = new Float64Array(12);

  constructor(
    readonly file: string,
    readonly idSize: number,
    readonly model: SizeModel,
    public cols: NodeColumns,
    readonly base: number,
    readonly capacity: number,
    readonly typeBase: number,
    readonly classHash: ClassIdHash,
    /** Strict walks stop (WalkStop.Bail) where a lenient one writes a placeholder or widens a column. */
    readonly strict: boolean,
    /** Lenient walks: widens the shallow column to Float64 (an array of 4 GiB or more) and returns it. */
    private readonly widen: () => Uint32Array | Float64Array = () => cols.shallow,
  ) {
    this.fixed = fixedSubRecordSizes(idSize);
    // Same arithmetic as shallow-size.ts primitiveArrayShallow / objectArrayShallow.
    for (let t = 4; t < 12; t++) this.primStart[t] = PRIM_SIZE[t] === 8 ? Math.ceil(model.arrayHeader / 8) * 8 : model.arrayHeader;
  }

  /** Appends a node the caller parsed (a class object) at record `pos` of range r. */
  addNode(pos: number, r: number, kind: NodeKind, type: number, shallow: number, id: number): void {
    const at = this.base + this.k;
    if (this.k === this.capacity) throw new InputError(this.file, pos, "more node records than the heap dump's size allows");
    this.cols.kind[at] = kind;
    this.cols.type[at] = type;
    this.cols.shallow[at] = shallow;
    this.cols.externalId[at] = id;
    if ((this.k & STRIDE_MASK) === 0) {
      this.ckPos.push(pos);
      this.ckRange.push(r);
    }
    this.k++;
  }

  setSizes(sizes: ClassSizes, frozen: number): void {
    this.sizes = sizes;
    this.frozen = frozen;
  }

  /**
   * Walks sub-records from `pos` towards `end` (range r) and returns where it stopped: `end`, or
   * the position of a record it leaves to the caller (see WalkStop, in `this.stop`). Throws Cut when
   * a record does not fit before `end`, InputError on records no dump may contain.
   */
  walk(w: Window, r: number, pos: number, end: number, tick?: (pos: number) => void): number {
    const I = this.idSize;
    const id8 = I === 8;
    const file = this.file;
    const { kind: K, type: TY, externalId: EX } = this.cols;
    let SH = this.cols.shallow;
    const base = this.base;
    const capacity = this.capacity;
    const strict = this.strict;
    const fixed = this.fixed;
    const counts = this.counts;
    const ckPos = this.ckPos;
    const ckRange = this.ckRange;
    const classHash = this.classHash;
    const sizes = this.sizes;
    const instShallow = sizes ? sizes.instShallow : new Float64Array(0);
    const instEdges = sizes ? sizes.instEdges : new Float64Array(0);
    const primType = sizes ? sizes.primType : new Int32Array(12).fill(-1);
    const frozen = this.frozen;
    const typeBase = this.typeBase;
    const primStart = this.primStart;
    const align = this.model.align;
    const refBytes = this.model.ref;
    const arrayHeader = this.model.arrayHeader;
    let k = this.k;
    let edgeBound = this.edgeBound;
    let objArraySlots = this.objArraySlots;
    let lastId = this.lastId;
    let ascending = this.ascending;
    let needFixup = this.needFixup;
    let prevTag = this.prevTag;
    let prevPos = this.prevPos;
    let lastClassId = -1;
    let lastCi = -1;
    let nextTick = tick ? this.nextTick : Infinity;
    let stop = WalkStop.RangeEnd;
    try {
      while (pos < end) {
        const avail = end - pos;
        const o = w.at(pos, avail < 256 ? avail : 256);
        const buf = w.buf;
        const dv = w.view;
        const tag = buf[o];
        if (tag === Sub.InstanceDump || tag === Sub.ObjArrayDump || tag === Sub.PrimArrayDump || tag === Sub.PrimArrayNoData) {
          if (sizes === undefined) {
            stop = WalkStop.NeedSizes;
            break;
          }
          const id = id8 ? dv.getUint32(o + 1) * 4294967296 + dv.getUint32(o + 5) : readId(dv, o + 1, I);
          if (id >= MAX_SAFE) throw new InputError(file, pos, `object id ${id.toString(16)} is 2^53 or more; this reader needs ids below 2^53`);
          if (k === capacity) throw new InputError(file, pos, "more node records than the heap dump's size allows");
          let total: number;
          if (tag === Sub.InstanceDump) {
            const hdr = 9 + 2 * I;
            if (hdr > avail) throw new Cut(pos, tag, hdr);
            total = hdr + dv.getUint32(o + 5 + 2 * I);
            if (total > avail) throw new Cut(pos, tag, total);
            const classId = id8 ? dv.getUint32(o + 13) * 4294967296 + dv.getUint32(o + 17) : readId(dv, o + 5 + I, I);
            let ci = lastCi;
            if (classId !== lastClassId) {
              ci = classHash.get(classId);
              lastClassId = classId;
              lastCi = ci;
            }
            if (ci >= 0 && ci < frozen) {
              TY[base + k] = typeBase + ci;
              SH[base + k] = instShallow[ci];
              edgeBound += instEdges[ci];
            } else if (strict) {
              stop = WalkStop.Bail;
              break;
            } else {
              this.pendOrd.push(base + k);
              this.pendCls.push(classId);
              needFixup = true;
            }
            K[base + k] = NodeKind.Instance;
          } else if (tag === Sub.ObjArrayDump) {
            const hdr = 9 + 2 * I;
            if (hdr > avail) throw new Cut(pos, tag, hdr);
            const len = dv.getUint32(o + 5 + I);
            total = hdr + len * I;
            if (total > avail) throw new Cut(pos, tag, total);
            const classId = readId(dv, o + 9 + I, I);
            const ci = classHash.get(classId);
            const bytes = Math.ceil((arrayHeader + len * refBytes) / align) * align;
            if (ci < 0 && strict) {
              stop = WalkStop.Bail;
              break;
            }
            if (bytes > 0xffffffff) {
              if (strict) {
                stop = WalkStop.Bail;
                break;
              }
              SH = this.cols.shallow = this.widen();
            }
            K[base + k] = NodeKind.ObjectArray;
            SH[base + k] = bytes;
            if (ci >= 0) TY[base + k] = typeBase + ci;
            else {
              this.pendOrd.push(base + k);
              this.pendCls.push(classId);
            }
            objArraySlots += len;
            edgeBound += len + 1;
          } else {
            const hdr = 10 + I;
            if (hdr > avail) throw new Cut(pos, tag, hdr);
            const len = dv.getUint32(o + 5 + I);
            const et = buf[o + 9 + I];
            const es = et < PRIM_SIZE.length ? PRIM_SIZE[et] : 0;
            if (es === 0) throw new InputError(file, pos + 9 + I, `primitive array element type ${et}; expected a basic type 4..11`);
            total = tag === Sub.PrimArrayDump ? hdr + len * es : hdr;
            if (total > avail) throw new Cut(pos, tag, total);
            const bytes = Math.ceil((primStart[et] + len * es) / align) * align;
            const pt = primType[et];
            if ((pt < 0 || bytes > 0xffffffff) && strict) {
              stop = WalkStop.Bail;
              break;
            }
            if (bytes > 0xffffffff) SH = this.cols.shallow = this.widen();
            K[base + k] = NodeKind.PrimitiveArray;
            SH[base + k] = bytes;
            if (pt >= 0) TY[base + k] = pt;
            else {
              TY[base + k] = PRIM_PLACEHOLDER + et;
              needFixup = true;
            }
          }
          if (id <= lastId) ascending = false;
          lastId = id;
          EX[base + k] = id;
          if ((k & STRIDE_MASK) === 0) {
            ckPos.push(pos);
            ckRange.push(r);
          }
          counts[tag]++;
          k++;
          pos += total;
        } else if (tag === Sub.ClassDump) {
          stop = WalkStop.ClassDump;
          break;
        } else {
          const f = fixed[tag];
          if (f < 0) {
            const prev = prevTag < 0 ? "none (first sub-record of the body)" : `0x${prevTag.toString(16)} ${SUB_TAG_NAMES[prevTag] ?? ""} at byte ${prevPos}`;
            throw new InputError(file, pos, `unknown heap dump sub-record tag 0x${tag.toString(16).padStart(2, "0")}; previous sub-record: ${prev}`);
          }
          if (1 + f > avail) throw new Cut(pos, tag, 1 + f);
          if (tag !== Sub.HeapDumpInfo) {
            this.rTag.push(tag);
            this.rId.push(readId(dv, o + 1, I));
            const hasThread = tag === Sub.RootJniLocal || tag === Sub.RootJavaFrame || tag === Sub.RootNativeStack || tag === Sub.RootThreadBlock || tag === Sub.RootThreadObject || tag === Sub.RootJniMonitor;
            this.rThread.push(hasThread ? dv.getUint32(o + 1 + I) : 0);
            this.rFrame.push(tag === Sub.RootJniLocal || tag === Sub.RootJavaFrame || tag === Sub.RootThreadObject || tag === Sub.RootJniMonitor ? dv.getInt32(o + 5 + I) : -1);
          }
          counts[tag]++;
          pos += 1 + f;
        }
        prevTag = tag;
        prevPos = pos;
        if (pos >= nextTick) {
          nextTick = pos + 8 * 1024 * 1024;
          tick!(pos);
        }
      }
    } finally {
      this.k = k;
      this.edgeBound = edgeBound;
      this.objArraySlots = objArraySlots;
      this.lastId = lastId;
      this.ascending = ascending;
      this.needFixup = needFixup;
      this.prevTag = prevTag;
      this.prevPos = prevPos;
      this.stop = stop;
      if (tick) this.nextTick = nextTick;
    }
    return pos;
  }
}
