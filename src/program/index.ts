export { PROGRAM_DEFAULTS, parseStackConfig } from "./config";
export type { ProgramConfig } from "./config";
export { PathExpansionError, expandPath, findProjectRoot } from "./paths";
export {
  kubeconfigFileIssues,
  overlappingBindingIssues,
  sharedHubIssues,
  workloadFileObjects,
} from "./file-checks";
export type { ConfigFile } from "./file-checks";
