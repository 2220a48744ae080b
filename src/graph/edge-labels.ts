import { INDEX_LABEL } from "./kinds.ts";

/** Codes with this bit are array slots: the low 15 bits of the index (the rest comes from the steps). */
export const INDEX_CODE = 0x8000;
/** The code that stands for "look the label up in the escape table"; label-table entries below it are their own code. */
export const ESCAPE = 0x7fff;
/** Bits of an array index that a code holds. */
const LOW_BITS = 15;
const LOW_MASK = 0x7fff;

/**
 * The transferable form of an EdgeLabels column: 16-bit codes, the escaped labels as (edge, label)
 * pairs, and the index steps as (edge, high bits) pairs, both sorted by edge; or plain 32-bit labels.
 */
export interface EdgeLabelColumn {
  codes: Uint16Array | Uint32Array;
  escapedEdge?: Uint32Array;
  escapedLabel?: Uint32Array;
  stepEdge?: Uint32Array;
  stepHigh?: Uint32Array;
}

/**
 * The label of every edge (a label-table entry, or INDEX_LABEL | i for array slot i) in 2 bytes
 * instead of 4; at 60M edges that is 120 MB less while the dominators run.
 * - A label-table entry below ESCAPE is its own code; the others are escaped: (edge, label) pairs.
 *   Only label tables past 32767 names have them.
 * - An array slot keeps the low 15 bits of its index. The high bits are a step function of the
 *   edge number, (edge, high) pairs where they change: slots are written in index order, so a
 *   40000-slot array needs two steps, not 7000 pairs.
 * When escapes would eat the saving, the 32-bit labels are kept as they are.
 */
export class EdgeLabels {
  private readonly codes: Uint16Array | Uint32Array;
  private readonly wide: boolean;
  private readonly escapedEdge: Uint32Array;
  private readonly escapedLabel: Uint32Array;
  private readonly stepEdge: Uint32Array;
  private readonly stepHigh: Uint32Array;

  constructor(column: EdgeLabelColumn) {
    this.codes = column.codes;
    this.wide = column.codes instanceof Uint32Array;
    const none = new Uint32Array(0);
    this.escapedEdge = column.escapedEdge ?? none;
    this.escapedLabel = column.escapedLabel ?? none;
    this.stepEdge = column.stepEdge ?? none;
    this.stepHigh = column.stepHigh ?? none;
  }

  /** Compacts 32-bit labels (which the caller drops afterwards) when that saves memory. */
  static of(labels: Uint32Array): EdgeLabels {
    return new EdgeLabels(compactLabels(labels));
  }

  get length(): number {
    return this.codes.length;
  }

  /** The edge's label as a 32-bit value (label-table entry, or INDEX_LABEL | index). */
  get(edge: number): number {
    const c = this.codes[edge];
    if (this.wide) return c;
    if (c & INDEX_CODE) {
      const high = this.stepEdge.length === 0 ? 0 : this.highAt(edge);
      return (INDEX_LABEL | (high * 32768 + (c & LOW_MASK))) >>> 0;
    }
    return c === ESCAPE ? this.escaped(edge) : c;
  }

  /** Every label as a 32-bit array (tests, small graphs). */
  toUint32(): Uint32Array {
    const out = new Uint32Array(this.length);
    for (let e = 0; e < out.length; e++) out[e] = this.get(e);
    return out;
  }

  /** The arrays to send to another thread (rebuilt there with `new EdgeLabels(column)`). */
  column(): EdgeLabelColumn {
    return { codes: this.codes, escapedEdge: this.escapedEdge, escapedLabel: this.escapedLabel, stepEdge: this.stepEdge, stepHigh: this.stepHigh };
  }

  private escaped(edge: number): number {
    const k = lastAtOrBefore(this.escapedEdge, edge);
    if (k < 0 || this.escapedEdge[k] !== edge) throw new Error(`edge ${edge}: escaped label missing from the escape table`);
    return this.escapedLabel[k];
  }

  private highAt(edge: number): number {
    const k = lastAtOrBefore(this.stepEdge, edge);
    return k < 0 ? 0 : this.stepHigh[k];
  }
}

/** Index of the last element ≤ x in an ascending array, or -1. */
function lastAtOrBefore(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi;
}

/**
 * Codes for labels written in edge order, collecting the escapes and index steps as flat
 * (edge, value) lists. `finish(edge)` returns the steps to high 0, so lists written by separate
 * encoders (two threads' halves of pass 2) can be concatenated.
 */
export class LabelEncoder {
  readonly escapes: number[] = [];
  readonly steps: number[] = [];
  private high = 0;

  /** The code of `label` at edge slot `edge`. */
  code(edge: number, label: number): number {
    if (label & INDEX_LABEL) return this.indexCode(edge, label & 0x7fffffff);
    return label < ESCAPE ? label : this.escape(edge, label);
  }

  /** The code of a label-table entry from ESCAPE up (kept as an escape pair). */
  escape(edge: number, label: number): number {
    this.escapes.push(edge, label);
    return ESCAPE;
  }

  /** The code of array slot `index` at edge slot `edge`. */
  indexCode(edge: number, index: number): number {
    const high = index >>> LOW_BITS;
    if (high !== this.high) {
      this.steps.push(edge, high);
      this.high = high;
    }
    return INDEX_CODE | (index & LOW_MASK);
  }

  /** Ends the run at edge slot `edge` (one past the last written). */
  finish(edge: number): void {
    if (this.high !== 0) this.steps.push(edge, 0);
    this.high = 0;
  }
}

function compactLabels(labels: Uint32Array): EdgeLabelColumn {
  const m = labels.length;
  // Graph columns built on shared memory stay there (a worker may read them).
  const codes = labels.buffer instanceof SharedArrayBuffer ? new Uint16Array(new SharedArrayBuffer(2 * m)) : new Uint16Array(m);
  // Escapes cost 16 bytes each while collected (8 once stored): past m/8 of them the 2 bytes
  // per edge saved are gone.
  const limit = 2 * (m >>> 3);
  const enc = new LabelEncoder();
  for (let e = 0; e < m; e++) {
    // As int32 (no doubles in the loop): index labels are the negative ones.
    const l = labels[e] | 0;
    if (l < 0) codes[e] = enc.indexCode(e, l & 0x7fffffff);
    else if (l < ESCAPE) codes[e] = l;
    else {
      codes[e] = enc.escape(e, l);
      if (enc.escapes.length > limit) return { codes: labels };
    }
  }
  return { codes, escapedEdge: evens(enc.escapes), escapedLabel: odds(enc.escapes), stepEdge: evens(enc.steps), stepHigh: odds(enc.steps) };
}

/** The edges (even positions) and values (odd positions) of a flat (edge, value) list. */
export function evens(pairs: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(pairs.length >>> 1);
  for (let k = 0; k < out.length; k++) out[k] = pairs[2 * k];
  return out;
}
export function odds(pairs: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(pairs.length >>> 1);
  for (let k = 0; k < out.length; k++) out[k] = pairs[2 * k + 1];
  return out;
}
