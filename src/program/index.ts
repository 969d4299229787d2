export { PROGRAM_DEFAULTS, parseStackConfig } from "./config";
export type { ProgramConfig } from "./config";
export { PathExpansionError, expandPath, findProjectRoot } from "./paths";
