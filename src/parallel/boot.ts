/**
 * Worker source (for `new Worker(code, { eval: true })`) that imports a module of ours. From
 * TypeScript sources the worker registers tsx's loader first, as bin/heaplens.js does; tsx is
 * resolved here, next to heaplens, because an eval'd worker would resolve it from the current
 * directory, which is the user's.
 */
export function workerBoot(moduleUrl: string): string {
  if (!moduleUrl.endsWith(".ts")) return `import(${JSON.stringify(moduleUrl)})`;
  return `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); })`;
}

/** This module's sibling `name` (.ts or .js, as this module runs), as a URL. */
export function siblingUrl(base: string, name: string): string {
  return new URL(`./${name}${base.endsWith(".ts") ? ".ts" : ".js"}`, base).href;
}
