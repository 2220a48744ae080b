import { gzipSync } from "node:zlib";
import { Rng } from "./rng.ts";
import { GENERIC } from "./mutators/generic.ts";
import { GODUMP_MUTATORS } from "./mutators/godump.ts";
import { mutateGzip } from "./mutators/gzip.ts";
import { HPROF_MUTATORS } from "./mutators/hprof.ts";
import { PROTO_MUTATORS } from "./mutators/proto.ts";
import { TEXT_MUTATORS } from "./mutators/text.ts";
import type { FuzzFormat, Mutator } from "./mutators/types.ts";
import type { Seed } from "./seeds.ts";

export const STRUCTURED: Record<FuzzFormat, readonly Mutator[]> = {
  hprof: HPROF_MUTATORS,
  pprof: PROTO_MUTATORS,
  "pprof-text": TEXT_MUTATORS,
  godump: GODUMP_MUTATORS,
};

export interface FuzzCase {
  index: number;
  format: FuzzFormat;
  seedName: string;
  steps: string[];
  /** The bytes as written to disk (gzip-wrapped when `gzipped`). */
  bytes: Uint8Array;
  gzipped: boolean;
  /** The mutated content before any gzip wrapping (what the minimizer shrinks). */
  content: Uint8Array;
  /** Size of the content before gzip: memory limits are relative to it. */
  inflatedSize: number;
}

/** Seeds per format, small ones more likely (a 4 MB dump costs ~50x a 80 KB one per case). */
export function seedPicker(seeds: Seed[]) {
  const byFormat = new Map<FuzzFormat, Seed[]>();
  for (const s of seeds) byFormat.set(s.format, [...(byFormat.get(s.format) ?? []), s]);
  return {
    formats: [...byFormat.keys()],
    pick(format: FuzzFormat, rng: Rng): Seed {
      const list = byFormat.get(format)!;
      return rng.weighted(list.map((s) => [1 / (1 + s.bytes.length / (256 * 1024)), s] as const));
    },
  };
}

/**
 * Builds case `index` of campaign `seed`: a format (round robin), a seed input, one to three
 * mutations (mostly structure-aware), then a container choice (gzip again, raw, damaged gzip).
 * Deterministic in (seed, index, seed set).
 */
export function makeCase(picker: ReturnType<typeof seedPicker>, seed: string, index: number, formats: FuzzFormat[]): FuzzCase {
  const rng = new Rng(seed, index);
  const format = formats[index % formats.length];
  const s = picker.pick(format, rng);
  let bytes = s.bytes;
  const steps: string[] = [];
  const n = rng.weighted([[6, 1], [3, 2], [1, 3]] as const);
  const structured = STRUCTURED[format];
  for (let k = 0, tries = 0; k < n && tries < 12; tries++) {
    const m = rng.chance(0.7) ? rng.pick(structured) : rng.pick(GENERIC);
    const out = m.apply(bytes, rng);
    if (!out) continue;
    bytes = out;
    steps.push(m.name);
    k++;
  }
  if (!steps.length) {
    bytes = GENERIC[0].apply(bytes, rng) ?? bytes;
    steps.push(GENERIC[0].name);
  }
  const inflatedSize = bytes.length;
  const content = bytes;
  let gz = false;
  const r = rng.u32() / 2 ** 32;
  if (s.gzipped ? r < 0.85 : r < 0.08) {
    gz = true;
    bytes = new Uint8Array(gzipSync(bytes, { level: 1 }));
    if (rng.chance(s.gzipped ? 0.15 : 0.5)) {
      const [b, note] = mutateGzip(bytes, rng);
      bytes = b;
      steps.push(note);
    } else steps.push("gzip");
  }
  return { index, format, seedName: s.name, steps, bytes, gzipped: gz, content, inflatedSize };
}
