/** Append-only typed arrays that double on demand; `view()` trims without copying. */

type TypedArrayCtor<T> = { new (n: number): T };

export class Growable<T extends Uint8Array | Uint32Array | Int32Array | Float64Array> {
  data: T;
  length = 0;
  private ctor: TypedArrayCtor<T>;

  constructor(ctor: TypedArrayCtor<T>, initial = 1024) {
    this.ctor = ctor;
    this.data = new ctor(Math.max(16, initial));
  }

  reserve(total: number): void {
    if (total <= this.data.length) return;
    let cap = this.data.length;
    while (cap < total) cap = Math.ceil(cap * 1.5) + 16;
    const next = new this.ctor(cap);
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
