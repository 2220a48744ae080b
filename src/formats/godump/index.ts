import { InputError } from "../../io/errors.ts";
import type { InputFormat } from "../format.ts";

// Placeholder until the Go heap dump reader lands.
export const godumpFormat: InputFormat = {
  name: "godump",
  language: "go",
  sniff: (head) => new TextDecoder("latin1").decode(head.subarray(0, 16)) === "go1.7 heap dump\n",
  load(source) {
    throw new InputError(source.name, 0, "Go heap dump reader not built yet");
  },
};
