import { EndOfInput } from "../../io/reader.ts";
import type { ByteSource } from "../../io/source.ts";

/**
 * A rolling window over a ByteSource for the hot loops: `at(pos, n)` makes [pos, pos+n) addressable
 * and returns its offset in `buf`/`dv`. Callers check pos+n against their record bounds first, so
 * the window never grows from an unchecked length (and never past the file size).
 */
export class Window {
  readonly source: ByteSource;
  readonly size: number;
  buf: Uint8Array;
  dv: DataView;
  /** Absolute offset of buf[0]. */
  base = 0;
  /** Absolute end of the valid bytes in buf. */
  end = 0;

  constructor(source: ByteSource, chunk = 16 * 1024 * 1024) {
    this.source = source;
    this.size = source.size;
    const n = Math.max(4096, Math.min(chunk, source.size));
    this.buf = new Uint8Array(n);
    this.dv = new DataView(this.buf.buffer);
  }

  at(pos: number, n: number): number {
    if (pos >= this.base && pos + n <= this.end) return pos - this.base;
    return this.load(pos, n);
  }

  private load(pos: number, n: number): number {
    if (pos + n > this.size) throw new EndOfInput(this.source.name, pos, pos + n - this.size);
    if (n > this.buf.length) {
      this.buf = new Uint8Array(Math.max(n, this.buf.length * 2));
      this.dv = new DataView(this.buf.buffer);
    }
    const want = Math.min(this.buf.length, this.size - pos);
    const got = this.source.read(this.buf, 0, want, pos);
    this.base = pos;
    this.end = pos + got;
    if (got < n) throw new EndOfInput(this.source.name, pos, n - got);
    return 0;
  }
}

/** An id of `idSize` bytes at buf offset o, as a number (exact below 2^53). */
export function readId(dv: DataView, o: number, idSize: number): number {
  switch (idSize) {
    case 8:
      return dv.getUint32(o) * 4294967296 + dv.getUint32(o + 4);
    case 4:
      return dv.getUint32(o);
    case 2:
      return dv.getUint16(o);
    default:
      return dv.getUint8(o);
  }
}

export function hex(id: number): string {
  return "0x" + id.toString(16);
}
