// Runs every bench/*.bench.ts in its own process (so peak RSS is per benchmark) and lets each print
// its figures. `npm run bench -- hprof` runs only the benchmarks whose file name contains "hprof".
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(here, f), ...process.argv.slice(2).filter((a) => a.startsWith("-"))], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
if (files.length === 0) console.log("no benchmarks matched");
process.exit(failed ? 1 : 0);
