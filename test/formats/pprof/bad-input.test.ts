// Bad input never crashes or hangs: an InputError naming the file and where (byte offset or line).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/io/errors.ts";
import { loadOne } from "../../../src/load.ts";
import { samplePath } from "../../helpers/paths.ts";
import { encodeProfile, type ProfileSpec } from "./proto-writer.ts";

const tmp = mkdtempSync(join(tmpdir(), "heaplens-pprof-bad-"));
let n = 0;
function write(bytes: Uint8Array | string, ext = ".pb"): string {
  const p = join(tmp, `case${n++}${ext}`);
  writeFileSync(p, bytes);
  return p;
}
async function refusal(path: string): Promise<InputError> {
  const e = await loadOne({ file: path }).then(() => undefined, (x: unknown) => x);
  expect(e, `${path} should be refused`).toBeInstanceOf(InputError);
  expect((e as InputError).message).toContain(path);
  return e as InputError;
}

const good: ProfileSpec = {
  sampleTypes: [["alloc_objects", "count"], ["alloc_space", "bytes"], ["inuse_objects", "count"], ["inuse_space", "bytes"]],
  samples: [
    { locs: [1, 2], values: [4, 400, 2, 200], labels: [{ key: "bytes", num: 100 }] },
    { locs: [3, 2], values: [1, 64, 1, 64], labels: [{ key: "bytes", num: 64 }] },
  ],
  locations: [
    { id: 1, address: 0x1000, mapping: 1, lines: [[1, 10]] },
    { id: 2, address: 0x2000, mapping: 1, lines: [[2, 20]] },
    { id: 3, address: 0x3000, mapping: 1, lines: [[3, 30], [4, 31]] },
  ],
  functions: [
    { id: 1, name: "main.alloc", file: "main.go" },
    { id: 2, name: "main.main", file: "main.go" },
    { id: 3, name: "main.inner", file: "main.go" },
    { id: 4, name: "main.outer", file: "main.go" },
  ],
  mappings: [{ id: 1, start: 0x400000, limit: 0x500000, file: "/bin/x" }],
  periodType: ["space", "bytes"],
  period: 524288,
};

describe("pprof bad input", () => {
  it("the writer's good profile loads (control)", async () => {
    const g = await loadOne({ file: write(encodeProfile(good)) });
    expect((g.inputs[0].meta.totals as Record<string, number>).inuse_space).toBe(264);
    // Inlined frames: location 3's lines are [inner, outer] (the last is the caller), so the
    // tree goes main.main → main.outer → main.inner.
    const node = (name: string) => g.type.indexOf(g.typesNamed(name)[0]);
    const inner = node("main.inner");
    const outer = node("main.outer");
    const main = node("main.main");
    const parentOf = (v: number) => g.retainers().from[g.retainers().start[v]];
    expect(parentOf(inner)).toBe(outer);
    expect(parentOf(outer)).toBe(main);
    expect(g.edgeLabelText(g.retainers().edge[g.retainers().start[inner]])).toBe("main.go:30");
  });

  it("truncated gzip", async () => {
    const gz = readFileSync(samplePath("go", "profiles", "mapretain", "rate1", "heap.pb.gz"));
    for (const cut of [10, gz.length >> 1]) await refusal(write(gz.subarray(0, cut), ".pb.gz"));
    // Only the gzip trailer (and the final deflate byte) lost: every profile byte inflates, so it
    // loads with a warning instead of failing.
    const g = await loadOne({ file: write(gz.subarray(0, gz.length - 9), ".pb.gz") });
    expect(g.warnings.join("\n")).toMatch(/gzip/);
  });

  it("truncated and corrupt protobuf", async () => {
    const raw = gunzipSync(readFileSync(samplePath("go", "profiles", "mapretain", "rate1", "heap.pb.gz")));
    const e = await refusal(write(raw.subarray(0, raw.length - 7)));
    expect(e.offset).toBeGreaterThan(0);
    // A length prefix that runs past the end.
    const bad = Uint8Array.from(raw);
    bad[1] = 0xff;
    bad[2] = 0xff;
    bad[3] = 0x7f;
    await refusal(write(bad));
  });

  it("indexes pointing outside the tables", async () => {
    const cases: [ProfileSpec, RegExp][] = [
      [{ ...good, samples: [{ locs: [9], values: [1, 1, 1, 1] }] }, /location 9/],
      [{ ...good, locations: [{ id: 1, lines: [[77, 1]] }, ...good.locations.slice(1)] }, /function 77/],
      [{ ...good, locations: [{ id: 1, mapping: 5, lines: [[1, 1]] }, ...good.locations.slice(1)] }, /mapping 5/],
      [{ ...good, functions: [{ id: 1, name: "#999" }, ...good.functions.slice(1)] }, /string outside the table/],
      [{ ...good, samples: [{ locs: [1], values: [1, 2] }] }, /2 values/],
    ];
    for (const [spec, msg] of cases) {
      const e = await refusal(write(encodeProfile(spec)));
      expect(e.message).toMatch(msg);
      expect(e.offset).toBeGreaterThanOrEqual(0);
    }
  });

  it("a text profile cut inside a line keeps its complete lines and warns", async () => {
    const t = readFileSync(samplePath("go", "profiles", "mapretain", "default", "heap.txt"), "utf8");
    const cut = t.indexOf(" 0x", t.indexOf("\n1")) + 4; // inside the first record's first address
    const g = await loadOne({ file: write(t.slice(0, cut), ".txt") });
    expect(g.warnings.join("\n")).toMatch(/truncated/);
    expect(g.inputs[0].meta.samples).toBe(0);
  });

  it("a text profile with a broken line names the line", async () => {
    const lines = readFileSync(samplePath("go", "profiles", "mapretain", "default", "heap.txt"), "utf8").split("\n");
    lines.splice(4, 0, "12: abc [x");
    const e = await refusal(write(lines.join("\n"), ".txt"));
    expect(e.line).toBe(5);
    const e2 = await refusal(write("heap profile: 1: 2 [3: 4] @ heap/1024\n0: 5 [0: 0] @ 0x1\n", ".txt"));
    expect(e2.message).toMatch(/inuse count is 0/);
    expect(e2.line).toBe(2);
    await refusal(write("heap profile: 1: 2 [3: 4] @ weird/1024\n", ".txt"));
  });

  it("random mutations: loaded or InputError, never another error", async () => {
    const proto = gunzipSync(readFileSync(samplePath("go", "profiles", "mapretain", "default", "heap.pb.gz")));
    const text = readFileSync(samplePath("go", "profiles", "mapretain", "default", "heap.txt"));
    let seed = 12345;
    const rnd = (k: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % k;
    };
    for (let i = 0; i < 120; i++) {
      const src = i % 2 ? proto : text;
      const m = Uint8Array.from(src);
      for (let j = 0, flips = 1 + rnd(4); j < flips; j++) m[rnd(m.length)] = rnd(256);
      const cut = rnd(3) === 0 ? m.subarray(0, rnd(m.length) + 1) : m;
      const bytes = rnd(4) === 0 ? gzipSync(cut) : cut;
      const e = await loadOne({ file: write(bytes, i % 2 ? ".pb" : ".txt") }).then(() => undefined, (x: unknown) => x);
      if (e !== undefined) expect(e, String(e)).toBeInstanceOf(InputError);
    }
  });
});
