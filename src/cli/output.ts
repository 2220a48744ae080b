import { writeFileSync } from "node:fs";

/** Writes to stdout and resolves once flushed (large JSON must not be cut by process.exit). */
export function out(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

export function err(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : text + "\n");
}

export function writeFile(path: string, text: string): void {
  writeFileSync(path, text);
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
