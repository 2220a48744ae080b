import { GraphBuilder } from "../../graph/builder.ts";
import { Growable } from "../../graph/growable.ts";
import { silentProgress } from "../../io/progress.ts";
import { MemorySource } from "../../io/source.ts";
import type { LoadContext } from "../format.ts";

/**
 * The hot loops of pass 1 and pass 2 are compiled while they run (on-stack replacement). A branch
 * first taken after that (the first object array, the first root) deoptimizes them, and on a busy
 * machine they run in the interpreter until recompiled: seconds on a 1 GB dump. Loading this tiny
 * dump, which takes every branch once, first gives the compiler complete type feedback.
 */
let warmed = false;

export function warmUp(load: (source: MemorySource, builder: GraphBuilder, ctx: LoadContext) => void): void {
  if (warmed) return;
  warmed = true;
  // The walk's lists (checkpoints, roots) first outgrow their initial room deep in a big dump;
  // growing lists of each element type here gives Growable.push's grow branch its feedback too.
  for (const ctor of [Float64Array, Uint32Array, Uint8Array, Int32Array]) {
    const g = new Growable(ctor as Float64ArrayConstructor, 16);
    for (let i = 0; i < 64; i++) g.push(i);
  }
  const bytes = tinyDump();
  for (let i = 0; i < 3; i++) {
    const b = new GraphBuilder();
    b.beginInput({ file: "warm-up", format: "hprof", language: "java" });
    load(new MemorySource(bytes, "warm-up"), b, { options: {}, progress: silentProgress, warn: () => {} });
    b.endInput();
    b.freeze();
  }
}

function tinyDump(): Uint8Array {
  const out: number[] = [];
  const u1 = (v: number) => out.push(v & 0xff);
  const u2 = (v: number) => (u1(v >>> 8), u1(v));
  const u4 = (v: number) => (u2(v >>> 16), u2(v & 0xffff));
  const id = (v: number) => (u4(Math.floor(v / 4294967296)), u4(v >>> 0));
  const record = (tag: number, body: () => void) => {
    u1(tag);
    u4(0);
    const at = out.length;
    u4(0);
    body();
    const len = out.length - at - 4;
    out[at] = len >>> 24;
    out[at + 1] = (len >>> 16) & 0xff;
    out[at + 2] = (len >>> 8) & 0xff;
    out[at + 3] = len & 0xff;
  };
  for (const c of "JAVA PROFILE 1.0.2") u1(c.charCodeAt(0));
  u1(0);
  u4(8);
  id(0);
  const B = 0x6_0000_0000;
  const names: [number, string][] = [[1, "java/lang/Object"], [2, "demo/Node"], [3, "[I"], [4, "[Ljava/lang/Object;"], [5, "next"], [6, "n"], [7, "S"]];
  for (const [sid, s] of names) record(0x01, () => (id(sid), [...s].forEach((c) => u1(c.charCodeAt(0)))));
  const classes = [[B + 0x10, 1], [B + 0x20, 2], [B + 0x30, 3], [B + 0x40, 4]];
  classes.forEach(([cid, sid], i) => record(0x02, () => (u4(i + 1), id(cid), u4(1), id(sid))));
  record(0x1c, () => {
    const classDump = (cid: number, sup: number, statics: boolean, fields: boolean) => {
      u1(0x20), id(cid), u4(1), id(sup), id(0), id(0), id(0), id(0), id(0), u4(fields ? 12 : 0), u2(0);
      if (statics) (u2(2), id(7), u1(2), id(B + 0x100), id(6), u1(10), u4(1));
      else u2(0);
      if (fields) (u2(2), id(5), u1(2), id(6), u1(10));
      else u2(0);
    };
    classDump(B + 0x10, 0, false, false);
    classDump(B + 0x20, B + 0x10, true, true);
    classDump(B + 0x30, B + 0x10, false, false);
    classDump(B + 0x40, B + 0x10, false, false);
    for (let i = 0; i < 64; i++) {
      const o = B + 0x100 + i * 0x40;
      u1(0x21), id(o), u4(1), id(B + 0x20), u4(12), id(i % 7 === 0 ? 0 : i % 5 === 0 ? B + 0x9000 : o + 0x10), u4(i);
      u1(0x23), id(o + 0x10), u4(1), u4(3), u1(10), u4(1), u4(2), u4(3);
      // Odd and even lengths: (header + length × 4) / 8 must not look like an integer division.
      if (i % 2 === 0) u1(0x22), id(o + 0x20), u4(1), u4(2), id(B + 0x40), id(o), id(0);
      else u1(0x22), id(o + 0x20), u4(1), u4(3), id(B + 0x40), id(o), id(0), id(o + 0x10);
      u1(0xc3), id(o + 0x30), u4(1), u4(5), u1(8);
    }
    u1(0x08), id(B + 0x100), u4(1), u4(2);
    u1(0x03), id(B + 0x100), u4(1), u4(0);
    u1(0x02), id(B + 0x140), u4(1), u4(0);
    u1(0x01), id(B + 0x180), id(0x7f00);
    u1(0x05), id(B + 0x20);
    u1(0xff), id(B + 0x1c0);
  });
  record(0x2c, () => {});
  return Uint8Array.from(out);
}
