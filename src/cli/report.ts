import type { Argv } from "yargs";
import { findingFlags, findingOptions, type FindingArgs } from "./analyze.ts";
import { gateFindings } from "./gate.ts";
import { analyzeOptions, loadFlags, type LoadArgs } from "./options.ts";
import { err, writeFile } from "./output.ts";

export const reportCommand = {
  command: "report <files..>",
  describe: "Write one self-contained HTML report (opens offline; no network)",
  builder: (y: Argv) =>
    findingFlags(loadFlags(y))
      .positional("files", { type: "string", array: true })
      .option("o", { alias: "output", type: "string", demandOption: true, describe: "The HTML file to write" })
      .option("base", { type: "string", array: true, describe: "Base profile(s) for the diff view and Go map retention" })
      .option("top", { type: "number", default: 100000, describe: "Histogram / dominator rows to embed (the page keeps the largest and totals the rest)" })
      .option("title", { type: "string", describe: "Report title" })
      .example("$0 report app.hprof -o app.html", "")
      .example("$0 report heap.pb.gz --base before.pb.gz -o go.html", "Go profile with a diff against a base"),
  async handler(args: LoadArgs & { files: string[]; o: string; base?: string[]; top: number; title?: string; } & FindingArgs): Promise<number> {
    const { analyzeFiles } = await import("../pipeline.ts");
    const { buildReport } = await import("../report/build.ts");
    const a = await analyzeFiles(args.files.map((file) => ({ file })), {
      ...analyzeOptions(args),
      ...findingOptions(args),
      base: args.base?.map((file) => ({ file })),
    });
    const gate = gateFindings(a, args, writeFile);
    const report = buildReport(a, { top: args.top, tree: true, flame: true });
    const { renderHtml } = await import("../report/html/render.ts");
    writeFile(args.o, renderHtml(report, { title: args.title }));
    err(`wrote ${args.o} (${report.findings.length} findings)`);
    return gate.code;
  },
};
