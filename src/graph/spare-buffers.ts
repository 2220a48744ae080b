/**
 * Buffers of columns the builder no longer needs (the Float64 ids after compactIds, a 32-bit type
 * column narrowed to 16 bits), handed to the graph so the first dominator computation can lay its
 * scratch arrays over them: their pages are resident already, where fresh arrays would fault in
 * and zero hundreds of MB again (1.4 µs to 8 µs per 4 KiB page on this kind of VM). Until taken
 * they cost what they cost before they were dropped.
 */
export class SpareBuffers {
  private readonly list: { buffer: ArrayBufferLike; resident: number }[] = [];

  /** Adds a buffer whose first `resident` bytes have been written (so are in memory). */
  add(buffer: ArrayBufferLike, resident: number): void {
    this.list.push({ buffer, resident: Math.min(resident, buffer.byteLength) });
  }

  /**
   * Removes and returns the spare with the fewest resident bytes among those holding at least
   * `bytes` (all but the last page resident), on shared memory when `shared`; else undefined.
   */
  take(bytes: number, shared: boolean): ArrayBufferLike | undefined {
    let best = -1;
    for (let i = 0; i < this.list.length; i++) {
      const s = this.list[i];
      if (s.buffer.byteLength < bytes || s.resident + 4096 < bytes) continue;
      if (shared && !(s.buffer instanceof SharedArrayBuffer)) continue;
      if (best < 0 || s.resident < this.list[best].resident) best = i;
    }
    return best < 0 ? undefined : this.list.splice(best, 1)[0].buffer;
  }

  /** Drops every spare, for graphs no dominators will be computed on (they would hold them for nothing). */
  clear(): void {
    this.list.length = 0;
  }

  get bytes(): number {
    return this.list.reduce((sum, s) => sum + s.resident, 0);
  }
}
