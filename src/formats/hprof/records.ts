import { InputError } from "../../io/errors.ts";
import { head, type ByteSource } from "../../io/source.ts";
import { Tag, TOP_TAG_NAMES } from "./constants.ts";
import { decodeModifiedUtf8 } from "./mutf8.ts";
import { readId, Window } from "./window.ts";

export const VERSIONS = ["JAVA PROFILE 1.0", "JAVA PROFILE 1.0.1", "JAVA PROFILE 1.0.2", "JAVA PROFILE 1.0.3"];

export interface Header {
  version: string;
  idSize: number;
  timestamp: number;
  /** Offset of the first record. */
  length: number;
}

export interface Frame {
  method: string;
  signature: string;
  sourceFile: string;
  classSerial: number;
  line: number;
}

export interface Trace {
  threadSerial: number;
  frames: number[];
}

/** One heap dump: the body ranges of its HEAP_DUMP / HEAP_DUMP_SEGMENT records, in file order. */
export interface DumpRanges {
  starts: number[];
  ends: number[];
  /** A segment run that reached EOF without HEAP_DUMP_END, or a body cut by EOF. */
  unterminated: boolean;
}

/** Everything outside the heap dump bodies (pass 0: one walk over the top-level record headers). */
export interface TopLevel {
  header: Header;
  strings: Map<number, string>;
  /** LOAD_CLASS: class object id → name string id (the first record of an id wins). */
  classNameSid: Map<number, number>;
  /** LOAD_CLASS: class serial → class object id. */
  classBySerial: Map<number, number>;
  frames: Map<number, Frame>;
  traces: Map<number, Trace>;
  dumps: DumpRanges[];
  recordCounts: Record<string, number>;
  duplicateLoadClass: number;
  /** Byte offset where the file was found cut (-1 when complete). */
  truncatedAt: number;
  truncationReason: string;
}

export function readHeader(source: ByteSource): Header {
  const b = head(source, 64);
  const n = b.length;
  const nul = b.indexOf(0);
  if (nul < 0) throw new InputError(source.name, 0, "HPROF version string is not NUL-terminated within 64 bytes");
  const version = String.fromCharCode(...b.subarray(0, nul));
  if (!VERSIONS.includes(version)) throw new InputError(source.name, 0, `unsupported HPROF version "${version}"; expected one of ${VERSIONS.map((v) => v.slice(13)).join(", ")}`);
  if (nul + 13 > n) throw new InputError(source.name, nul + 1, "file ends inside the HPROF header (id size and timestamp expected)");
  const dv = new DataView(b.buffer);
  const idSize = dv.getUint32(nul + 1);
  if (![1, 2, 4, 8].includes(idSize)) throw new InputError(source.name, nul + 1, `identifier size ${idSize}; expected 1, 2, 4 or 8`);
  const timestamp = dv.getUint32(nul + 5) * 4294967296 + dv.getUint32(nul + 9);
  return { version, idSize, timestamp, length: nul + 13 };
}

/** Top-level tags this reader knows; others are skipped by length (when the length is plausible). */
const KNOWN_TOP = new Set(Object.keys(TOP_TAG_NAMES).map(Number));

export function scanTopLevel(source: ByteSource, header: Header, onProgress: (pos: number) => void): TopLevel {
  const file = source.name;
  const size = source.size;
  const I = header.idSize;
  // A small window: past the strings this only reads each ~1 MB heap segment's 9-byte header, and
  // a large one would read the whole file once more (0.2 s per GB) for them.
  const w = new Window(source, 0, 64 * 1024);
  const top: TopLevel = {
    header,
    strings: new Map(),
    classNameSid: new Map(),
    classBySerial: new Map(),
    frames: new Map(),
    traces: new Map(),
    dumps: [],
    recordCounts: {},
    duplicateLoadClass: 0,
    truncatedAt: -1,
    truncationReason: "",
  };
  let open: DumpRanges | undefined;
  let pos = header.length;
  let lastTick = 0;
  const cut = (at: number, why: string) => {
    top.truncatedAt = at;
    top.truncationReason = why;
  };
  while (pos < size) {
    if (pos + 9 > size) {
      cut(pos, `${size - pos} stray bytes where a 9-byte record header was expected`);
      break;
    }
    let o = w.at(pos, 9);
    const tag = w.buf[o];
    const length = w.view.getUint32(o + 5);
    const body = pos + 9;
    const name = TOP_TAG_NAMES[tag] ?? `0x${tag.toString(16).padStart(2, "0")}`;
    if (!KNOWN_TOP.has(tag)) {
      if (body + length > size) throw new InputError(file, pos, `unknown record tag 0x${tag.toString(16)} with length ${length} past the end of the file; expected a top-level HPROF record`);
      top.recordCounts[name] = (top.recordCounts[name] ?? 0) + 1;
      pos = body + length;
      continue;
    }
    top.recordCounts[name] = (top.recordCounts[name] ?? 0) + 1;
    if (body + length > size) {
      if (tag === Tag.HeapDump || tag === Tag.HeapDumpSegment) {
        // Keep the part of the body that is there; pass 1 stops at the last complete sub-record.
        if (tag === Tag.HeapDump || !open) {
          open = { starts: [], ends: [], unterminated: true };
          top.dumps.push(open);
        }
        open.starts.push(body);
        open.ends.push(size);
        open.unterminated = true;
        cut(size, `${name} record at byte ${pos} declares ${length} bytes but only ${size - body} remain`);
      } else {
        cut(pos, `${name} record declares ${length} bytes but only ${size - body} remain`);
      }
      break;
    }
    switch (tag) {
      case Tag.Utf8: {
        if (length < I) throw new InputError(file, pos, `UTF8 record of ${length} bytes is shorter than an id`);
        o = w.at(body, length);
        top.strings.set(readId(w.view, o, I), decodeModifiedUtf8(w.buf, o + I, o + length));
        break;
      }
      case Tag.LoadClass: {
        if (length < 8 + 2 * I) throw new InputError(file, pos, `LOAD_CLASS record of ${length} bytes; expected ${8 + 2 * I}`);
        o = w.at(body, 8 + 2 * I);
        const serial = w.view.getUint32(o);
        const classId = readId(w.view, o + 4, I);
        const nameSid = readId(w.view, o + 8 + I, I);
        if (top.classNameSid.has(classId)) top.duplicateLoadClass++;
        else top.classNameSid.set(classId, nameSid);
        top.classBySerial.set(serial, classId);
        break;
      }
      case Tag.Frame: {
        if (length < 4 * I + 8) throw new InputError(file, pos, `FRAME record of ${length} bytes; expected ${4 * I + 8}`);
        o = w.at(body, 4 * I + 8);
        const dv = w.view;
        const s = (k: number) => top.strings.get(readId(dv, o + k * I, I)) ?? "";
        top.frames.set(readId(dv, o, I), {
          method: s(1),
          signature: s(2),
          sourceFile: s(3),
          classSerial: dv.getUint32(o + 4 * I),
          line: dv.getInt32(o + 4 * I + 4),
        });
        break;
      }
      case Tag.Trace: {
        if (length < 12) throw new InputError(file, pos, `TRACE record of ${length} bytes; expected at least 12`);
        o = w.at(body, 12);
        const serial = w.view.getUint32(o);
        const threadSerial = w.view.getUint32(o + 4);
        const n = w.view.getUint32(o + 8);
        if (12 + n * I > length) throw new InputError(file, pos, `TRACE record lists ${n} frames but has ${length} bytes`);
        o = w.at(body, 12 + n * I);
        const frames: number[] = [];
        for (let i = 0; i < n; i++) frames.push(readId(w.view, o + 12 + i * I, I));
        top.traces.set(serial, { threadSerial, frames });
        break;
      }
      case Tag.HeapDump:
        open = { starts: [body], ends: [body + length], unterminated: false };
        top.dumps.push(open);
        open = undefined;
        break;
      case Tag.HeapDumpSegment:
        if (!open) {
          open = { starts: [], ends: [], unterminated: false };
          top.dumps.push(open);
        }
        open.starts.push(body);
        open.ends.push(body + length);
        break;
      case Tag.HeapDumpEnd:
        open = undefined;
        break;
      default:
        break;
    }
    pos = body + length;
    if (pos - lastTick > 16 * 1024 * 1024) {
      lastTick = pos;
      onProgress(pos);
    }
  }
  if (open && top.truncatedAt < 0) {
    open.unterminated = true;
    cut(size, `the last heap dump has no HEAP_DUMP_END record (file ends at byte ${size})`);
  }
  return top;
}
