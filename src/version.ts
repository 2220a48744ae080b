import { readFileSync } from "node:fs";

/** The package version, read once from package.json next to src/. */
export const TOOL_VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version as string;
  } catch {
    return "0.0.0";
  }
})();
