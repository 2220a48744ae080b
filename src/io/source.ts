import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { gunzipSync, constants as zc } from "node:zlib";
import { InputError } from "./errors.ts";

/**
 * Random-access bytes of one input. Files are read in large chunks on demand, never as one Buffer,
 * so multi-GB dumps work; gzip input is inflated once (see openInput).
 */
export interface ByteSource {
  /** Name used in messages (the path the user gave). */
  readonly name: string;
  /** Total bytes available. */
  readonly size: number;
  /** Copies up to `length` bytes at `position` into `into[offset..]`; returns bytes copied (0 at EOF). */
  read(into: Uint8Array, offset: number, length: number, position: number): number;
  close(): void;
}

export class FileSource implements ByteSource {
  readonly name: string;
  /** The path it was opened from (name may be a display name). */
  readonly path: string;
  readonly size: number;
  private fd: number;

  constructor(path: string, name = path) {
    this.name = name;
    this.path = path;
    try {
      this.fd = openSync(path, "r");
    } catch (e) {
      throw new InputError(name, -1, `cannot open: ${(e as Error).message}`);
    }
    this.size = fstatSync(this.fd).size;
  }

  read(into: Uint8Array, offset: number, length: number, position: number): number {
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, into, offset + done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

export class MemorySource implements ByteSource {
  readonly name: string;
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array, name: string) {
    this.bytes = bytes;
    this.name = name;
  }
  get size(): number {
    return this.bytes.length;
  }
  read(into: Uint8Array, offset: number, length: number, position: number): number {
    if (position >= this.bytes.length) return 0;
    const n = Math.min(length, this.bytes.length - position);
    into.set(this.bytes.subarray(position, position + n), offset);
    return n;
  }
  close(): void {}
}

export interface OpenedInput {
  source: ByteSource;
  /** True when the file was gzip and has been inflated. */
  gunzipped: boolean;
  /** Set when the gzip stream ended early: the source holds what could be inflated. */
  truncatedGzip: boolean;
}

/** Reads the first `n` bytes (or fewer) of a source. */
export function head(source: ByteSource, n = 64): Uint8Array {
  const buf = new Uint8Array(Math.min(n, source.size));
  source.read(buf, 0, buf.length, 0);
  return buf;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Opens a path; gzip (single or multi-member, as `jcmd -gz` writes) is inflated into memory with
 * node:zlib (3-4x faster than pako here). A cut gzip stream keeps what inflated, flagged as truncated.
 * `maxInflated` bounds the inflated size so a gzip bomb is refused instead of exhausting memory.
 */
export function openInput(path: string, options: { maxInflated?: number; name?: string } = {}): OpenedInput {
  const name = options.name ?? path;
  const file = new FileSource(path, name);
  const magic = head(file, 2);
  if (!isGzip(magic)) return { source: file, gunzipped: false, truncatedGzip: false };
  const compressed = new Uint8Array(file.size);
  file.read(compressed, 0, compressed.length, 0);
  file.close();
  return inflate(compressed, name, options.maxInflated);
}

export function inflate(compressed: Uint8Array, name: string, maxInflated = 8 * 1024 ** 3): OpenedInput {
  const maxOutputLength = Math.min(maxInflated, 2 ** 32 - 1);
  // 1 MiB output chunks instead of zlib's 16 KiB: a 60 MB profile inflates ~15% faster.
  const chunkSize = compressed.length > 64 * 1024 ? 1 << 20 : undefined;
  try {
    const out = gunzipSync(compressed, { maxOutputLength, chunkSize });
    return { source: new MemorySource(out, name), gunzipped: true, truncatedGzip: false };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_BUFFER_TOO_LARGE" || /Cannot create a Buffer larger/.test(err.message)) {
      throw new InputError(name, -1, `gzip inflates past the ${maxOutputLength} byte limit; gunzip it first`);
    }
    // A cut stream: inflate what is there (Z_SYNC_FLUSH returns the bytes decoded so far).
    try {
      const partial = gunzipSync(compressed, { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength, chunkSize });
      if (partial.length > 0) return { source: new MemorySource(partial, name), gunzipped: true, truncatedGzip: true };
    } catch {
      /* fall through to the clear error below */
    }
    throw new InputError(name, -1, `corrupt gzip data (${err.message})`);
  }
}

/** Bytes an input stands for, to size work before loading it: its size on disk, gzip counted ×4; 0 when missing. */
export function inputWeight(file: string): number {
  try {
    const size = statSync(file).size;
    return /\.gz$/i.test(file) ? size * 4 : size;
  } catch {
    return 0;
  }
}
