import { gzipSync } from "node:zlib";
import type { Rng } from "../rng.ts";
import { concat } from "./bytes.ts";

/**
 * Container-level damage to a gzip file (after the content mutation): cut members, corrupt
 * deflate data or trailers, extra members, header flags. Returns the new bytes and a note.
 */
export function mutateGzip(gz: Uint8Array, rng: Rng): [Uint8Array, string] {
  const mode = rng.int(7);
  switch (mode) {
    case 0: {
      const at = rng.range(2, Math.max(2, gz.length - 1));
      return [gz.slice(0, at), `gzip-cut@${at}`];
    }
    case 1: {
      const out = gz.slice();
      const at = rng.range(10, Math.max(10, out.length - 9));
      out[at] ^= 1 << rng.int(8);
      return [out, `gzip-bitflip@${at}`];
    }
    case 2: {
      const out = gz.slice();
      out[out.length - 1 - rng.int(8)] ^= 0xff; // CRC32 / ISIZE trailer
      return [out, "gzip-trailer"];
    }
    case 3: {
      const extra = gzipSync(Buffer.from("garbage after the first member\n"));
      return [concat(gz, extra), "gzip-extra-member"];
    }
    case 4: {
      const half = gz.slice(0, Math.max(2, gz.length >> 1));
      return [concat(gz, half), "gzip-cut-second-member"];
    }
    case 5: {
      const out = gz.slice();
      out[3] = rng.pick([0x04, 0x08, 0x10, 0x1f, 0xe0]); // FEXTRA/FNAME/FCOMMENT/reserved flags without the fields
      return [out, `gzip-flags=${out[3]}`];
    }
    default:
      return [concat(gz, new Uint8Array(rng.range(1, 64)).fill(rng.pick([0, 0x1f, 0xff]))), "gzip-trailing-bytes"];
  }
}
