import { createHash } from "node:crypto";
import type { PathStep } from "./types.ts";

/**
 * Stable type text for signatures: hidden-class addresses (`Foo$$Lambda$1/0x0000…`, `…+0x…`) and
 * the lambda counter dropped by newer JDKs (`$$Lambda$14` → `$$Lambda`) are stripped, so the same
 * program gives the same text on every run and on JDK 17 and 25.
 */
export function stableTypeName(type: string): string {
  return type.replace(/[/+]0x[0-9a-fA-F]+/g, "").replace(/\$\$Lambda\$\d+/g, "$$$$Lambda");
}

/** Stable edge text: array slots collapse to `[]`; field names and map-key labels stay. */
export function stableVia(via: string): string {
  return /^\[\d+\]$/.test(via) ? "[]" : via;
}

/** Pattern text of one step (edge label and type), for `extra` chains beyond the subject. */
export function stablePattern(step: Pick<PathStep, "type" | "via">): string {
  return `${stableVia(step.via)}|${stableTypeName(step.type)}`;
}

/** Root kind only ("java-frame main@Main.run:42" → "java-frame"): thread names and lines vary. */
function stableRoot(root: string | undefined): string {
  return root ? root.split(" ")[0] : "";
}

/**
 * Signature of a finding: sha1 (16 hex chars) of the detector id and the path pattern — per step
 * the root kind, the stable type and the stable edge label — never addresses or array indices.
 * `extra` adds further pattern text (e.g. a chain beyond the subject, a thread-pool flag).
 */
export function signatureOf(detector: string, steps: readonly Pick<PathStep, "type" | "via" | "root">[], extra: readonly string[] = []): string {
  const h = createHash("sha1");
  h.update(detector);
  for (const s of steps) h.update(`\n${stableRoot(s.root)}|${stableVia(s.via)}|${stableTypeName(s.type)}`);
  for (const x of extra) h.update(`\n+${x}`);
  return h.digest("hex").slice(0, 16);
}
