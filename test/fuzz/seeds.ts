import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gunzipSync, constants as zc } from "node:zlib";
import { CORPUS, ROOT, hasCorpus, samplePath } from "../helpers/paths.ts";
import { hostileGoDump, hostileHprof, hostilePprofRaw, hostileTextProfile } from "../fixtures/hostile/index.ts";
import { encodeGoDump } from "../fixtures/hostile/godump-writer.ts";
import { HprofWriter, T, javaBase } from "../fixtures/hostile/hprof-writer.ts";
import { encodeGoref, encodeProfile, textProfile } from "../fixtures/hostile/pprof-writer.ts";
import { PROFILE, parseMessage } from "./mutators/proto.ts";
import { FUZZ_FORMATS, type FuzzFormat } from "./mutators/types.ts";

/** One starting input: its bytes after gzip inflation, and whether it came gzipped. */
export interface Seed {
  name: string;
  format: FuzzFormat;
  bytes: Uint8Array;
  gzipped: boolean;
}

const MAX_SEED = 32 * 1024 * 1024;

/** Tells a seed's format from its bytes (the readers' own sniffers are not used: they may be placeholders). */
export function classify(bytes: Uint8Array): FuzzFormat | null {
  const head = Buffer.from(bytes.subarray(0, 64)).toString("latin1");
  if (head.startsWith("JAVA PROFILE ")) return "hprof";
  if (head.startsWith("go1.7 heap dump\n")) return "godump";
  if (/^\s*(heap profile:|--- heapz)/.test(head)) return "pprof-text";
  if (bytes.length > 4) {
    const tree = parseMessage(bytes, PROFILE);
    if (tree && tree.some((f) => f.no === 6) && tree.some((f) => f.no === 1 || f.no === 2)) return "pprof";
  }
  return null;
}

export function inflateSeed(raw: Uint8Array): { bytes: Uint8Array; gzipped: boolean } {
  if (raw.length < 2 || raw[0] !== 0x1f || raw[1] !== 0x8b) return { bytes: raw, gzipped: false };
  try {
    return { bytes: new Uint8Array(gunzipSync(raw, { maxOutputLength: MAX_SEED })), gzipped: true };
  } catch {
    return { bytes: new Uint8Array(gunzipSync(raw, { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: MAX_SEED })), gzipped: true };
  }
}

function walkFiles(dir: string, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) walkFiles(p, out);
    else if (st.isFile() && st.size > 0 && st.size <= MAX_SEED) out.push(p);
  }
  return out;
}

/** Seeds from the committed/generated samples and the shared corpus (read in place). */
export function fileSeeds(opts: { maxBytes?: number } = {}): Seed[] {
  const maxBytes = opts.maxBytes ?? MAX_SEED;
  const dirs: [string, string][] = [[samplePath(), "samples"]];
  if (hasCorpus) dirs.push([CORPUS, "corpus"]);
  const seeds: Seed[] = [];
  for (const [dir, label] of dirs) {
    for (const p of walkFiles(dir)) {
      if (/\.(go|java|sh|md|mod|sum|class|jar|txt\.raw|raw|json)$|\.top\.|program-output|histogram/i.test(p)) continue;
      if (statSync(p).size > maxBytes) continue;
      let inflated: { bytes: Uint8Array; gzipped: boolean };
      try {
        inflated = inflateSeed(new Uint8Array(readFileSync(p)));
      } catch {
        continue;
      }
      if (inflated.bytes.length > maxBytes) continue;
      const format = classify(inflated.bytes);
      if (!format) continue;
      seeds.push({ name: `${label}/${relative(dir, p)}`, format, ...inflated });
    }
  }
  return seeds;
}

/** Small well-formed inputs built by the fixture writers, so every format has seeds even without samples. */
export function syntheticSeeds(): Seed[] {
  const w = new HprofWriter(4);
  const base = javaBase(w);
  const node = w.defineClass("com/example/Node", base.object, [{ name: "next", type: T.object }, { name: "name", type: T.object }, { name: "n", type: T.int }]);
  const nodes: number[] = [];
  for (let i = 0; i < 20; i++) nodes.push(w.instance(node, { next: nodes[i - 1] ?? 0, name: base.newString(`node${i}`), n: i }));
  w.instance(node, { next: nodes[19] }, nodes[0] + 8); // a cycle back through the chain
  const arr = w.objectArray(base.objectArray, nodes);
  const holder = w.defineClass("com/example/Holder", base.object, [], [{ name: "ALL", type: T.object, value: arr }, { name: "COUNT", type: T.int, value: 20 }]);
  for (const c of [base.object, base.byteArray, base.objectArray, base.string, node, holder]) w.rootStickyClass(c);
  w.rootJniGlobal(nodes[5]);
  w.primitiveArray(T.int, new Uint8Array(64));
  const spec = {
    samples: [
      { stack: ["main.alloc", "main.fill", "main.main", "runtime.main"], values: [100, 409600, 50, 204800], bytesLabel: 4096 },
      { stack: ["main.other", "main.main", "runtime.main"], values: [10, 640, 10, 640], bytesLabel: 64 },
      { stack: ["main.alloc", "main.main", "runtime.main"], values: [3, 3000, 1, 1000], bytesLabel: 1000 },
    ],
  };
  const objs = [0, 1, 2, 3, 4, 5].map((i) => ({ addr: 0xc000010000 + i * 64, size: 64, ptrs: [] as [number, number][], stack: ["main.alloc", "main.main"] }));
  for (let i = 0; i < 5; i++) objs[i].ptrs.push([8, objs[i + 1].addr]);
  objs[5].ptrs.push([0, objs[0].addr]); // cycle
  return [
    { name: "synthetic/chain.hprof", format: "hprof", bytes: w.bytes(), gzipped: false },
    { name: "synthetic/hostile.hprof", format: "hprof", bytes: hostileHprof(8), gzipped: false },
    { name: "synthetic/small.pb.gz", format: "pprof", bytes: encodeProfile(spec), gzipped: true },
    { name: "synthetic/hostile.pb", format: "pprof", bytes: hostilePprofRaw(), gzipped: false },
    {
      name: "synthetic/goref.pb.gz",
      format: "pprof",
      bytes: encodeGoref([
        { path: ["[10+]. (*main.entry)", "$mapval. (*main.entry)", "main.cache"], objects: 1000, bytes: 64000 },
        { path: ["name. (string)", "[10+]. (*main.entry)", "$mapval. (*main.entry)", "main.cache"], objects: 1000, bytes: 16000 },
        { path: ["$mapkey. (string)", "main.cache"], objects: 1000, bytes: 16000 },
        { path: ["buf. ([]uint8)", "main.main.localBuf"], objects: 1, bytes: 4096 },
        { path: ["runtime.SetFinalizer.obj"], objects: 2, bytes: 192 },
      ]),
      gzipped: true,
    },
    { name: "synthetic/small.txt", format: "pprof-text", bytes: new TextEncoder().encode(textProfile(spec)), gzipped: false },
    { name: "synthetic/hostile.txt", format: "pprof-text", bytes: new TextEncoder().encode(hostileTextProfile()), gzipped: false },
    { name: "synthetic/cycle.godump", format: "godump", bytes: encodeGoDump({ objects: objs, frames: [{ fn: "main.main", ptrs: [[0, objs[2].addr]] }], globals: [[0, objs[0].addr]] }), gzipped: false },
    { name: "synthetic/hostile.godump", format: "godump", bytes: hostileGoDump(), gzipped: false },
  ];
}

export function allSeeds(opts: { maxBytes?: number; formats?: readonly FuzzFormat[] } = {}): Seed[] {
  const formats = opts.formats ?? FUZZ_FORMATS;
  return [...syntheticSeeds(), ...fileSeeds(opts)].filter((s) => formats.includes(s.format));
}

export { ROOT };
