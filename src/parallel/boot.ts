import { Worker, type WorkerOptions } from "node:worker_threads";
import { bundledWorker, tsModulePath } from "./worker-bundle.ts";

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

/**
 * A worker running the module at `moduleUrl`: from TypeScript sources, a cached JavaScript bundle
 * of it (see worker-bundle.ts) when one can be built, else the module through tsx (workerBoot).
 */
export function startWorker(moduleUrl: string, options: WorkerOptions = {}): Worker {
  const ts = tsModulePath(moduleUrl);
  const bundle = ts ? bundledWorker(ts) : undefined;
  return bundle ? new Worker(bundle, options) : new Worker(workerBoot(moduleUrl), { ...options, eval: true });
}
