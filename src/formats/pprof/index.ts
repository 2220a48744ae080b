import { InputError } from "../../io/errors.ts";
import type { InputFormat } from "../format.ts";

// Placeholders until the pprof readers land.
export const pprofTextFormat: InputFormat = {
  name: "pprof-text",
  language: "go",
  sniff: (head) => /^heap profile:/.test(new TextDecoder("latin1").decode(head.subarray(0, 32))),
  load(source) {
    throw new InputError(source.name, 0, "legacy text profile reader not built yet");
  },
};

export const pprofFormat: InputFormat = {
  name: "pprof",
  language: "go",
  sniff: () => false,
  load(source) {
    throw new InputError(source.name, 0, "pprof reader not built yet");
  },
};
