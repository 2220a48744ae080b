import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { discoverDirectory, parseManifest, planAudit, sniffHead, stemOf } from "../../src/audit/manifest.ts";
import { InputError } from "../../src/io/errors.ts";
import { samplePath } from "../helpers/paths.ts";

const dir = mkdtempSync(join(tmpdir(), "heaplens-manifest-"));
const HPROF_HEAD = "JAVA PROFILE 1.0.2\0";
writeFileSync(join(dir, "app.hprof"), HPROF_HEAD + "\0\0\0\x08");
writeFileSync(join(dir, "gw.txt"), "heap profile: 1: 2 [3: 4] @ heap/1048576\n");

function manifest(obj: unknown, name = "m.json"): string {
  const p = join(dir, name);
  writeFileSync(p, typeof obj === "string" ? obj : JSON.stringify(obj, null, 2));
  return p;
}

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("manifest", () => {
  it("resolves inputs relative to the manifest and keeps per-input options", () => {
    const p = manifest({
      service: "checkout",
      processes: [
        { name: "app", runtime: "java", inputs: ["app.hprof"] },
        { name: "gw", runtime: "Go", inputs: [{ file: "gw.txt", sampleIndex: "inuse_objects" }], base: ["gw.txt"] },
      ],
    });
    const plan = planAudit(p);
    expect(plan.service).toBe("checkout");
    expect(plan.skipped).toEqual([]);
    expect(plan.processes.map((x) => [x.name, x.runtime, x.inputs.map((i) => i.file), x.base.length])).toEqual([
      ["app", "java", [join(dir, "app.hprof")], 0],
      ["gw", "go", [join(dir, "gw.txt")], 1],
    ]);
    expect(plan.processes[1].inputs[0].options).toEqual({ sampleIndex: "inuse_objects" });
  });

  it("invalid JSON: one InputError naming the file, line and column", () => {
    const text = '{\n  "processes": [\n    { "name": "a", }\n  ]\n}\n';
    const e = thrown(() => parseManifest(text, "svc.json"));
    expect(e.file).toBe("svc.json");
    expect(e.message).toMatch(/^svc\.json: at byte \d+: invalid JSON manifest at line 3, column \d+/);
    expect(e.message).not.toContain("\n");
    expect(thrown(() => parseManifest("", "e.json")).message).toMatch(/line 1, column 1/);
    expect(thrown(() => parseManifest("[1]", "a.json")).message).toMatch(/JSON object/);
    expect(thrown(() => parseManifest("{}", "a.json")).message).toMatch(/no "processes"/);
  });

  it("bad entries are skipped with a reason naming the entry; the rest stays", () => {
    const p = manifest({
      processes: [
        { name: "app", runtime: "java", inputs: ["app.hprof", "missing.hprof"] },
        { name: "py", runtime: "python", inputs: ["app.hprof"] },
        { name: "app", runtime: "java", inputs: ["app.hprof"] },
        { name: "gone", runtime: "go", inputs: ["nope.pb.gz"] },
        { runtime: "go", inputs: ["gw.txt"] },
        { name: "gw", runtime: "go", inputs: ["gw.txt"] },
      ],
    });
    const plan = planAudit(p);
    expect(plan.processes.map((x) => x.name)).toEqual(["app", "gw"]);
    expect(plan.processes[0].inputs).toHaveLength(1);
    const reasons = plan.skipped.map((s) => `${s.entry}: ${s.reason}`);
    expect(reasons).toEqual([
      'processes[0] "app" inputs[1] missing.hprof: file not found',
      'processes[1] "py": unknown runtime "python" (expected "java" or "go")',
      'processes[2] "app": duplicate process name (first defined at processes[0])',
      'processes[3] "gone" inputs[0] nope.pb.gz: file not found',
      'processes[3] "gone": none of its inputs can be read',
      'processes[4]: no process name ("name": "…")',
    ]);
  });

  it("a dump instead of a manifest is a one-process service", () => {
    const plan = planAudit(join(dir, "app.hprof"));
    expect(plan.processes.map((p) => [p.name, p.runtime, p.inputs.length])).toEqual([["app", "java", 1]]);
  });

  it("sniffs gzip by inflating only a prefix", () => {
    const p = join(dir, "big.hprof.gz");
    writeFileSync(p, gzipSync(Buffer.concat([Buffer.from(HPROF_HEAD), Buffer.alloc(4 << 20)])));
    expect(new TextDecoder().decode(sniffHead(p).subarray(0, 12))).toBe("JAVA PROFILE");
    expect(stemOf("x/heap-before.pb.gz")).toBe("heap-before");
    expect(stemOf("HybridApp.hprof.gz")).toBe("HybridApp");
    expect(stemOf("heap.txt.gz")).toBe("heap");
  });

  it("directory mode groups by sub-folder or name prefix, finds bases, ignores other files", () => {
    const d = mkdtempSync(join(tmpdir(), "heaplens-dir-"));
    mkdirSync(join(d, "gateway"));
    writeFileSync(join(d, "gateway", "heap.txt"), "heap profile: 1: 2 [3: 4] @ heap/1048576\n");
    writeFileSync(join(d, "gateway", "heap-before.txt"), "heap profile: 1: 2 [3: 4] @ heap/1048576\n");
    writeFileSync(join(d, "gateway", "notes.md"), "# not a dump\n");
    writeFileSync(join(d, "billing.app.hprof"), HPROF_HEAD);
    writeFileSync(join(d, "billing.old.hprof"), HPROF_HEAD);
    const plan = discoverDirectory(d);
    expect(plan.processes.map((p) => [p.name, p.runtime, p.inputs.map((i) => i.entry), p.base.map((i) => i.entry)])).toEqual([
      ["billing", "java", ["billing.app.hprof", "billing.old.hprof"], []],
      ["gateway", "go", ["gateway/heap.txt"], ["gateway/heap-before.txt"]],
    ]);
    expect(plan.notes.join("\n")).toMatch(/1 file\(s\) that are not heap dumps/);
    const empty = mkdtempSync(join(tmpdir(), "heaplens-empty-"));
    expect(thrown(() => planAudit(empty)).message).toMatch(/no heap dumps or profiles/);
  });

  it("the committed sample service: manifest and directory name the same processes", () => {
    const m = planAudit(samplePath("hybrid", "service", "manifest.json"));
    const d = planAudit(samplePath("hybrid", "service"));
    const shape = (p: typeof m) => p.processes.map((x) => [x.name, x.runtime, x.inputs.map((i) => i.file).sort(), x.base.map((i) => i.file)]);
    expect(m.skipped).toEqual([]);
    expect(shape(d)).toEqual(shape(m));
    expect(d.notes.join("\n")).toMatch(/heap\.txt\.gz: same profile as gateway\/heap\.pb\.gz/);
  });
});
