import { InputError } from "../../io/errors.ts";
import type { InputFormat } from "../format.ts";

// Placeholder until the HPROF reader lands: sniffs correctly, refuses to load.
export const hprofFormat: InputFormat = {
  name: "hprof",
  language: "java",
  sniff: (head) => new TextDecoder("latin1").decode(head.subarray(0, 13)) === "JAVA PROFILE ",
  load(source) {
    throw new InputError(source.name, 0, "HPROF reader not built yet");
  },
};
