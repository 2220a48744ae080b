#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so a fresh `npm ci` needs no build step.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/cli/main.ts");
await runCli();
