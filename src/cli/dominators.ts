import type { Argv } from "yargs";
import type { SubtreeNode } from "../analysis/dominators.ts";
import { InputError } from "../io/errors.ts";
import { terminalSafe } from "../report/escape.ts";
import { bytes, count } from "../report/format.ts";
import { analyzeOptions, loadFlags, type LoadArgs } from "./options.ts";
import { json, out } from "./output.ts";

export const dominatorsCommand = {
  command: "dominators <files..>",
  describe: "The dominator tree, indented: who keeps whom alive, with retained sizes",
  builder: (y: Argv) =>
    loadFlags(y)
      .positional("files", { type: "string", array: true })
      .option("depth", { type: "number", default: 4, describe: "Levels to print" })
      .option("min-bytes", { type: "number", default: 0, describe: "Hide subtrees retaining fewer bytes" })
      .option("limit", { type: "number", default: 20, describe: "Children per node (largest first)" })
      .option("from", { type: "string", describe: "Start at this object (any paths selector) instead of the GC roots" }),
  async handler(args: LoadArgs & { files: string[]; depth: number; "min-bytes": number; limit: number; from?: string }): Promise<number> {
    const { analyzeFiles } = await import("../pipeline.ts");
    const { dominatorSubtree } = await import("../analysis/dominators.ts");
    const { selectNodes } = await import("../analysis/select.ts");
    const a = await analyzeFiles(args.files.map((file) => ({ file })), { ...analyzeOptions(args), detectors: false });
    let root = a.graph.superRoot;
    if (args.from) {
      const sel = selectNodes(a.graph, a.dominators, args.from, 1);
      if (!sel.nodes.length) throw new InputError(args.files[0], -1, sel.reason ?? `nothing matches ${args.from}`);
      root = sel.nodes[0];
    }
    const tree = dominatorSubtree(a.graph, a.dominators, { root, depth: args.depth, minBytes: args["min-bytes"], limit: args.limit });
    if (args.json) {
      await out(json({ schemaVersion: 1, tree: strip(tree) }));
      return 0;
    }
    const lines: string[] = [];
    const walk = (n: SubtreeNode, depth: number) => {
      lines.push(`${"  ".repeat(depth)}${bytes(n.retained).padStart(10)}  ${terminalSafe(n.name)}${n.node === a.graph.superRoot ? "" : ` ${n.id}`}${n.count > 1 ? `  (${count(n.count)} objects)` : ""}`);
      for (const c of n.children) walk(c, depth + 1);
    };
    walk(tree, 0);
    await out(lines.join("\n") + "\n");
    return 0;
  },
};

function strip(n: SubtreeNode): unknown {
  return { id: n.id, type: n.name, shallowBytes: n.shallow, retainedBytes: n.retained, retainedCount: n.count, children: n.children.map(strip) };
}
