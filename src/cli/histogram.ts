import type { Argv } from "yargs";
import { terminalSafe } from "../report/escape.ts";
import { bytes, count } from "../report/format.ts";
import { table } from "../report/text.ts";
import { analyzeOptions, loadFlags, type LoadArgs } from "./options.ts";
import { json, out } from "./output.ts";

type By = "type" | "function" | "site";

export const histogramCommand = {
  command: "histogram <files..>",
  describe: "Class histogram (count, shallow, retained) or, for Go profiles, per function / allocation site flat and cum",
  builder: (y: Argv) =>
    loadFlags(y)
      .positional("files", { type: "string", array: true })
      .option("top", { type: "number", default: 50, describe: "Rows to print" })
      .option("by", { choices: ["type", "function", "site"] as const, describe: "Rows per class/type (default for dumps), per function (default for Go profiles) or per allocation site (file:line)" })
      .option("sort", { choices: ["retained", "shallow", "count"] as const, default: "retained" as const, describe: "Type histogram order (profiles sort by flat)" })
      .example("$0 histogram app.hprof --sort shallow", "Classes by shallow size")
      .example("$0 histogram heap.pb.gz --by site", "Go allocation sites, flat and cum"),
  async handler(args: LoadArgs & { files: string[]; top: number; by?: By; sort: "retained" | "shallow" | "count" }): Promise<number> {
    const { analyzeFiles } = await import("../pipeline.ts");
    const { profileTable } = await import("../graph/profile-table.ts");
    const a = await analyzeFiles(args.files.map((file) => ({ file })), { ...analyzeOptions(args), detectors: false });
    const profiles = a.graph.inputs.map((_, i) => i).filter((i) => profileTable(a.graph, i));
    const by: By = args.by ?? (profiles.length === a.graph.inputs.length && profiles.length > 0 ? "function" : "type");
    if (by !== "type") {
      if (!profiles.length) throw new (await import("./gate.ts")).UsageError(`--by ${by} needs Go heap profiles; use --by type for dumps`);
      const { functionTable, siteTable } = await import("../analysis/profile-histogram.ts");
      const tables = profiles.map((i) => ({ input: a.graph.inputs[i], t: (by === "site" ? siteTable : functionTable)(a.graph, i, { sampleType: args["sample-index"] }) }));
      if (args.json) {
        await out(json({ schemaVersion: 1, by, tables: tables.map(({ input, t }) => ({ file: input.file, sampleType: t.sampleType, total: t.total, totalObjects: t.totalObjects, rows: t.rows.slice(0, args.top) })) }));
        return 0;
      }
      const text: string[] = [];
      for (const { input, t } of tables) {
        text.push(`${terminalSafe(input.file)}: ${t.sampleType}, total ${bytes(t.total)}, ${count(t.totalObjects)} objects`);
        const pct = (x: number) => (t.total ? `${((x / t.total) * 100).toFixed(2)}%` : "-");
        text.push(table(["flat", "flat%", "cum", "cum%", "objects", by], t.rows.slice(0, args.top).map((r) => [bytes(r.flat), pct(r.flat), bytes(r.cum), pct(r.cum), count(r.flatObjects), terminalSafe(r.name)]), "rrrrrl"), "");
      }
      await out(text.join("\n"));
      return 0;
    }
    const key = args.sort === "count" ? "count" : args.sort === "shallow" ? "shallowBytes" : "retainedBytes";
    const rows = [...a.histogram].sort((x, y) => y[key] - x[key]).slice(0, args.top);
    if (args.json) {
      await out(json({ schemaVersion: 1, by, histogram: rows.map((r) => ({ type: r.name, count: r.count, shallowBytes: r.shallowBytes, retainedBytes: r.retainedBytes })) }));
    } else {
      await out(table(["type", "count", "shallow", "retained"], rows.map((r) => [terminalSafe(r.name), count(r.count), bytes(r.shallowBytes), bytes(r.retainedBytes)])) + "\n");
    }
    return 0;
  },
};
