/** Append-only typed arrays that double on demand; `view()` trims without copying. */

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
type TypedArrayCtor<T> = { new (n: number): T; new (buffer: ArrayBufferLike): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A zero-filled typed array on a SharedArrayBuffer: graph columns live there so a worker thread
 * can traverse the graph while the main thread computes something else (no copy, no transfer).
 */
export function sharedArray<T extends Typed>(ctor: TypedArrayCtor<T>, length: number): T {
  return new ctor(new SharedArrayBuffer(Math.max(0, length) * ctor.BYTES_PER_ELEMENT));
}

/** A copy of `a` in a new array of `length` elements (zero-filled past a's end), for stacks that grow on demand. */
export function grown<T extends Typed>(a: T, length: number): T {
  const b = new (a.constructor as TypedArrayCtor<T>)(length);
  (b as unknown as { set(x: ArrayLike<number>): void }).set(a as unknown as ArrayLike<number>);
  return b;
}

/** True when a worker thread can read the array without a copy. */
export function isShared(a: ArrayBufferView | undefined): boolean {
  return a !== undefined && a.buffer instanceof SharedArrayBuffer;
}

export class Growable<T extends Typed> {
  data: T;
  length = 0;
  private ctor: TypedArrayCtor<T>;
  private shared: boolean;

  constructor(ctor: TypedArrayCtor<T>, initial = 1024, shared = false) {
    this.ctor = ctor;
    this.shared = shared;
    this.data = this.alloc(Math.max(16, initial));
  }

  private alloc(n: number): T {
    return this.shared ? sharedArray(this.ctor, n) : new this.ctor(n);
  }

  reserve(total: number): void {
    if (total <= this.data.length) return;
    let cap = this.data.length;
    while (cap < total) cap = Math.ceil(cap * 1.5) + 16;
    const next = this.alloc(cap);
    (next as unknown as { set(a: ArrayLike<number>): void }).set(this.data.subarray(0, this.length) as unknown as ArrayLike<number>);
    this.data = next;
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }

  /** The filled prefix (shares memory with data). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
