/**
 * The one error type that means "the input is bad", as opposed to a bug in heaplens.
 * The CLI prints it as a single line (file, byte offset, what was expected) and exits 2.
 */
export class InputError extends Error {
  readonly file: string;
  /** Byte offset into the (decompressed) input where the problem was seen; -1 when unknown. */
  readonly offset: number;
  /** Line number for text formats (1-based); 0 when not applicable. */
  readonly line: number;

  constructor(file: string, offset: number, message: string, line = 0) {
    const where = line > 0 ? `line ${line}` : offset >= 0 ? `byte ${offset}` : "";
    super(where ? `${file}: at ${where}: ${message}` : `${file}: ${message}`);
    this.name = "InputError";
    this.file = file;
    this.offset = offset;
    this.line = line;
  }
}

/** Thrown when the caller's AbortSignal fires or a resource limit (--max-memory) is hit. */
export class LimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LimitError";
  }
}
