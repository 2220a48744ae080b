import type { Finding } from "./detectors/types.ts";

/** A baseline file: signatures of known findings to suppress in later runs (CI use). */
export interface Baseline {
  schemaVersion: 1;
  signatures: { signature: string; detector: string; title: string }[];
}

export function makeBaseline(findings: Finding[]): Baseline {
  const seen = new Set<string>();
  const signatures: Baseline["signatures"] = [];
  for (const f of findings) {
    if (seen.has(f.signature)) continue;
    seen.add(f.signature);
    signatures.push({ signature: f.signature, detector: f.detector, title: f.title });
  }
  return { schemaVersion: 1, signatures };
}

/** Parses baseline JSON; throws a plain Error with a reason when the shape is wrong. */
export function parseBaseline(text: string): Baseline {
  const data = JSON.parse(text) as Partial<Baseline>;
  if (!data || !Array.isArray(data.signatures)) throw new Error("not a heaplens baseline (no signatures[])");
  return { schemaVersion: 1, signatures: data.signatures.filter((s) => s && typeof s.signature === "string") };
}

export function applyBaseline(findings: Finding[], baseline: Baseline): { kept: Finding[]; suppressed: number } {
  const known = new Set(baseline.signatures.map((s) => s.signature));
  const kept = findings.filter((f) => !known.has(f.signature));
  return { kept, suppressed: findings.length - kept.length };
}
