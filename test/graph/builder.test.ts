import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../../src/graph/builder.ts";
import { Lang, NodeKind } from "../../src/graph/kinds.ts";

const sizes = [8, 0xffffffff, 2 ** 32, 1.5, 24];

describe("GraphBuilder shallow column", () => {
  for (const via of ["addNode", "setShallow", "bulk"] as const) {
    it(`compact (Uint32) widens to Float64 on the first size that does not fit (${via}), keeping every size`, () => {
      const b = new GraphBuilder();
      b.compactShallow();
      b.beginInput({ file: "t", format: "test", language: "java" });
      const t = b.addType("T", Lang.Java);
      if (via === "bulk") {
        // A loader that declares compact sizes and widens itself, as HPROF pass 1 does.
        const nb = b.bulkNodes(sizes.length, Lang.Java, true);
        expect(nb.shallow).toBeInstanceOf(Uint32Array);
        let sh = nb.shallow;
        sizes.forEach((s, i) => {
          if (s > 0xffffffff || !Number.isInteger(s)) sh = b.widenShallow();
          sh[nb.start + i] = s;
          nb.type[nb.start + i] = t;
        });
        nb.commit(sizes.length);
      } else {
        for (const s of sizes) {
          const v = b.addNode(NodeKind.Instance, t, via === "addNode" ? s : 0, 1, Lang.Java);
          if (via === "setShallow") b.setShallow(v, s);
        }
      }
      b.endInput();
      const g = b.freeze();
      expect(g.shallow).toBeInstanceOf(Float64Array);
      expect(Array.from(g.shallow)).toEqual(sizes);
    });
  }

  it("stays Uint32 while sizes fit, and bulk writers that do not declare compact sizes get Float64", () => {
    const b = new GraphBuilder();
    b.compactShallow();
    b.beginInput({ file: "t", format: "test", language: "java" });
    const t = b.addType("T", Lang.Java);
    b.addNode(NodeKind.Instance, t, 0xffffffff, 1, Lang.Java);
    expect(b.nodeColumns().shallow).toBeInstanceOf(Uint32Array);
    const nb = b.bulkNodes(1, Lang.Java);
    expect(nb.shallow).toBeInstanceOf(Float64Array);
    nb.shallow[nb.start] = 2 ** 40;
    nb.commit(1);
    b.endInput();
    expect(Array.from(b.freeze().shallow)).toEqual([0xffffffff, 2 ** 40]);
  });

  it("compacts ids into 32-bit slots of a scale only when every id fits, and widens on a later id that does not", () => {
    const make = (ids: number[]) => {
      const b = new GraphBuilder();
      b.beginInput({ file: "t", format: "test", language: "java" });
      const t = b.addType("T", Lang.Java);
      for (const id of ids) b.addNode(NodeKind.Instance, t, 8, id, Lang.Java);
      return b;
    };
    const high = 0x7_ffff_fff8; // just below 32 GiB
    const b = make([0x1000, 0x1008, high]);
    expect(b.compactIds(8)).toBe(true);
    b.endInput();
    const g = b.freeze();
    expect(g.externalId).toBeInstanceOf(Uint32Array);
    expect(g.idScale).toBe(8);
    expect([0, 1, 2].map((v) => g.hexId(v))).toEqual(["0x1000", "0x1008", "0x" + high.toString(16)]);
    expect(g.findByExternalId(high)).toBe(2);
    expect(g.findByExternalId(0x1008)).toBe(1);
    for (const ids of [[0x1000, 0x1004], [0x1000, 8 * 2 ** 32]]) expect(make(ids).compactIds(8), ids.join()).toBe(false);
    const later = make([0x1000]);
    expect(later.compactIds(8)).toBe(true);
    later.addNode(NodeKind.Instance, 0, 8, 0x1003, Lang.Java);
    later.endInput();
    const w = later.freeze();
    expect(w.externalId).toBeInstanceOf(Float64Array);
    expect([w.idOf(0), w.idOf(1)]).toEqual([0x1000, 0x1003]);
    // Scale 1 (4-byte ids) is a Uint32 column too: an id past 2^32 must widen it, not wrap.
    const one = make([7, 0xffffffff]);
    expect(one.compactIds(1)).toBe(true);
    one.addNode(NodeKind.Instance, 0, 8, 2 ** 33 + 5, Lang.Java);
    one.endInput();
    const o = one.freeze();
    expect(o.externalId).toBeInstanceOf(Float64Array);
    expect([0, 1, 2].map((v) => o.idOf(v))).toEqual([7, 0xffffffff, 2 ** 33 + 5]);
  });
});

describe("GraphBuilder type column", () => {
  for (const types of [3, 0x10000, 0x10001]) {
    it(`is ${types <= 0x10000 ? "16" : "32"} bits with ${types} types, and every node keeps its type`, () => {
      const b = new GraphBuilder();
      b.beginInput({ file: "t", format: "test", language: "go" });
      for (let t = 0; t < types; t++) b.addType(`T${t}`, Lang.Go);
      const picks = [0, 1, types - 1, types >> 1, 0xffff % types];
      for (const t of picks) b.addNode(NodeKind.GoObject, t, 8, 1, Lang.Go);
      b.endInput();
      const g = b.freeze();
      expect(g.type).toBeInstanceOf(types <= 0x10000 ? Uint16Array : Uint32Array);
      expect(Array.from(g.type)).toEqual(picks);
      expect(g.typeName(2)).toBe(`T${types - 1}`);
    });
  }
});
