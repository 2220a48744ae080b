import protobuf from "protobufjs/minimal.js";
import { InputError } from "../../io/errors.ts";

// 64-bit fields as plain numbers: Long objects are 3.5x slower and 2.5x the memory (STACK.md).
// Must happen before the first decode; harmless if another module already did it.
(protobuf.util as { Long?: unknown }).Long = undefined;
protobuf.configure();

/**
 * A pprof Profile message (profile.proto) decoded into flat typed arrays. Ids stay as written;
 * `*Index` helpers resolve them. Values and ids are numbers (exact below 2^53).
 */
export interface DecodedProfile {
  strings: string[];
  /** String-table indexes, two per sample type (type, unit). */
  sampleType: number[];
  sampleCount: number;
  /** Sample i's location ids are locIds[locStart[i] .. locStart[i+1]), leaf first (ids < 2^32). */
  locStart: Uint32Array;
  locIds: Uint32Array;
  /** Sample i's values are values[valStart[i] .. valStart[i+1]). */
  valStart: Uint32Array;
  values: Float64Array;
  /** Labels, flat: owning sample, key (string index), numeric value or string index, isNum. */
  labelSample: Uint32Array;
  labelKey: Uint32Array;
  labelNum: Float64Array;
  labelStr: Uint32Array;
  labelIsNum: Uint8Array;
  mappings: DecodedMapping[];
  locationCount: number;
  locId: Float64Array;
  locMapping: Float64Array;
  locAddress: Float64Array;
  /** Location j's lines are [lineStart[j], lineStart[j+1]) in lineFunction/lineNumber. */
  lineStart: Uint32Array;
  lineFunction: Float64Array;
  lineNumber: Float64Array;
  functionCount: number;
  funcId: Float64Array;
  funcName: Uint32Array;
  funcSystemName: Uint32Array;
  funcFile: Uint32Array;
  funcStartLine: Float64Array;
  dropFrames: number;
  keepFrames: number;
  timeNanos: number;
  durationNanos: number;
  /** (type, unit) string indexes, or undefined when absent. */
  periodType?: [number, number];
  period: number;
  comments: number[];
  defaultSampleType: number;
  docUrl: number;
}

export interface DecodedMapping {
  id: number;
  memoryStart: number;
  memoryLimit: number;
  fileOffset: number;
  filename: number;
  buildId: number;
  hasFunctions: boolean;
  hasFilenames: boolean;
  hasLineNumbers: boolean;
  hasInlineFrames: boolean;
}

type Reader = protobuf.Reader;

const TWO32 = 4294967296;

/** Varint at r.pos as a number; `signed` reads int64 two's complement (10-byte negatives). */
function varint(r: Reader, signed: boolean): number {
  const buf = r.buf;
  let pos = r.pos;
  const end = r.len;
  if (pos < end) {
    const b = buf[pos];
    if (b < 0x80) {
      r.pos = pos + 1;
      return b;
    }
  }
  let lo = 0;
  let hi = 0;
  let i = 0;
  for (; i < 10; i++) {
    if (pos >= end) throw new RangeError(`varint runs past the end of its message (${end})`);
    const b = buf[pos++];
    const bits = b & 0x7f;
    if (i < 4) lo |= bits << (7 * i);
    else if (i === 4) {
      lo |= bits << 28;
      hi |= bits >>> 4;
    } else hi |= bits << (7 * i - 32);
    if (b < 0x80) break;
  }
  if (i === 10) throw new RangeError("varint longer than 10 bytes");
  r.pos = pos;
  if (signed && hi & 0x80000000) {
    // Negative int64 (two's complement): -(~v + 1), exact while |v| < 2^53.
    return -((~hi >>> 0) * TWO32 + (~lo >>> 0) + 1);
  }
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}

function tag(r: Reader): number {
  return varint(r, false);
}

/** End offset of a length-delimited field starting at r.pos (reads the length). */
function fieldEnd(r: Reader): number {
  const len = varint(r, false);
  const end = r.pos + len;
  if (end > r.len) throw new RangeError(`length ${len} runs past the end of the enclosing message (${r.len})`);
  return end;
}

/** Skips a field body of the given wire type (groups are refused: profile.proto has none). */
function skip(r: Reader, wire: number): void {
  switch (wire) {
    case 0:
      varint(r, false);
      return;
    case 1:
    case 5: {
      // Checked before moving, so the error names the field's offset, not a point past the end.
      const n = wire === 1 ? 8 : 4;
      if (r.pos + n > r.len) throw new RangeError("field runs past the end of its message");
      r.pos += n;
      return;
    }
    case 2:
      r.pos = fieldEnd(r);
      return;
    default:
      throw new RangeError(`wire type ${wire} is not used by profile.proto`);
  }
}

/** Calls `each` for every value of a repeated scalar (packed or not) at r.pos with wire type `wire`. */
function repeatedVarints(r: Reader, wire: number, signed: boolean, each: (v: number) => void): void {
  if (wire === 0) {
    each(varint(r, signed));
    return;
  }
  if (wire !== 2) throw new RangeError(`repeated integer with wire type ${wire}`);
  const end = fieldEnd(r);
  const len = r.len;
  r.len = end;
  while (r.pos < end) each(varint(r, signed));
  r.len = len;
}

/** A message body [r.pos, end): runs `field(fieldNo, wire)` for each field; `field` must consume it. */
function message(r: Reader, end: number, field: (no: number, wire: number) => void): void {
  const outer = r.len;
  r.len = end;
  while (r.pos < end) {
    const t = tag(r);
    const no = t >>> 3;
    const wire = t & 7;
    if (no === 0) throw new RangeError("field number 0");
    field(no, wire);
  }
  r.len = outer;
  if (r.pos !== end) throw new RangeError("a field runs past the end of its message");
}

interface Counts {
  samples: number;
  locIds: number;
  values: number;
  labels: number;
  locations: number;
  lines: number;
  functions: number;
  strings: number;
}

/** Pass 1: sizes of every table, so pass 2 fills exactly-sized typed arrays. */
function count(r: Reader): Counts {
  const c: Counts = { samples: 0, locIds: 0, values: 0, labels: 0, locations: 0, lines: 0, functions: 0, strings: 0 };
  const end = r.len;
  while (r.pos < end) {
    const t = tag(r);
    const no = t >>> 3;
    const wire = t & 7;
    if (no === 0) throw new RangeError("field number 0");
    if (wire === 2 && no === 2) {
      const e = fieldEnd(r);
      c.samples++;
      countSample(r, e, c);
    } else if (wire === 2 && no === 4) {
      const e = fieldEnd(r);
      c.locations++;
      message(r, e, (f, w) => {
        if (f === 4) c.lines++;
        skip(r, w);
      });
    } else {
      if (no === 5 && wire === 2) c.functions++;
      else if (no === 6 && wire === 2) c.strings++;
      skip(r, wire);
    }
  }
  return c;
}

/** Counts one sample's location ids, values and labels (hot: no closures). */
function countSample(r: Reader, end: number, c: Counts): void {
  const buf = r.buf;
  while (r.pos < end) {
    // Fast path (what Go writes): a packed location_id / value field or a label with one-byte
    // tag and length that ends inside the sample. Anything else takes the general code below.
    const at = r.pos;
    const t0 = buf[at];
    if ((t0 === 0x0a || t0 === 0x12 || t0 === 0x1a) && at + 1 < end) {
      const n = buf[at + 1];
      const e = at + 2 + n;
      if (n < 0x80 && e <= end) {
        if (t0 === 0x0a) c.locIds += n;
        else if (t0 === 0x12) {
          let k = 0;
          for (let q = at + 2; q < e; q++) if (buf[q] < 0x80) k++;
          c.values += k;
        } else c.labels++;
        r.pos = e;
        continue;
      }
    }
    const t = tag(r);
    const f = t >>> 3;
    const w = t & 7;
    if ((f === 1 || f === 2) && w === 2) {
      const e = fieldEnd(r);
      if (e > end) throw new RangeError("a packed field runs past the end of its sample");
      if (f === 1) {
        // An upper bound (one id per byte) is exact for the usual one-byte ids and saves a scan.
        c.locIds += e - r.pos;
      } else {
        let k = 0;
        for (let p = r.pos; p < e; p++) if (buf[p] < 0x80) k++;
        c.values += k;
      }
      r.pos = e;
    } else if ((f === 1 || f === 2) && w === 0) {
      varint(r, false);
      if (f === 1) c.locIds++;
      else c.values++;
    } else {
      if (f === 0) throw new RangeError("field number 0");
      if (f === 3) c.labels++;
      skip(r, w);
    }
  }
  if (r.pos !== end) throw new RangeError("a field runs past the end of its sample");
}

function valueType(r: Reader, end: number): [number, number] {
  const vt: [number, number] = [0, 0];
  message(r, end, (f, w) => {
    if (f === 1 && w === 0) vt[0] = varint(r, true);
    else if (f === 2 && w === 0) vt[1] = varint(r, true);
    else skip(r, w);
  });
  return vt;
}

/**
 * Decodes a serialized (already gunzipped) Profile. Any malformed wire data or out-of-range
 * reference becomes an InputError naming the byte offset.
 */
export function decodeProfile(bytes: Uint8Array, file: string): DecodedProfile {
  const r = protobuf.Reader.create(bytes);
  let c: Counts;
  try {
    c = count(r);
  } catch (e) {
    throw asInputError(e, file, r.pos);
  }
  // Every table entry costs at least one byte on the wire: the counts cannot exceed the size.
  const p: DecodedProfile = {
    strings: [],
    sampleType: [],
    sampleCount: c.samples,
    locStart: new Uint32Array(c.samples + 1),
    locIds: new Uint32Array(c.locIds),
    valStart: new Uint32Array(c.samples + 1),
    values: new Float64Array(c.values),
    labelSample: new Uint32Array(c.labels),
    labelKey: new Uint32Array(c.labels),
    labelNum: new Float64Array(c.labels),
    labelStr: new Uint32Array(c.labels),
    labelIsNum: new Uint8Array(c.labels),
    mappings: [],
    locationCount: c.locations,
    locId: new Float64Array(c.locations),
    locMapping: new Float64Array(c.locations),
    locAddress: new Float64Array(c.locations),
    lineStart: new Uint32Array(c.locations + 1),
    lineFunction: new Float64Array(c.lines),
    lineNumber: new Float64Array(c.lines),
    functionCount: c.functions,
    funcId: new Float64Array(c.functions),
    funcName: new Uint32Array(c.functions),
    funcSystemName: new Uint32Array(c.functions),
    funcFile: new Uint32Array(c.functions),
    funcStartLine: new Float64Array(c.functions),
    dropFrames: 0,
    keepFrames: 0,
    timeNanos: 0,
    durationNanos: 0,
    period: 0,
    comments: [],
    defaultSampleType: 0,
    docUrl: 0,
  };
  r.pos = 0;
  try {
    fill(r, p);
  } catch (e) {
    throw asInputError(e, file, r.pos);
  }
  checkReferences(p, bytes, file);
  return p;
}

function asInputError(e: unknown, file: string, pos: number): InputError {
  if (e instanceof InputError) return e;
  // Only the decoder's own RangeErrors (and protobufjs's plain Errors) mean bad bytes; a TypeError or a
  // LimitError is a bug or a resource limit and must not be reported as a corrupt file.
  if (!(e instanceof RangeError) && !(e instanceof Error && e.constructor === Error)) throw e;
  const msg = e instanceof Error ? e.message : String(e);
  return new InputError(file, pos, `corrupt pprof protobuf: ${msg}`);
}

/** Pass 2: decode every field into the arrays sized by pass 1. */
function fill(r: Reader, p: DecodedProfile): void {
  let s = 0, loc = 0, line = 0, fn = 0;
  const cur: Cursor = { li: 0, vi: 0, lab: 0 };
  message(r, r.len, (no, wire) => {
    switch (no) {
      case 1:
        if (wire !== 2) throw new RangeError("sample_type is not a message");
        p.sampleType.push(...valueType(r, fieldEnd(r)));
        return;
      case 2: {
        if (wire !== 2) throw new RangeError("sample is not a message");
        const end = fieldEnd(r);
        p.locStart[s] = cur.li;
        p.valStart[s] = cur.vi;
        fillSample(r, end, p, s, cur);
        s++;
        return;
      }
      case 3: {
        if (wire !== 2) throw new RangeError("mapping is not a message");
        const m: DecodedMapping = {
          id: 0, memoryStart: 0, memoryLimit: 0, fileOffset: 0, filename: 0, buildId: 0,
          hasFunctions: false, hasFilenames: false, hasLineNumbers: false, hasInlineFrames: false,
        };
        message(r, fieldEnd(r), (f, w) => {
          if (w !== 0) return skip(r, w);
          const v = varint(r, f === 5 || f === 6);
          if (f === 1) m.id = v;
          else if (f === 2) m.memoryStart = v;
          else if (f === 3) m.memoryLimit = v;
          else if (f === 4) m.fileOffset = v;
          else if (f === 5) m.filename = v;
          else if (f === 6) m.buildId = v;
          else if (f === 7) m.hasFunctions = v !== 0;
          else if (f === 8) m.hasFilenames = v !== 0;
          else if (f === 9) m.hasLineNumbers = v !== 0;
          else if (f === 10) m.hasInlineFrames = v !== 0;
        });
        p.mappings.push(m);
        return;
      }
      case 4: {
        if (wire !== 2) throw new RangeError("location is not a message");
        const end = fieldEnd(r);
        p.lineStart[loc] = line;
        message(r, end, (f, w) => {
          if (f === 4 && w === 2) {
            const le = fieldEnd(r);
            message(r, le, (lf, lw) => {
              if (lw !== 0) skip(r, lw);
              else if (lf === 1) p.lineFunction[line] = varint(r, false);
              else if (lf === 2) p.lineNumber[line] = varint(r, true);
              else varint(r, false);
            });
            line++;
          } else if (w !== 0) skip(r, w);
          else if (f === 1) p.locId[loc] = varint(r, false);
          else if (f === 2) p.locMapping[loc] = varint(r, false);
          else if (f === 3) p.locAddress[loc] = varint(r, false);
          else varint(r, false);
        });
        loc++;
        return;
      }
      case 5: {
        if (wire !== 2) throw new RangeError("function is not a message");
        message(r, fieldEnd(r), (f, w) => {
          if (w !== 0) return skip(r, w);
          const v = varint(r, f !== 1);
          if (f === 1) p.funcId[fn] = v;
          else if (f === 2) p.funcName[fn] = v;
          else if (f === 3) p.funcSystemName[fn] = v;
          else if (f === 4) p.funcFile[fn] = v;
          else if (f === 5) p.funcStartLine[fn] = v;
        });
        fn++;
        return;
      }
      case 6:
        if (wire !== 2) throw new RangeError("string_table entry is not a string");
        p.strings.push(r.string());
        return;
      case 11:
        if (wire !== 2) throw new RangeError("period_type is not a message");
        p.periodType = valueType(r, fieldEnd(r));
        return;
      case 13:
        repeatedVarints(r, wire, true, (v) => p.comments.push(v));
        return;
    }
    if (wire !== 0) return skip(r, wire);
    const v = varint(r, true);
    if (no === 7) p.dropFrames = v;
    else if (no === 8) p.keepFrames = v;
    else if (no === 9) p.timeNanos = v;
    else if (no === 10) p.durationNanos = v;
    else if (no === 12) p.period = v;
    else if (no === 14) p.defaultSampleType = v;
    else if (no === 15) p.docUrl = v;
  });
  p.locStart[s] = cur.li;
  p.valStart[s] = cur.vi;
  p.lineStart[loc] = line;
  if (cur.li < p.locIds.length) p.locIds = p.locIds.subarray(0, cur.li);
}

/** A location id; kept in a Uint32Array (Go numbers locations 1..N; goref uses string indexes). */
function locationId(r: Reader): number {
  const v = varint(r, false);
  if (v > 0xffffffff) throw new RangeError(`location id ${v} is above 2^32 (not supported)`);
  return v;
}

interface Cursor {
  li: number;
  vi: number;
  lab: number;
}

/**
 * One Sample message into the flat arrays. Hot (once per sample, ~20 ids each): the cursor and
 * indexes live in locals and one-byte varints are read inline; longer ones go through varint().
 */
/**
 * A packed field from r.pos to e into out[at..]: location ids (by locationId) or sample values
 * (signed varints). One-byte varints are read inline. Returns the next index; r.pos ends at e.
 */
function packedInto(r: Reader, buf: Uint8Array, e: number, out: Uint32Array | Int32Array | Float64Array, at: number, locations: boolean): number {
  let pos = r.pos;
  while (pos < e) {
    const b = buf[pos];
    if (b < 0x80) {
      out[at++] = b;
      pos++;
    } else {
      r.pos = pos;
      out[at++] = locations ? locationId(r) : varint(r, true);
      pos = r.pos;
    }
  }
  r.pos = pos;
  return at;
}

function fillSample(r: Reader, end: number, p: DecodedProfile, s: number, cur: Cursor): void {
  const locIds = p.locIds;
  const values = p.values;
  const buf = r.buf;
  let li = cur.li;
  let vi = cur.vi;
  while (r.pos < end) {
    // Fast path (what Go writes): one-byte tag and length, field ends inside the sample. Packed
    // ids and values read one-byte varints inline; a label must be all one-byte tags and varints.
    // Anything else (and every error) takes the general code below from the same offset.
    const at = r.pos;
    const t0 = buf[at];
    if ((t0 === 0x0a || t0 === 0x12 || t0 === 0x1a) && at + 1 < end) {
      const n = buf[at + 1];
      const e = at + 2 + n;
      if (n < 0x80 && e <= end) {
        let pos = at + 2;
        if (t0 === 0x1a) {
          let key = 0, str = 0, num = 0, isNum = 0;
          while (pos + 1 < e) {
            const lt = buf[pos];
            const v = buf[pos + 1];
            if (lt >= 0x80 || (lt & 7) !== 0 || v >= 0x80) break;
            const lf = lt >>> 3;
            if (lf === 1) key = v;
            else if (lf === 2) str = v;
            else if (lf === 3) {
              num = v;
              isNum = 1;
            } else if (lf === 0) break;
            pos += 2;
          }
          if (pos === e) {
            const lab = cur.lab++;
            p.labelSample[lab] = s;
            p.labelKey[lab] = key;
            p.labelStr[lab] = str;
            p.labelNum[lab] = num;
            p.labelIsNum[lab] = isNum;
            r.pos = e;
            continue;
          }
          // Not the simple shape: decoded again below.
        } else {
          const outer = r.len;
          r.len = e;
          r.pos = pos;
          if (t0 === 0x0a) li = packedInto(r, buf, e, locIds, li, true);
          else vi = packedInto(r, buf, e, values, vi, false);
          r.len = outer;
          continue;
        }
      }
    }
    const t = tag(r);
    const f = t >>> 3;
    const w = t & 7;
    if ((f === 1 || f === 2) && w === 2) {
      const e = fieldEnd(r);
      if (e > end) throw new RangeError("a packed field runs past the end of its sample");
      const outer = r.len;
      r.len = e;
      if (f === 1) li = packedInto(r, buf, e, locIds, li, true);
      else vi = packedInto(r, buf, e, values, vi, false);
      r.len = outer;
    } else if ((f === 1 || f === 2) && w === 0) {
      if (f === 2) values[vi++] = varint(r, true);
      else locIds[li++] = locationId(r);
    } else if (f === 3 && w === 2) {
      const le = fieldEnd(r);
      const lab = cur.lab++;
      p.labelSample[lab] = s;
      while (r.pos < le) {
        const lt = tag(r);
        const lf = lt >>> 3;
        const lw = lt & 7;
        if (lw !== 0) skip(r, lw);
        else if (lf === 1) p.labelKey[lab] = varint(r, true);
        else if (lf === 2) p.labelStr[lab] = varint(r, true);
        else if (lf === 3) {
          p.labelNum[lab] = varint(r, true);
          p.labelIsNum[lab] = 1;
        } else varint(r, false);
      }
      if (r.pos !== le) throw new RangeError("a label runs past its end");
    } else if (f === 1 || f === 2) {
      throw new RangeError(`repeated integer with wire type ${w}`);
    } else {
      if (f === 0) throw new RangeError("field number 0");
      skip(r, w);
    }
  }
  cur.li = li;
  cur.vi = vi;
  if (r.pos !== end) throw new RangeError("a field runs past the end of its sample");
}

/** Byte offset of the n-th occurrence of top-level field `no` (for error messages). */
function offsetOfField(bytes: Uint8Array, no: number, n: number): number {
  const r = protobuf.Reader.create(bytes);
  let seen = 0;
  try {
    while (r.pos < r.len) {
      const at = r.pos;
      const t = tag(r);
      if (t >>> 3 === no && seen++ === n) return at;
      skip(r, t & 7);
    }
  } catch {
    /* fall through */
  }
  return -1;
}

/** String indexes in range, sample value counts consistent. (Ids are resolved by the caller.) */
function checkReferences(p: DecodedProfile, bytes: Uint8Array, file: string): void {
  const ns = p.strings.length;
  if (ns === 0 || p.strings[0] !== "") {
    throw new InputError(file, offsetOfField(bytes, 6, 0), "string_table[0] must be the empty string");
  }
  const badString = (v: number) => !(v >= 0 && v < ns);
  for (let i = 0; i < p.sampleType.length; i++) {
    if (badString(p.sampleType[i])) throw new InputError(file, offsetOfField(bytes, 1, i >> 1), `sample_type refers to string ${p.sampleType[i]} of ${ns}`);
  }
  const k = p.sampleType.length / 2;
  for (let s = 0; s < p.sampleCount; s++) {
    const m = p.valStart[s + 1] - p.valStart[s];
    if (m !== k) throw new InputError(file, offsetOfField(bytes, 2, s), `sample ${s} has ${m} values; the profile has ${k} sample types`);
  }
  for (let i = 0; i < p.labelKey.length; i++) {
    if (badString(p.labelKey[i]) || (!p.labelIsNum[i] && badString(p.labelStr[i]))) {
      throw new InputError(file, offsetOfField(bytes, 2, p.labelSample[i]), `a label of sample ${p.labelSample[i]} refers to a string outside the table (${ns} strings)`);
    }
  }
  for (let f = 0; f < p.functionCount; f++) {
    if (badString(p.funcName[f]) || badString(p.funcSystemName[f]) || badString(p.funcFile[f])) {
      throw new InputError(file, offsetOfField(bytes, 5, f), `function ${p.funcId[f]} refers to a string outside the table (${ns} strings)`);
    }
  }
  p.mappings.forEach((m, i) => {
    if (badString(m.filename) || badString(m.buildId)) throw new InputError(file, offsetOfField(bytes, 3, i), `mapping ${m.id} refers to a string outside the table`);
  });
  if (p.periodType && (badString(p.periodType[0]) || badString(p.periodType[1]))) {
    throw new InputError(file, offsetOfField(bytes, 11, 0), "period_type refers to a string outside the table");
  }
  if (badString(p.defaultSampleType)) throw new InputError(file, offsetOfField(bytes, 14, 0), "default_sample_type refers to a string outside the table");
  for (const c of p.comments) if (badString(c)) throw new InputError(file, offsetOfField(bytes, 13, 0), "a comment refers to a string outside the table");
}

/** Maps ids (usually 1..N) to table positions: a dense table when ids are small, else a Map. */
export class IdIndex {
  /** Position by id when ids are small (the usual 1..N), else undefined. */
  readonly dense?: Int32Array;
  private sparse?: Map<number, number>;
  readonly duplicate: number = -1;

  constructor(ids: Float64Array) {
    let max = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
    if (max <= ids.length * 4 + 1024) {
      const d = new Int32Array(max + 1).fill(-1);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (d[id] >= 0 && this.duplicate < 0) this.duplicate = i;
        d[id] = i;
      }
      this.dense = d;
    } else {
      const m = new Map<number, number>();
      for (let i = 0; i < ids.length; i++) {
        if (m.has(ids[i]) && this.duplicate < 0) this.duplicate = i;
        m.set(ids[i], i);
      }
      this.sparse = m;
    }
  }

  /** Position of `id`, or -1. */
  get(id: number): number {
    if (this.dense) return id < this.dense.length && id >= 0 ? this.dense[id] : -1;
    return this.sparse!.get(id) ?? -1;
  }
}

export { offsetOfField };
