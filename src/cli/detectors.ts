import type { Argv } from "yargs";
import { table } from "../report/text.ts";
import { json, out } from "./output.ts";

export const detectorsCommand = {
  command: "detectors",
  describe: "List the leak detectors (ids for --only / --skip)",
  builder: (y: Argv) => y.option("json", { type: "boolean", default: false }),
  async handler(args: { json: boolean }): Promise<number> {
    const { DETECTORS } = await import("../analysis/detectors/index.ts");
    const rows = DETECTORS.map((d) => ({ id: d.id, language: d.language, description: d.description }));
    await out(args.json ? json({ schemaVersion: 1, detectors: rows }) : table(["id", "language", "finds"], rows.map((r) => [r.id, r.language, r.description]), "lll") + "\n");
    return 0;
  },
};
