/**
 * A small protobuf writer for pprof Profile fixtures (tests only): builds the wire bytes from a
 * plain description so tests can make goref-shaped profiles and precise corruptions.
 */
export interface ProfileSpec {
  sampleTypes: [string, string][];
  samples: { locs: number[]; values: number[]; labels?: { key: string; num?: number; str?: string }[] }[];
  /** id → lines (function id, line) leaf first; address optional. */
  locations: { id: number; address?: number; mapping?: number; lines: [number, number][] }[];
  functions: { id: number; name: string; file?: string }[];
  mappings?: { id: number; start: number; limit: number; file: string }[];
  periodType?: [string, string];
  period?: number;
  defaultSampleType?: string;
  /** Extra strings appended to the table (and raw string indexes can be given as "#n"). */
  strings?: string[];
}

class Buf {
  bytes: number[] = [];
  varint(v: number): this {
    if (v < 0) {
      // int64 two's complement: 10 bytes.
      let x = BigInt.asUintN(64, BigInt(v));
      while (x >= 0x80n) {
        this.bytes.push(Number(x & 0x7fn) | 0x80);
        x >>= 7n;
      }
      this.bytes.push(Number(x));
      return this;
    }
    while (v >= 0x80) {
      this.bytes.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
    return this;
  }
  tag(no: number, wire: number): this {
    return this.varint(no * 8 + wire);
  }
  int(no: number, v: number): this {
    return v === 0 ? this : this.tag(no, 0).varint(v);
  }
  msg(no: number, b: Buf): this {
    this.tag(no, 2).varint(b.bytes.length);
    this.bytes.push(...b.bytes);
    return this;
  }
  str(no: number, s: string): this {
    const u = new TextEncoder().encode(s);
    this.tag(no, 2).varint(u.length);
    this.bytes.push(...u);
    return this;
  }
  packed(no: number, vs: number[]): this {
    const b = new Buf();
    for (const v of vs) b.varint(v);
    return this.msg(no, b);
  }
}

export function encodeProfile(p: ProfileSpec): Uint8Array {
  const strings = [""];
  const idx = (s: string): number => {
    if (/^#\d+$/.test(s)) return Number(s.slice(1));
    let i = strings.indexOf(s);
    if (i < 0) {
      i = strings.length;
      strings.push(s);
    }
    return i;
  };
  const out = new Buf();
  for (const [t, u] of p.sampleTypes) out.msg(1, new Buf().int(1, idx(t)).int(2, idx(u)));
  for (const s of p.samples) {
    const b = new Buf().packed(1, s.locs).packed(2, s.values);
    for (const l of s.labels ?? []) {
      const lb = new Buf().int(1, idx(l.key));
      if (l.num !== undefined) lb.int(3, l.num);
      if (l.str !== undefined) lb.int(2, idx(l.str));
      b.msg(3, lb);
    }
    out.msg(2, b);
  }
  for (const m of p.mappings ?? []) out.msg(3, new Buf().int(1, m.id).int(2, m.start).int(3, m.limit).int(5, idx(m.file)));
  for (const l of p.locations) {
    const b = new Buf().int(1, l.id).int(2, l.mapping ?? 0).int(3, l.address ?? 0);
    for (const [f, line] of l.lines) b.msg(4, new Buf().int(1, f).int(2, line));
    out.msg(4, b);
  }
  for (const f of p.functions) out.msg(5, new Buf().int(1, f.id).int(2, idx(f.name)).int(3, idx(f.name)).int(4, idx(f.file ?? "")));
  if (p.periodType) out.msg(11, new Buf().int(1, idx(p.periodType[0])).int(2, idx(p.periodType[1])));
  out.int(12, p.period ?? 0);
  if (p.defaultSampleType) out.int(14, idx(p.defaultSampleType));
  for (const s of p.strings ?? []) idx(s);
  for (const s of strings) out.str(6, s);
  return Uint8Array.from(out.bytes);
}
