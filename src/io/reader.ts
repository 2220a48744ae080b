import { InputError } from "./errors.ts";
import type { ByteSource } from "./source.ts";

/** Thrown by ChunkReader when the input ends inside a value; formats turn it into a truncation warning or an InputError. */
export class EndOfInput extends InputError {
  constructor(file: string, offset: number, wanted: number) {
    super(file, offset, `unexpected end of input (wanted ${wanted} more bytes)`);
  }
}

const DEFAULT_CHUNK = 16 * 1024 * 1024;

/**
 * Sequential reader over a ByteSource through a rolling window of large chunks.
 * Hot loops may use `buf`/`view` directly after `ensure(n)`: bytes [pos, pos+n) are then at
 * `buf[pos - base ...]`. Multi-byte integers are big-endian unless `littleEndian` is set.
 */
export class ChunkReader {
  readonly source: ByteSource;
  readonly size: number;
  buf: Uint8Array;
  view: DataView;
  /** Absolute offset of buf[0]. */
  base = 0;
  /** Absolute offset one past the last valid byte in buf. */
  limit = 0;
  /** Absolute read position. */
  pos: number;
  littleEndian = false;
  private chunk: number;

  constructor(source: ByteSource, start = 0, chunk = DEFAULT_CHUNK) {
    this.source = source;
    this.size = source.size;
    this.chunk = Math.max(64 * 1024, Math.min(chunk, Math.max(source.size, 64 * 1024)));
    this.buf = new Uint8Array(this.chunk);
    this.view = new DataView(this.buf.buffer);
    this.pos = start;
    this.base = start;
    this.limit = start;
  }

  get remaining(): number {
    return this.size - this.pos;
  }

  eof(): boolean {
    return this.pos >= this.size;
  }

  /** Makes [pos, pos+n) addressable in buf, or throws EndOfInput. */
  ensure(n: number): void {
    if (this.pos + n <= this.limit && this.pos >= this.base) return;
    if (this.pos + n > this.size) throw new EndOfInput(this.source.name, this.pos, this.pos + n - this.size);
    this.fill(n);
  }

  /** True when n bytes are available at pos (without throwing). */
  has(n: number): boolean {
    return this.pos + n <= this.size;
  }

  private fill(n: number): void {
    if (n > this.buf.length) {
      this.buf = new Uint8Array(Math.max(n, this.buf.length * 2));
      this.view = new DataView(this.buf.buffer);
    }
    const want = Math.min(this.buf.length, this.size - this.pos);
    const got = this.source.read(this.buf, 0, want, this.pos);
    this.base = this.pos;
    this.limit = this.pos + got;
    if (got < n) throw new EndOfInput(this.source.name, this.pos, n - got);
  }

  seek(pos: number): void {
    this.pos = pos;
  }

  skip(n: number): void {
    if (n < 0 || this.pos + n > this.size) throw new EndOfInput(this.source.name, this.pos, n);
    this.pos += n;
  }

  u1(): number {
    this.ensure(1);
    return this.buf[this.pos++ - this.base];
  }

  u2(): number {
    this.ensure(2);
    const v = this.view.getUint16(this.pos - this.base, this.littleEndian);
    this.pos += 2;
    return v;
  }

  u4(): number {
    this.ensure(4);
    const v = this.view.getUint32(this.pos - this.base, this.littleEndian);
    this.pos += 4;
    return v;
  }

  i4(): number {
    this.ensure(4);
    const v = this.view.getInt32(this.pos - this.base, this.littleEndian);
    this.pos += 4;
    return v;
  }

  /** 8-byte unsigned as a number; exact below 2^53 (ids and addresses in practice). */
  u8(): number {
    this.ensure(8);
    const o = this.pos - this.base;
    const hi = this.view.getUint32(o, this.littleEndian);
    const lo = this.view.getUint32(o + 4, this.littleEndian);
    this.pos += 8;
    return this.littleEndian ? lo * 4294967296 + hi : hi * 4294967296 + lo;
  }

  /** Unsigned integer of `size` bytes (1, 2, 4 or 8) as a number. */
  uint(size: number): number {
    switch (size) {
      case 8:
        return this.u8();
      case 4:
        return this.u4();
      case 2:
        return this.u2();
      case 1:
        return this.u1();
      default: {
        let v = 0;
        for (let i = 0; i < size; i++) v = v * 256 + this.u1();
        return v;
      }
    }
  }

  /** A copy-free view of the next n bytes (valid until the next read that refills the window). */
  bytes(n: number): Uint8Array {
    this.ensure(n);
    const o = this.pos - this.base;
    this.pos += n;
    return this.buf.subarray(o, o + n);
  }

  /** Unsigned LEB128 varint (Go heap dumps, protobuf) as a number; refuses values past 2^53. */
  uvarint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.u1();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        if (result > Number.MAX_SAFE_INTEGER) throw new InputError(this.source.name, this.pos, "varint too large");
        return result;
      }
      mul *= 128;
    }
    throw new InputError(this.source.name, this.pos, "varint longer than 10 bytes");
  }
}
