import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Where sample dumps/profiles are read from: committed ones under samples/, or a freshly generated
 * tree when HEAPLENS_SAMPLES_DIR is set (CI regenerates them with samples/generate.sh).
 */
export function samplePath(...parts: string[]): string {
  const base = process.env.HEAPLENS_SAMPLES_DIR ?? join(ROOT, "samples");
  return join(base, ...parts);
}

/** The shared real-world corpus (read in place, never copied into the repo). */
export const CORPUS = resolve(ROOT, "../shared/corpus");
export const hasCorpus = existsSync(CORPUS);
export function corpusPath(...parts: string[]): string {
  return join(CORPUS, ...parts);
}
