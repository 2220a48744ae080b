import type { InputSpec } from "../load.ts";
import type { AnalyzeOptions } from "../pipeline.ts";
import { loadSequential, type Loaded } from "./audit.ts";

export function worthParallel(_specs: InputSpec[]): boolean {
  return false;
}

export async function loadParallel(specs: InputSpec[], options: AnalyzeOptions): Promise<{ loaded: Loaded[]; mode: string }> {
  return { loaded: await loadSequential(specs, options), mode: "sequential" };
}
