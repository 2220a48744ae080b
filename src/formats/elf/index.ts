import { InputError } from "../../io/errors.ts";
import { FileSource, type ByteSource } from "../../io/source.ts";

/**
 * A small ELF reader for one purpose: the data symbols (STT_OBJECT) of an executable, so a Go heap
 * dump's data/bss pointer fields can be named (`main.big` instead of `bss+0xa8`).
 * Handles ELF32/ELF64, little and big endian; reads only the header, section headers, .symtab
 * and its string table.
 */
export interface ElfSymbols {
  file: string;
  /** Sorted by address. */
  addr: Float64Array;
  size: Float64Array;
  names: string[];
  /** Symbol containing the address (or starting exactly at it when its size is 0). */
  lookup(address: number): { name: string; offset: number } | undefined;
}

const SHT_SYMTAB = 2;
const STT_OBJECT = 1;
const STT_TLS = 6;

export function readElfSymbols(path: string): ElfSymbols {
  const src = new FileSource(path);
  try {
    return parseElfSymbols(src);
  } finally {
    src.close();
  }
}

export function parseElfSymbols(src: ByteSource): ElfSymbols {
  const name = src.name;
  const read = (pos: number, len: number): DataView => {
    if (pos < 0 || len < 0 || pos + len > src.size) throw new InputError(name, pos, `ELF structure runs past the end of the file (${len} bytes wanted)`);
    const b = new Uint8Array(len);
    src.read(b, 0, len, pos);
    return new DataView(b.buffer);
  };
  if (src.size < 52) throw new InputError(name, 0, "not an ELF binary (file too small); --binary needs the Go executable that wrote the dump");
  const id = read(0, 16);
  if (id.getUint32(0) !== 0x7f454c46) throw new InputError(name, 0, "not an ELF binary (no \\x7fELF magic); --binary needs the Go executable that wrote the dump");
  const cls = id.getUint8(4);
  const data = id.getUint8(5);
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2)) throw new InputError(name, 4, `unsupported ELF class ${cls} / data encoding ${data}`);
  const is64 = cls === 2;
  const le = data === 1;
  const h = read(0, is64 ? 64 : 52);
  const word = (v: DataView, o: number) => (is64 ? u64(v, o, le) : v.getUint32(o, le));
  const shoff = word(h, is64 ? 0x28 : 0x20);
  const shentsize = h.getUint16(is64 ? 0x3a : 0x2e, le);
  const shnum = h.getUint16(is64 ? 0x3c : 0x30, le);
  if (shoff === 0 || shnum === 0) throw new InputError(name, 0, "ELF binary has no section headers; cannot find its symbol table");
  if (shentsize < (is64 ? 64 : 40)) throw new InputError(name, is64 ? 0x3a : 0x2e, `bad ELF section header size ${shentsize}`);
  const sh = read(shoff, shentsize * shnum);
  const sec = (i: number) => {
    const o = i * shentsize;
    return is64
      ? { type: sh.getUint32(o + 4, le), offset: u64(sh, o + 0x18, le), size: u64(sh, o + 0x20, le), link: sh.getUint32(o + 0x28, le), entsize: u64(sh, o + 0x38, le) }
      : { type: sh.getUint32(o + 4, le), offset: sh.getUint32(o + 0x10, le), size: sh.getUint32(o + 0x14, le), link: sh.getUint32(o + 0x18, le), entsize: sh.getUint32(o + 0x24, le) };
  };
  let symtab = -1;
  for (let i = 0; i < shnum; i++) if (sec(i).type === SHT_SYMTAB) symtab = i;
  if (symtab < 0) throw new InputError(name, shoff, "ELF binary has no symbol table (.symtab): it was stripped (go build -ldflags=-s?); rebuild without -s to name globals");
  const st = sec(symtab);
  if (st.link >= shnum) throw new InputError(name, shoff, "ELF .symtab links to a missing string table");
  const strs = sec(st.link);
  const entsize = st.entsize || (is64 ? 24 : 16);
  const symView = read(st.offset, st.size);
  const strView = read(strs.offset, strs.size);
  const strBytes = new Uint8Array(strView.buffer);
  const dec = new TextDecoder("utf-8");
  const rows: { a: number; s: number; n: string }[] = [];
  for (let o = entsize; o + entsize <= st.size; o += entsize) {
    const nameOff = symView.getUint32(o, le);
    const info = is64 ? symView.getUint8(o + 4) : symView.getUint8(o + 12);
    const t = info & 0xf;
    if (t !== STT_OBJECT && t !== STT_TLS) continue;
    if (t === STT_TLS) continue;
    const value = is64 ? u64(symView, o + 8, le) : symView.getUint32(o + 4, le);
    const size = is64 ? u64(symView, o + 16, le) : symView.getUint32(o + 8, le);
    if (nameOff >= strBytes.length) continue;
    let end = nameOff;
    while (end < strBytes.length && strBytes[end] !== 0) end++;
    rows.push({ a: value, s: size, n: dec.decode(strBytes.subarray(nameOff, end)) });
  }
  rows.sort((x, y) => x.a - y.a || y.s - x.s);
  const addr = new Float64Array(rows.length);
  const size = new Float64Array(rows.length);
  const names = rows.map((r, i) => {
    addr[i] = r.a;
    size[i] = r.s;
    return r.n;
  });
  return {
    file: name,
    addr,
    size,
    names,
    lookup(a) {
      let lo = 0, hi = addr.length - 1, k = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (addr[mid] <= a) {
          k = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      // Several symbols may share a start (aliases); walk back to one that covers the address.
      for (let i = k; i >= 0 && i > k - 8; i--) {
        if (a < addr[i] + size[i] || (size[i] === 0 && a === addr[i])) return { name: names[i], offset: a - addr[i] };
        if (addr[i] < a - 1e6) break;
      }
      return undefined;
    },
  };
}

function u64(v: DataView, o: number, le: boolean): number {
  const a = v.getUint32(o, le);
  const b = v.getUint32(o + 4, le);
  return le ? b * 4294967296 + a : a * 4294967296 + b;
}
