import type { Rng } from "../rng.ts";

/** The input formats the campaign knows (as the readers name them). */
export type FuzzFormat = "hprof" | "pprof" | "pprof-text" | "godump";
export const FUZZ_FORMATS: readonly FuzzFormat[] = ["hprof", "pprof", "pprof-text", "godump"];

/**
 * A mutator takes the (inflated) bytes of a seed and returns mutated bytes, or null when it does not
 * apply to this input (e.g. no length field found). `name` goes into the case description.
 */
export interface Mutator {
  name: string;
  apply(bytes: Uint8Array, rng: Rng): Uint8Array | null;
}

/** A mutation result with a human-readable note of what was done (where, which value). */
export interface Mutated {
  bytes: Uint8Array;
  steps: string[];
}
