import type { Argv } from "yargs";
import { gateFindings } from "./gate.ts";
import { analyzeOptions, list, loadFlags, type LoadArgs } from "./options.ts";
import { err, json, out, writeFile } from "./output.ts";

export function findingFlags<T>(y: Argv<T>) {
  return y
    .option("only", { type: "string", array: true, describe: "Run only these detectors (ids or prefixes, comma-separated)" })
    .option("skip", { type: "string", array: true, describe: "Skip these detectors (ids or prefixes)" })
    .option("min-bytes", { type: "number", default: 0, describe: "Drop findings retaining fewer bytes" })
    .option("fail-on", { type: "string", describe: "Exit 1 when a finding at or above this severity remains (info|low|medium|high|critical)" })
    .option("baseline", { type: "string", describe: "Suppress findings whose signature is in this baseline file" })
    .option("write-baseline", { type: "string", describe: "Write the current findings' signatures to this file" });
}

/** The findings flags as parsed by yargs. */
export interface FindingArgs {
  only?: string[];
  skip?: string[];
  "min-bytes": number;
  "fail-on"?: string;
  baseline?: string;
  "write-baseline"?: string;
}

/** Detector selection options for the pipeline from the findings flags (the gate flags go to gateFindings). */
export function findingOptions(args: FindingArgs) {
  return { only: list(args.only), skip: list(args.skip), minBytes: args["min-bytes"] };
}

export const analyzeCommand = {
  command: "analyze <files..>",
  describe: "Summary, top classes, largest retainers and leak findings for heap dumps / profiles",
  builder: (y: Argv) =>
    findingFlags(loadFlags(y))
      .positional("files", { type: "string", array: true, describe: "HPROF dumps (.hprof, .hprof.gz), Go heap profiles (pprof proto or debug=1 text), Go heap dumps" })
      .option("top", { type: "number", default: 25, describe: "Rows per list (a large N returns everything)" })
      .option("html", { type: "string", describe: "Also write a self-contained HTML report to this file" })
      .option("base", { type: "string", array: true, describe: "Base profile(s)/dump(s) to compare against (Go map retention, growth)" })
      .example("$0 analyze app.hprof", "Summary and findings of one Java heap dump")
      .example("$0 analyze heap.pb.gz --base before.pb.gz --json", "A Go profile against a base, as JSON")
      .example("$0 analyze app.hprof --fail-on high --baseline known.json", "CI gate"),
  async handler(args: LoadArgs & { files: string[]; top: number; html?: string; base?: string[]; } & FindingArgs): Promise<number> {
    const { analyzeFiles } = await import("../pipeline.ts");
    const { buildReport } = await import("../report/build.ts");
    const { renderText } = await import("../report/text.ts");
    const opts = analyzeOptions(args);
    const a = await analyzeFiles(args.files.map((file) => ({ file })), {
      ...opts,
      ...findingOptions(args),
      base: args.base?.map((file) => ({ file })),
    });
    const gate = gateFindings(a, args, writeFile);
    if (args.html) {
      const { renderHtml } = await import("../report/html/render.ts");
      writeFile(args.html, renderHtml(buildReport(a, { top: Infinity, tree: true, flame: true })));
      if (!args.json) err(`wrote ${args.html}`);
    }
    const report = buildReport(a, { top: args.top });
    if (gate.suppressed) report.warnings.push(`${gate.suppressed} finding(s) suppressed by baseline ${args.baseline}`);
    await out(args.json ? json(report) : renderText(report));
    return gate.code;
  },
};
