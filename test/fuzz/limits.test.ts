import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGzip, gzipSync } from "node:zlib";
import { heaplens } from "../helpers/cli.ts";
import { afterAll, describe, expect, it } from "vitest";
import { encodeGoDump } from "../fixtures/hostile/godump-writer.ts";
import { HprofWriter, T, javaBase } from "../fixtures/hostile/hprof-writer.ts";
import { encodeProfile } from "../fixtures/hostile/pprof-writer.ts";
import { beBytes, concat, overwrite, splice, uvarint } from "./mutators/bytes.ts";
import { decodeRecord, godumpLayout } from "./mutators/godump.ts";
import { decodeSub, hprofLayout } from "./mutators/hprof.ts";
import { FuzzPool } from "./pool.ts";
import { deadlineFor, judge } from "./verdict.ts";

/**
 * Declared sizes that cannot fit in the file (array lengths, string and record lengths, counts,
 * varints past 64 bits, nesting) must be refused with an InputError or tolerated — never an
 * allocation sized from the claim, a crash or a hang. Each input runs in a fuzz worker with the
 * campaign's deadline and memory limit.
 */
const dir = mkdtempSync(join(tmpdir(), "heaplens-limits-"));
let pool: FuzzPool | undefined;
afterAll(async () => pool?.close());

async function verdict(name: string, bytes: Uint8Array, gzipped = false) {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  pool ??= new FuzzPool({ size: 2 });
  const inflated = gzipped ? bytes.length * 20 : bytes.length;
  const r = await pool.run(p, deadlineFor(inflated));
  const v = judge(r, { format: "any", inflatedSize: inflated, gzipped, fileSize: bytes.length });
  return v.kind === "failure" ? `${v.failure}: ${v.detail.slice(0, 600)}` : v.kind;
}

const ok = ["ok", "refused"];

function smallHprof(idSize: 4 | 8 = 8): Uint8Array {
  const w = new HprofWriter(idSize);
  const base = javaBase(w);
  const node = w.defineClass("com/example/Node", base.object, [{ name: "next", type: T.object }, { name: "n", type: T.int }]);
  const a = w.instance(node, { n: 1 });
  const b = w.instance(node, { next: a, n: 2 });
  const arr = w.objectArray(base.objectArray, [a, b]);
  w.primitiveArray(T.long, new Uint8Array(32));
  const holder = w.defineClass("com/example/Holder", base.object, [], [{ name: "ALL", type: T.object, value: arr }]);
  for (const c of [base.object, base.objectArray, node, holder]) w.rootStickyClass(c);
  return w.bytes();
}

/** The first sub-record with this tag, decoded. */
function sub(b: Uint8Array, tag: number) {
  const L = hprofLayout(b)!;
  for (let i = 0; i < L.subCount; i++) if (L.subTag[i] === tag) return decodeSub(b, L.subAt[i], b.length, L.idSize)!;
  throw new Error(`no sub-record ${tag}`);
}

describe("declared sizes that cannot fit in the file", () => {
  const h = smallHprof();
  const L = hprofLayout(h)!;
  const hprofCases: [string, Uint8Array][] = [
    ["primitive array of 2^32-1 longs", overwrite(h, sub(h, 0x23).counts[0].at, beBytes(0xffffffff, 4))],
    ["object array of 2^31 elements", overwrite(h, sub(h, 0x22).counts[0].at, beBytes(0x80000000, 4))],
    ["instance with 4 GB of field bytes", overwrite(h, sub(h, 0x21).counts[0].at, beBytes(0xffffffff, 4))],
    ["class dump with 65535 instance fields", overwrite(h, sub(h, 0x20).counts.at(-1)!.at, beBytes(0xffff, 2))],
    ["UTF8 record of 4 GB", overwrite(h, L.recAt[L.recTag.indexOf(0x01)] + 5, beBytes(0xffffffff, 4))],
    ["heap segment of 4 GB", overwrite(h, L.recAt[L.recTag.indexOf(0x1c)] + 5, beBytes(0xffffffff, 4))],
    ["id size 16", overwrite(h, L.idSizeAt, beBytes(16, 4))],
    ["id size 3", overwrite(h, L.idSizeAt, beBytes(3, 4))],
    ["id size 2^32-1", overwrite(h, L.idSizeAt, beBytes(0xffffffff, 4))],
  ];
  it.each(hprofCases)("HPROF: %s", async (name, bytes) => {
    expect(ok).toContain(await verdict(`h-${name.replace(/\W/g, "_")}.hprof`, bytes));
  }, 120_000);

  const spec = { samples: [{ stack: ["main.a", "main.main"], values: [1, 64, 1, 64] }, { stack: ["main.b", "main.main"], values: [2, 128, 2, 128] }] };
  const pb = encodeProfile(spec);
  const strKey = 0x32; // field 6, wire type 2
  const firstString = pb.indexOf(strKey, pb.length - 120);
  const deep = encodeProfile({ samples: [{ stack: [...Array.from({ length: 100_000 }, (_, i): string => (i % 2 ? "main.f" : "main.g")), "main.main"], values: [1, 64, 1, 64] }] });
  const pprofCases: [string, Uint8Array][] = [
    ["string length 2^40", splice(pb, firstString + 1, 1, uvarint(2 ** 40))],
    ["11-byte varint", concat(pb, Uint8Array.of(0x48), new Uint8Array(10).fill(0xff), Uint8Array.of(1))],
    ["field length 2^63", concat(pb, Uint8Array.of(0x12), uvarint(2n ** 63n))],
    ["200,000 nested groups", concat(pb, new Uint8Array(400_000).map((_, i) => (i % 2 ? 0x06 : 0x9b)))],
    ["a 100,000-frame recursive stack", deep],
    ["a 100,000-frame stack, gzipped", new Uint8Array(gzipSync(deep))],
  ];
  it.each(pprofCases)("pprof: %s", async (name, bytes) => {
    expect(ok).toContain(await verdict(`p-${name.replace(/\W/g, "_")}.pb`, bytes, bytes[0] === 0x1f));
  }, 120_000);

  const objs = [0, 1, 2].map((i) => ({ addr: 0xc000010000 + i * 64, size: 64, ptrs: [[8, 0xc000010000 + ((i + 1) % 3) * 64]] as [number, number][], stack: ["main.a", "main.main"] }));
  const g = encodeGoDump({ objects: objs, globals: [[0, objs[0].addr]] });
  const G = godumpLayout(g)!;
  const rec = (tag: number) => decodeRecord(g, G.recAt[G.recTag.indexOf(tag)])!;
  const obj = rec(1);
  const far = encodeGoDump({ objects: [objs[0], { ...objs[1], addr: objs[0].addr + 2 ** 44, ptrs: [] }], globals: [[0, objs[0].addr]] });
  const godumpCases: [string, Uint8Array][] = [
    ["object contents of 2^50 bytes", splice(g, obj.fields[1].at, 1, uvarint(2 ** 50))],
    ["memprof with 2^32 frames", splice(g, rec(16).fields[2].at, 1, uvarint(2 ** 32))],
    ["pointer size 0", splice(g, rec(6).fields[1].at, 1, uvarint(0))],
    ["pointer size 16", splice(g, rec(6).fields[1].at, 1, uvarint(16))],
    ["10-byte varint tag", splice(g, G.recAt[3], 0, concat(new Uint8Array(9).fill(0xff), Uint8Array.of(0x01)))],
    ["a million pointer fields in one object", splice(g, obj.fields[2].at, 0, new Uint8Array(2_000_000).map((_, i) => (i % 2 ? 0 : 1)))],
    ["objects 16 TiB apart", far],
  ];
  it.each(godumpCases)("Go heap dump: %s", async (name, bytes) => {
    expect(ok).toContain(await verdict(`g-${name.replace(/\W/g, "_")}.dump`, bytes));
  }, 120_000);

  const text = "heap profile: 1: 64 [1: 64] @ heap/1048576\n1: 64 [1: 64] @ 0x401000 0x401010\n";
  const textCases: [string, string][] = [
    ["20-digit counts", "heap profile: 99999999999999999999: 99999999999999999999 [99999999999999999999: 1] @ heap/1048576\n1: 64 [1: 64] @ 0x401000\n"],
    ["period 0", text.replace("heap/1048576", "heap/0")],
    ["100,000 frames on one line", `${text}1: 64 [1: 64] @ ${"0x401000 ".repeat(100_000)}\n`],
    ["a 2 MB line", `${text}# ${"x".repeat(2 * 1024 * 1024)}\n`],
    ["addresses past 64 bits", `${text}1: 64 [1: 64] @ 0x${"f".repeat(40)}\n`],
  ];
  it.each(textCases)("legacy text: %s", async (name, s) => {
    expect(ok).toContain(await verdict(`t-${name.replace(/\W/g, "_")}.heap`, new TextEncoder().encode(s)));
  }, 120_000);
});

/** HPROF header + `mb` MB of zeros, gzipped as a stream (about 1 KB per MB). */
async function gzipBomb(mb: number): Promise<Uint8Array> {
  const gz = createGzip({ level: 1 });
  const parts: Buffer[] = [];
  gz.on("data", (d: Buffer) => parts.push(d));
  const done = new Promise((resolve) => gz.on("end", resolve));
  gz.write(Buffer.concat([Buffer.from("JAVA PROFILE 1.0.2\0"), Buffer.from([0, 0, 0, 8]), Buffer.alloc(8)]));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mb; i++) if (!gz.write(zeros)) await new Promise((r) => gz.once("drain", r));
  gz.end();
  await done;
  return new Uint8Array(Buffer.concat(parts));
}

describe("--max-memory", () => {
  it("a gzip bomb stops with one clear line, not an out-of-memory crash", async () => {
    const p = join(dir, "bomb.hprof.gz");
    writeFileSync(p, await gzipBomb(512));
    const r = heaplens(["analyze", p, "--max-memory", "300M"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/limit/);
    expect(r.stderr).toContain(p);
  }, 120_000);
});
