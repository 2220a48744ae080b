/**
 * Java "modified UTF-8" (UTF8 records): NUL is C0 80 and supplementary characters are surrogate
 * pairs written as two 3-byte sequences (CESU-8), so each sequence decodes to one UTF-16 unit.
 * Standard 4-byte sequences are accepted too; malformed bytes become U+FFFD. Never throws.
 */
export function decodeModifiedUtf8(b: Uint8Array, start = 0, end = b.length): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (b[i] & 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return latin1(b, start, end);
  const units: number[] = [];
  let i = start;
  while (i < end) {
    const c = b[i];
    if (c < 0x80) {
      units.push(c);
      i++;
    } else if ((c & 0xe0) === 0xc0 && i + 1 < end && (b[i + 1] & 0xc0) === 0x80) {
      units.push(((c & 0x1f) << 6) | (b[i + 1] & 0x3f));
      i += 2;
    } else if ((c & 0xf0) === 0xe0 && i + 2 < end && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80) {
      units.push(((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f));
      i += 3;
    } else if ((c & 0xf8) === 0xf0 && i + 3 < end && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80 && (b[i + 3] & 0xc0) === 0x80) {
      const cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
      if (cp >= 0x10000 && cp <= 0x10ffff) {
        units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      } else units.push(0xfffd);
      i += 4;
    } else {
      units.push(0xfffd);
      i++;
    }
  }
  return fromUnits(units);
}

/** One char per byte (ISO-8859-1: what Java's LATIN1 String coder means). */
export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  let s = "";
  for (let i = start; i < end; i += 8192) {
    s += String.fromCharCode.apply(null, b.subarray(i, Math.min(end, i + 8192)) as unknown as number[]);
  }
  return s;
}

/** UTF-16 code units (2 bytes each) in the given byte order; a trailing odd byte is ignored. */
export function utf16(b: Uint8Array, start: number, end: number, littleEndian: boolean): string {
  const units: number[] = [];
  for (let i = start; i + 1 < end; i += 2) units.push(littleEndian ? b[i] | (b[i + 1] << 8) : (b[i] << 8) | b[i + 1]);
  return fromUnits(units);
}

function fromUnits(units: number[]): string {
  let s = "";
  for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode.apply(null, units.slice(i, i + 8192));
  return s;
}
