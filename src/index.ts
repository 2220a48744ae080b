/** heaplens public API: the CLI is a thin layer over these. */
export { analyzeFiles, analyzeGraph, type Analysis, type AnalyzeOptions } from "./pipeline.ts";
export { loadGraph, loadOne, type InputSpec, type LoadGraphOptions } from "./load.ts";
export { buildReport, type BuildReportOptions } from "./report/build.ts";
export { renderText } from "./report/text.ts";
export type { Report } from "./report/model.ts";
export { HeapGraph, type InputInfo, type ValueReader } from "./graph/heap-graph.ts";
export { GraphBuilder } from "./graph/builder.ts";
export { combineGraphs } from "./graph/combine.ts";
export { InputError } from "./io/errors.ts";
export { DETECTORS, selectDetectors } from "./analysis/detectors/index.ts";
export type { Finding, Detector, PathStep, Severity } from "./analysis/detectors/types.ts";
