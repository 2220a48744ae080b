import type { InputFormat } from "./format.ts";
import { godumpFormat } from "./godump/index.ts";
import { hprofFormat } from "./hprof/index.ts";
import { pprofFormat, pprofTextFormat } from "./pprof/index.ts";

/** Every input format, registered explicitly. Sniffed in this order; pprof proto (the loosest check) last. */
export const FORMATS: readonly InputFormat[] = [hprofFormat, godumpFormat, pprofTextFormat, pprofFormat];

export function sniffFormat(head: Uint8Array): InputFormat | undefined {
  return FORMATS.find((f) => f.sniff(head));
}

export type { InputFormat, LoadContext, LoadOptions } from "./format.ts";
