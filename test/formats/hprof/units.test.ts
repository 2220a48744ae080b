import { describe, expect, it } from "vitest";
import { buildIdIndex } from "../../../src/formats/hprof/id-index.ts";
import { decodeModifiedUtf8, utf16 } from "../../../src/formats/hprof/mutf8.ts";
import { displayClassName } from "../../../src/formats/hprof/names.ts";
import { emptyLayout, HOTSPOT_64_COMPRESSED as M, objectArrayShallow, packFields, primitiveArrayShallow } from "../../../src/formats/hprof/shallow-size.ts";

describe("class names", () => {
  it("converts internal names to Class.getName()-style display names", () => {
    expect(displayClassName("java/util/WeakHashMap$Entry")).toBe("java.util.WeakHashMap$Entry");
    expect(displayClassName("[I")).toBe("int[]");
    expect(displayClassName("[[J")).toBe("long[][]");
    expect(displayClassName("[Ljava/lang/String;")).toBe("java.lang.String[]");
    expect(displayClassName("[[Ljava/lang/constant/Constable;")).toBe("java.lang.constant.Constable[][]");
    expect(displayClassName("LeakDemo$$Lambda$1+0x00007f07e8000c30")).toBe("LeakDemo$$Lambda$1/0x00007f07e8000c30");
    expect(displayClassName("java/util/stream/Collectors$$Lambda$28+0x80000003f")).toBe("java.util.stream.Collectors$$Lambda$28/0x80000003f");
    expect(displayClassName("java.lang.String")).toBe("java.lang.String");
  });
});

describe("modified UTF-8", () => {
  it("decodes CESU surrogate pairs, C0 80 and 2-byte forms", () => {
    const b = Uint8Array.from([0xed, 0xa0, 0xb5, 0xed, 0xb2, 0x9c, 0x66, 0xc0, 0x80, 0xc3, 0x9c]);
    expect(decodeModifiedUtf8(b)).toBe("\u{1D49C}f\u0000Ü");
  });
  it("never throws on malformed bytes", () => {
    expect(decodeModifiedUtf8(Uint8Array.from([0xff, 0x41, 0xe0, 0x80]))).toBe("\ufffdA\ufffd\ufffd");
  });
  it("reads UTF-16 in either byte order", () => {
    expect(utf16(Uint8Array.from([0x68, 0, 0xe9, 0]), 0, 4, true)).toBe("hé");
    expect(utf16(Uint8Array.from([0, 0x68, 0, 0xe9]), 0, 4, false)).toBe("hé");
  });
});

describe("shallow-size model (hprof-format.md §8.2 measured sizes)", () => {
  const inst = (...classes: number[][]) => {
    let l = emptyLayout(M);
    for (const c of classes) l = packFields(M, l, c);
    return Math.ceil(l.length / 8) * 8;
  };
  const REF = 2, INT = 10, LONG = 11, BYTE = 8, BOOL = 4, SHORT = 9, DOUBLE = 7, FLOAT = 6;
  it("matches HotSpot with compressed oops and class pointers", () => {
    expect(inst([])).toBe(16); // new Object()
    expect(inst([BYTE])).toBe(16);
    expect(inst([REF])).toBe(16);
    expect(inst([INT, LONG])).toBe(24);
    expect(inst([REF, BYTE, INT, BOOL])).toBe(24); // String
    expect(inst([INT, LONG, REF], [INT], [INT, REF, SHORT, BOOL, DOUBLE])).toBe(56); // Leaf
    expect(inst([REF, REF, REF, REF], [], [REF, INT, REF])).toBe(40); // WeakHashMap$Entry
    expect(inst([REF, REF], [REF, INT, INT, FLOAT, REF, INT, REF])).toBe(48); // WeakHashMap
    expect(inst([REF, REF], [REF, REF, INT, INT, INT, FLOAT])).toBe(48); // HashMap
    expect(inst([REF, REF, REF, REF], [LONG])).toBe(40); // SoftReference
    expect(objectArrayShallow(M, 0)).toBe(16);
    expect(objectArrayShallow(M, 1)).toBe(24);
    expect(objectArrayShallow(M, 3)).toBe(32);
    expect(objectArrayShallow(M, 16)).toBe(80);
    expect([0, 1, 5, 9].map((n) => primitiveArrayShallow(M, n, BYTE))).toEqual([16, 24, 24, 32]);
    expect(primitiveArrayShallow(M, 1, LONG)).toBe(24);
  });
});

describe("id index", () => {
  const check = (ids: number[], force?: "sorted") => {
    const idx = buildIdIndex(Float64Array.from(ids), force);
    ids.forEach((id, i) => expect(idx.lookup(id)).toBe(ids.indexOf(id) === i ? i : ids.indexOf(id)));
    for (const miss of [0, 1, 7, ids[0] + 4, ids[0] - 8, 2 ** 52, ids[ids.length - 1] + 8]) if (!ids.includes(miss)) expect(idx.lookup(miss)).toBe(-1);
    return idx;
  };
  it("rank bitmap over sparse 8-aligned addresses in any order, duplicates keep the first", () => {
    const ids = [0x6878f2058, 0x600000000, 0x6878f2060, 0x7ff000000, 0x6878f2058, 0x600000010];
    const idx = check(ids);
    expect(idx.kind).toBe("rank-bitmap");
    expect(idx.duplicates).toBe(1);
  });
  it("classes-first layout: ordinals from ranks without a rank → ordinal table", () => {
    // 3 classes (any order), then ascending objects interleaved with them in address space
    const ids = [0x6000_0400, 0x6000_0010, 0x6000_0900, 0x6000_0008, 0x6000_0018, 0x6000_0500, 0x6000_0800, 0x6000_1000];
    const idx = buildIdIndex(Float64Array.from(ids), undefined, { leadingClasses: 3 });
    ids.forEach((id, i) => expect(idx.lookup(id)).toBe(i));
    for (const miss of [0x6000_0000, 0x6000_0020, 0x6000_0408, 0x6000_2000]) expect(idx.lookup(miss)).toBe(-1);
    // a class id repeated by an object falls back to the table (first occurrence wins)
    const dup = [0x6000_0400, 0x6000_0008, 0x6000_0400, 0x6000_0800];
    const d = buildIdIndex(Float64Array.from(dup), undefined, { leadingClasses: 1 });
    expect([0, 1, 0, 3].map((o, i) => d.lookup(dup[i]) === o)).toEqual([true, true, true, true]);
    expect(d.duplicates).toBe(1);
  });

  it("classes-first layout: the range from the classes and the ends; 4- and 2-byte alignment", () => {
    // A class holds the highest id and another the lowest: the range must not come from the objects alone.
    for (const step of [4, 2]) {
      const ids = [0x7000_0000, 0x1000_0000 + step, 0x2000_0000, 0x2000_0000 + step, 0x2000_0000 + 3 * step];
      const idx = buildIdIndex(Float64Array.from(ids), undefined, { leadingClasses: 2 });
      ids.forEach((id, i) => expect(idx.lookup(id)).toBe(i));
      for (const miss of [0x1000_0000, 0x2000_0000 + 2 * step, 0x7000_0000 + step, 0x7000_0000 - step]) expect(idx.lookup(miss)).toBe(-1);
    }
  });

  it("unaligned serial ids and the sorted fallback", () => {
    expect(check([5, 3, 4, 1000, 7]).kind).toBe("rank-bitmap");
    expect(check([8, 2 ** 50, 16, 2 ** 51 + 8]).kind).toBe("sorted");
    expect(check([0x6878f2058, 0x600000000, 0x6878f2060], "sorted").kind).toBe("sorted");
  });
});
