import type { Argv } from "yargs";
import type { DiffRow } from "../analysis/diff.ts";
import { terminalSafe } from "../report/escape.ts";
import { bytes, count } from "../report/format.ts";
import { table } from "../report/text.ts";
import { UsageError } from "./gate.ts";
import { analyzeOptions, loadFlags, type LoadArgs } from "./options.ts";
import { json, out } from "./output.ts";

const signed = (n: number, f: (x: number) => string) => (n > 0 ? "+" : n < 0 ? "-" : "") + f(Math.abs(n));

export const diffCommand = {
  command: "diff <base> <current>",
  describe: "What grew or shrank between two inputs: per allocation site and function (Go profiles, pprof -diff_base semantics) or per class (two dumps)",
  builder: (y: Argv) =>
    loadFlags(y)
      .positional("base", { type: "string", describe: "The earlier profile or dump" })
      .positional("current", { type: "string", describe: "The later profile or dump" })
      .option("top", { type: "number", default: 25, describe: "Rows per table" })
      .example("$0 diff before.pb.gz after.pb.gz", "Go: which sites and functions grew")
      .example("$0 diff monday.hprof tuesday.hprof --json", "Java: per-class count and byte deltas"),
  async handler(args: LoadArgs & { base: string; current: string; top: number }): Promise<number> {
    const { loadGraph } = await import("../load.ts");
    const { diffGraphs } = await import("../analysis/diff.ts");
    const opts = analyzeOptions(args);
    // No dominators here: the builders' spare buffers (spare-buffers.ts) would only hold memory.
    const base = await loadGraph([{ file: args.base }], opts);
    base.spares.clear();
    const current = await loadGraph([{ file: args.current }], opts);
    current.spares.clear();
    let d;
    try {
      d = diffGraphs(base, current, { sampleType: args["sample-index"] });
    } catch (e) {
      throw new UsageError(`cannot compare ${args.base} with ${args.current}: ${(e as Error).message}`);
    }
    const cut = (rows?: DiffRow[]) => (rows ?? []).slice(0, args.top);
    if (args.json) {
      await out(json({ schemaVersion: 1, base: args.base, current: args.current, ...d, functions: d.functions && cut(d.functions), sites: d.sites && cut(d.sites), classes: d.classes && cut(d.classes) }));
      return 0;
    }
    const lines: string[] = [];
    const total = d.currentTotal - d.baseTotal;
    lines.push(`${terminalSafe(args.base)} → ${terminalSafe(args.current)}${d.sampleType ? ` (${d.sampleType})` : ""}`);
    lines.push(`total ${bytes(d.baseTotal)} → ${bytes(d.currentTotal)} (${signed(total, bytes)}), objects ${count(d.baseObjects)} → ${count(d.currentObjects)} (${signed(d.currentObjects - d.baseObjects, count)})`, "");
    const show = (title: string, rows: DiffRow[] | undefined, cum: boolean) => {
      if (!rows?.length) return;
      lines.push(title);
      lines.push(
        table(
          cum ? ["name", "flat Δ", "cum Δ", "objects Δ", "now"] : ["type", "bytes Δ", "count Δ", "now"],
          cut(rows).map((r) => (cum ? [terminalSafe(r.name), signed(r.delta, bytes), signed(r.deltaCum ?? 0, bytes), signed(r.deltaObjects, count), bytes(r.current)] : [terminalSafe(r.name), signed(r.delta, bytes), signed(r.deltaObjects, count), bytes(r.current)])),
        ),
        "",
      );
    };
    show("By function:", d.functions, true);
    show("By allocation site:", d.sites, true);
    show("By class:", d.classes, false);
    if (!d.functions?.length && !d.sites?.length && !d.classes?.length) lines.push("No differences.");
    await out(lines.join("\n").trimEnd() + "\n");
    return 0;
  },
};
