/** Interned strings; index 0 is always "". Used for type names and edge/root labels. */
export class StringTable {
  readonly strings: string[] = [""];
  private index = new Map<string, number>([["", 0]]);

  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  get(i: number): string {
    return this.strings[i] ?? "";
  }

  get size(): number {
    return this.strings.length;
  }
}
