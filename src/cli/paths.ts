import type { Argv } from "yargs";
import { terminalSafe } from "../report/escape.ts";
import { bytes } from "../report/format.ts";
import { pathText } from "../report/text.ts";
import { analyzeOptions, loadFlags, type LoadArgs } from "./options.ts";
import { json, out } from "./output.ts";

export const pathsCommand = {
  command: "paths <file> <selectors..>",
  describe: "Shortest strong GC-root path to objects: an id (0x…), Class.staticField, a class (its largest instances), a Go global or function",
  builder: (y: Argv) =>
    loadFlags(y)
      .positional("file", { type: "string", describe: "Heap dump or profile" })
      .positional("selectors", { type: "string", array: true, describe: "0x1234abcd | com.Foo.CACHE | com.Foo | main.someGlobal | main.fill" })
      .option("limit", { type: "number", default: 5, describe: "Instances per class selector (largest retained first)" })
      .example("$0 paths app.hprof com.example.Cache.INSTANCE", "Why the object a static field references is alive")
      .example("$0 paths app.hprof java.util.WeakHashMap --limit 3", "Paths to the 3 largest WeakHashMaps"),
  async handler(args: LoadArgs & { file: string; selectors: string[]; limit: number }): Promise<number> {
    const { analyzeFiles } = await import("../pipeline.ts");
    const { pathSteps } = await import("../analysis/paths.ts");
    const { selectNodes } = await import("../analysis/select.ts");
    const a = await analyzeFiles([{ file: args.file }], { ...analyzeOptions(args), detectors: false });
    const g = a.graph;
    const targets = [];
    const misses: string[] = [];
    for (const s of args.selectors) {
      const sel = selectNodes(g, a.dominators, s, args.limit);
      if (!sel.nodes.length) misses.push(sel.reason ?? s);
      for (const v of sel.nodes) {
        targets.push({
          selector: s,
          id: g.hexId(v),
          type: g.nodeName(v),
          shallowBytes: g.shallow[v],
          retainedBytes: a.dominators.retained[v],
          reachable: Boolean(a.dominators.reachable[v]),
          path: a.dominators.reachable[v] ? pathSteps(g, a.paths, a.dominators, v).map(({ node: _n, ...s }) => s) : [],
        });
      }
    }
    if (args.json) {
      await out(json({ schemaVersion: 1, targets, ...(misses.length ? { notFound: misses } : {}) }));
    } else {
      const lines: string[] = [];
      for (const t of targets) {
        lines.push(`${terminalSafe(t.selector)} → ${terminalSafe(t.type)} ${t.id}  shallow ${bytes(t.shallowBytes)}, retained ${bytes(t.retainedBytes)}`);
        lines.push(t.reachable ? pathText(t.path, "  ") : "  not reachable from any GC root over strong references (garbage not yet collected, or held only weakly)");
        lines.push("");
      }
      for (const m of misses) lines.push(`not found: ${terminalSafe(m)}`);
      await out(lines.join("\n").trimEnd() + "\n");
    }
    return misses.length && !targets.length ? 2 : 0;
  },
};
