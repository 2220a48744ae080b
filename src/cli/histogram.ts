import type { Argv } from "yargs";
import { terminalSafe } from "../report/escape.ts";
import { bytes, count } from "../report/format.ts";
import { table } from "../report/text.ts";
import { analyzeOptions, loadFlags, type LoadArgs } from "./options.ts";
import { json, out } from "./output.ts";

export const histogramCommand = {
  command: "histogram <files..>",
  describe: "Class histogram (Java) / allocation-site histogram (Go): count, shallow and retained bytes",
  builder: (y: Argv) =>
    loadFlags(y)
      .positional("files", { type: "string", array: true })
      .option("top", { type: "number", default: 50, describe: "Rows to print" })
      .option("sort", { choices: ["retained", "shallow", "count"] as const, default: "retained" as const }),
  async handler(args: LoadArgs & { files: string[]; top: number; sort: "retained" | "shallow" | "count" }): Promise<number> {
    const { analyzeFiles } = await import("../pipeline.ts");
    const a = await analyzeFiles(args.files.map((file) => ({ file })), { ...analyzeOptions(args), detectors: false });
    const key = args.sort === "count" ? "count" : args.sort === "shallow" ? "shallowBytes" : "retainedBytes";
    const rows = [...a.histogram].sort((x, y) => y[key] - x[key]).slice(0, args.top);
    if (args.json) {
      await out(json({ schemaVersion: 1, histogram: rows.map((r) => ({ type: r.name, count: r.count, shallowBytes: r.shallowBytes, retainedBytes: r.retainedBytes })) }));
    } else {
      await out(table(["type", "count", "shallow", "retained"], rows.map((r) => [terminalSafe(r.name), count(r.count), bytes(r.shallowBytes), bytes(r.retainedBytes)])) + "\n");
    }
    return 0;
  },
};
