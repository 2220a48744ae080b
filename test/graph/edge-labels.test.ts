import { describe, expect, it } from "vitest";
import { EdgeLabels, LabelEncoder } from "../../src/graph/edge-labels.ts";
import { GraphBuilder } from "../../src/graph/builder.ts";
import { EdgeKind, INDEX_LABEL, Lang, NodeKind, RootKind } from "../../src/graph/kinds.ts";

/** Labels as the formats write them: table entries and array slots, around the 16-bit limits. */
function mixed(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
  const edges = [0, 1, 0x7ffe, 0x7fff, 0x8000, 0xfffe, 0xffff, 0x10000, 2 ** 31 - 1];
  for (let e = 0; e < n; e++) {
    const r = next();
    const v = r % 20 === 0 ? edges[next() % edges.length] : next() % 0x7000;
    out[e] = next() & 0x100 ? (INDEX_LABEL | v) >>> 0 : v;
  }
  return out;
}

describe("EdgeLabels", () => {
  it("reads back every label: escapes for table entries from 0x7fff, index high bits from the steps", () => {
    const labels = mixed(200_000, 7);
    const col = EdgeLabels.of(labels.slice());
    const c = col.column();
    expect(c.codes).toBeInstanceOf(Uint16Array);
    const escapes = Array.from(labels).filter((l) => !(l & INDEX_LABEL) && l >= 0x7fff).length;
    // A step wherever the high bits (index >>> 15) of consecutive slot labels change, from 0.
    let steps = 0;
    let high = 0;
    for (const l of labels) {
      if (!(l & INDEX_LABEL)) continue;
      const h = (l & 0x7fffffff) >>> 15;
      if (h !== high) steps++;
      high = h;
    }
    expect(escapes).toBeGreaterThan(500);
    expect(steps).toBeGreaterThan(500);
    expect(c.escapedEdge!.length).toBe(escapes);
    expect(c.stepEdge!.length).toBe(steps);
    expect(Array.from(col.toUint32())).toEqual(Array.from(labels));
    // Rebuilt from its column (as another thread does) it reads the same.
    const again = new EdgeLabels(c);
    for (let e = 0; e < labels.length; e += 97) expect(again.get(e)).toBe(labels[e]);
  });

  it("an array's slots in index order need one step per 32768 slots, and the next array none", () => {
    const labels = new Uint32Array(100_000 + 10);
    for (let i = 0; i < 100_000; i++) labels[i] = (INDEX_LABEL | i) >>> 0;
    for (let i = 0; i < 10; i++) labels[100_000 + i] = (INDEX_LABEL | i) >>> 0;
    const col = EdgeLabels.of(labels);
    expect(Array.from(col.column().stepEdge!)).toEqual([32768, 65536, 98304, 100_000]);
    expect(Array.from(col.column().stepHigh!)).toEqual([1, 2, 3, 0]);
    expect(Array.from(col.toUint32())).toEqual(Array.from(labels));
  });

  it("keeps 32-bit labels when escapes would cost more than they save (a label table past 32767 names)", () => {
    const labels = new Uint32Array(10_000);
    for (let i = 0; i < labels.length; i++) labels[i] = 40_000 + i;
    const col = EdgeLabels.of(labels);
    expect(col.column().codes).toBe(labels);
    expect(col.get(9_999)).toBe(49_999);
  });

  it("stays on shared memory when the labels were", () => {
    const labels = new Uint32Array(new SharedArrayBuffer(4 * 100));
    labels[3] = 5;
    const col = EdgeLabels.of(labels);
    expect(col.column().codes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(col.get(3)).toBe(5);
  });

  it("a graph with a 40000-slot array and a label table past 32767 names gives every label back", () => {
    const b = new GraphBuilder();
    b.beginInput({ file: "t", format: "test", language: "java" });
    const t = b.addType("Holder[]", Lang.Java);
    const arr = b.addNode(NodeKind.ObjectArray, t, 16, 1, Lang.Java);
    const obj = b.addNode(NodeKind.Instance, t, 16, 2, Lang.Java);
    for (let i = 0; i < 40_000; i++) b.addEdge(arr, obj, EdgeKind.Strong, GraphBuilder.indexLabel(i));
    let last = 0;
    for (let i = 0; i < 40_000; i++) last = b.labels.intern(`f${i}`);
    b.addEdge(obj, arr, EdgeKind.Strong, last);
    b.addRoot(arr, RootKind.JniGlobal, b.labels.intern("root"));
    b.endInput();
    const g = b.freeze();
    expect(last).toBeGreaterThan(0x7fff);
    expect(g.edgeLabelText(g.edgeStart[arr] + 39_999)).toBe("[39999]");
    expect(g.edgeLabelText(g.edgeStart[arr] + 32_766)).toBe("[32766]");
    expect(g.edgeLabelText(g.edgeStart[arr] + 32_767)).toBe("[32767]");
    expect(g.edgeLabelText(g.edgeStart[obj])).toBe("f39999");
    expect(g.edgeLabels.column().codes).toBeInstanceOf(Uint16Array);
  });
});

describe("GraphBuilder with label codes", () => {
  it("single edges and bulk writes mix: each bulk write's slots start from high bits 0", () => {
    const b = new GraphBuilder();
    b.beginInput({ file: "t", format: "test", language: "java" });
    const t = b.addType("java.lang.Object[]", Lang.Java);
    for (let v = 0; v < 4; v++) b.addNode(NodeKind.ObjectArray, t, 16, 8 * (v + 1), Lang.Java);
    b.useLabelCodes();
    // Node 0: one slot past 32767 by addEdge, so the builder's own encoder is at high bits 1.
    b.addEdge(0, 1, EdgeKind.Strong, GraphBuilder.indexLabel(40_000));
    // A bulk write with nothing to escape (no lists): its slot 3 must not inherit high bits 1.
    const small = b.bulkEdges(1);
    small.from[small.start] = 0;
    small.to[small.start] = 2;
    small.kind[small.start] = EdgeKind.Strong;
    small.codes[small.start] = new LabelEncoder().code(small.start, GraphBuilder.indexLabel(3));
    small.commit(1);
    // Nodes 1 and 2 in one bulk write: slot 5, then slots 32768 and 70000 (steps), then a field past the table limit.
    const eb = b.bulkEdges(4);
    const enc = new LabelEncoder();
    const rows: [number, number, number][] = [[1, 2, GraphBuilder.indexLabel(5)], [2, 3, GraphBuilder.indexLabel(32_768)], [2, 3, GraphBuilder.indexLabel(70_000)], [2, 0, 0x9000]];
    rows.forEach(([from, to, label], i) => {
      const e = eb.start + i;
      eb.from[e] = from;
      eb.to[e] = to;
      eb.kind[e] = EdgeKind.Strong;
      eb.codes[e] = enc.code(e, label);
    });
    enc.finish(eb.start + rows.length);
    eb.commit(rows.length, enc);
    // And one more single slot below 32768.
    b.addEdge(3, 0, EdgeKind.Strong, GraphBuilder.indexLabel(7));
    b.addRoot(0, RootKind.JniGlobal, 0);
    b.endInput();
    const g = b.freeze();
    expect(Array.from(g.edgeLabels.toUint32())).toEqual([40_000, 3, 5, 32_768, 70_000].map(GraphBuilder.indexLabel).concat([0x9000, GraphBuilder.indexLabel(7)]));
    expect(() => b.bulkEdges(1).label).toThrow(/label codes/);
  });
});
