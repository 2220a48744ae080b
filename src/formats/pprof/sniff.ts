/**
 * Format sniffing from the first bytes (after gzip inflation), never from the file name.
 *
 * The protobuf check is the loosest of all formats, so it is tried last and still has to look
 * like a Profile: the first fields must carry Profile field numbers (1..15) with the wire type
 * profile.proto gives them, lengths must be plausible, and message fields must start with a
 * plausible inner tag. A text file or random bytes fail within a byte or two.
 */

/** Wire type per Profile field number (13 = comment may be packed or not: -1). */
const PROFILE_WIRE = [-9, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 2, 0, -1, 0, 0];

function readVarint(b: Uint8Array, pos: number): [value: number, next: number] | undefined {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= b.length) return undefined;
    const x = b[pos++];
    v += (x & 0x7f) * mul;
    if (x < 0x80) return [v, pos];
    mul *= 128;
  }
  return undefined;
}

/** A sub-message's first tag, if visible in the head: field 1..15 and a defined wire type. */
function plausibleInner(b: Uint8Array, pos: number, len: number): boolean {
  if (len === 0 || pos >= b.length) return true;
  const t = readVarint(b, pos);
  if (!t) return true;
  const no = t[0] >>> 3;
  const wire = t[0] & 7;
  return no >= 1 && no <= 15 && (wire === 0 || wire === 1 || wire === 2 || wire === 5);
}

export function looksLikeProfileProto(head: Uint8Array): boolean {
  if (head.length < 2) return false;
  let pos = 0;
  let fields = 0;
  let sawString0 = false;
  while (pos < head.length && fields < 8) {
    const t = readVarint(head, pos);
    if (!t) return fields > 0;
    const [tag, next] = t;
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (no < 1 || no > 15) return false;
    const want = PROFILE_WIRE[no];
    if (want === -1 ? wire !== 0 && wire !== 2 : wire !== want) return false;
    pos = next;
    if (wire === 0) {
      const v = readVarint(head, pos);
      if (!v) return fields > 0;
      pos = v[1];
    } else {
      const l = readVarint(head, pos);
      if (!l) return fields > 0;
      const [len, body] = l;
      if (len > 0x7fffffff) return false;
      if (no === 6 && !sawString0) {
        // string_table[0] must be "".
        if (len !== 0) return false;
        sawString0 = true;
      }
      if (no !== 6 && no !== 13 && !plausibleInner(head, body, len)) return false;
      pos = body + len;
    }
    fields++;
  }
  return fields > 0;
}

/** Legacy text heap profiles: `heap profile:` (Go, tcmalloc) or Java's `--- heapz 1 ---`. */
export function looksLikeTextProfile(head: Uint8Array): boolean {
  const text = new TextDecoder("latin1").decode(head.subarray(0, 40));
  return /^\s*heap profile:/.test(text) || /^--- heapz /.test(text);
}
