import { kubeconfigPath } from "./sandbox";

/**
 * How the YAML judges ask the real kubectl to read a file or a folder of files: as
 * `kubectl apply -f` reads them, printing every object as JSON, validating nothing.
 */
export function kubectlReadArgs(path: string): string[] {
  return [
    "--kubeconfig",
    kubeconfigPath("hub"),
    "create",
    "--dry-run=client",
    "--validate=false",
    "-o",
    "json",
    "-f",
    path,
  ];
}

/**
 * The objects kubectl printed, one text each: one object prints as itself; several print one
 * after another, each a pretty-printed object from column 0; nothing prints nothing.
 */
export function kubectlPrintedObjects(stdout: string): string[] {
  return stdout.split(/(?<=^\})\n(?=\{$)/m).filter((chunk) => chunk.trim() !== "");
}
