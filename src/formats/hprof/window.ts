import { ChunkReader } from "../../io/reader.ts";

/**
 * Random access for the hot loops on top of the shared ChunkReader window: `at(pos, n)` makes
 * [pos, pos+n) addressable and returns its offset in `buf`/`view`. Callers check pos+n against
 * their record bounds first, so the window never grows from an unchecked length (and never past
 * the file size: ChunkReader throws EndOfInput).
 */
export class Window extends ChunkReader {
  at(pos: number, n: number): number {
    if (pos >= this.base && pos + n <= this.limit) return pos - this.base;
    this.pos = pos;
    this.ensure(n);
    return pos - this.base;
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

/**
 * A basic-type value (HPROF type 1, 2 or 4..11) at buf offset o; ids come back as numbers.
 * Longs outside ±2^53 stay bigint. Undefined for any other type.
 */
export function readBasicValue(dv: DataView, o: number, t: number, idSize: number): number | bigint | boolean | undefined {
  switch (t) {
    case 1:
    case 2:
      return readId(dv, o, idSize);
    case 4:
      return dv.getUint8(o) !== 0;
    case 5:
      return dv.getUint16(o);
    case 6:
      return dv.getFloat32(o);
    case 7:
      return dv.getFloat64(o);
    case 8:
      return dv.getInt8(o);
    case 9:
      return dv.getInt16(o);
    case 10:
      return dv.getInt32(o);
    case 11: {
      const v = dv.getBigInt64(o);
      return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
    }
    default:
      return undefined;
  }
}

export function hex(id: number): string {
  return "0x" + id.toString(16);
}
