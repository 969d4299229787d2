/**
 * What the root program checks in the files stack config names, before anything is declared,
 * each problem by its config path (`itses[0].kubeconfigFile`, `workloads[1].files[2]`) and file:
 * kubeconfigs that are not kubeconfigs, workload files kubectl cannot read or whose objects are
 * not objects a ManifestWork can carry, two ITSes on one API server, and two bindings that would
 * place one object on one WEC. Pure.
 */
import type { InputIssue } from "../kube";
import { showValue } from "../kube";
import { readKubeconfig } from "../kube/kubeconfig";
import { selectClusters } from "../binding";
import { buildManagedCluster } from "../wec";
import { checkWorkloadObject } from "../transport/plan/objects";
import { parseWorkloadYaml } from "../transport/plan/yaml";
import { wantsExpansion } from "../transport/plan/expand";
import type { KubeObject } from "../transport/plan/objects";
import { HIDDEN } from "../transport/plan/redact";
import type { RedactableIssue } from "../transport/plan/redact";
import { yamlHoldsSecret } from "../transport/plan/secrets";
import type { ProgramConfig } from "./config";

/** A file stack config names: where in config, which file, and its text. */
export interface ConfigFile {
  readonly configPath: string;
  readonly file: string;
  readonly text: string;
}

/** `itses[0].kubeconfigFile ("hub.kubeconfig")`: how a message names a file. */
function named(f: ConfigFile): string {
  return `${f.configPath} (${showValue(f.file, 120)})`;
}

/** Problems of kubeconfig files (never quoting them: they are credentials). */
export function kubeconfigFileIssues(files: readonly ConfigFile[]): InputIssue[] {
  return files.flatMap((f) => {
    if (f.text.trim() === "")
      return [{ path: f.configPath, reason: `${showValue(f.file, 120)} is empty; it must be a kubeconfig` }];
    const read = readKubeconfig(f.text);
    return "problem" in read
      ? [
          {
            path: f.configPath,
            reason: `${showValue(f.file, 120)} is not a usable kubeconfig: ${read.problem}`,
          },
        ]
      : [];
  });
}

/** Two ITSes whose kubeconfigs name one API server: they would fight over one hub. */
export function sharedHubIssues(itsKubeconfigs: readonly (ConfigFile | undefined)[]): InputIssue[] {
  const seen = new Map<string, string>();
  const issues: InputIssue[] = [];
  itsKubeconfigs.forEach((f) => {
    if (f === undefined) return;
    const read = readKubeconfig(f.text);
    if ("problem" in read) return;
    const first = seen.get(read.server);
    if (first !== undefined) {
      issues.push({
        path: f.configPath,
        reason: `names the same API server as ${first} (${showValue(read.server, 120)}): two ITSes on one hub would register and deliver over each other; declare it once`,
      });
    } else seen.set(read.server, f.configPath);
  });
  return issues;
}

/**
 * The objects of one workload file, read as kubectl reads them; problems named by file. A file
 * that holds a Secret (or cannot be read far enough to tell) gets the text-free wordings.
 */
export function workloadFileObjects(f: ConfigFile, issues: InputIssue[]): KubeObject[] {
  const secret = yamlHoldsSecret([f.text]);
  const shown = (i: RedactableIssue) => (secret ? (i.redacted ?? HIDDEN) : i.reason);
  const r = parseWorkloadYaml(f.text, named(f));
  for (const i of r.issues) issues.push({ path: f.configPath, reason: shown(i) });
  const objects: KubeObject[] = [];
  r.objects.forEach((o, j) => {
    // A templated object is checked as expanded, per WEC, by its binding.
    const templated = wantsExpansion(o);
    const at = `${showValue(f.file, 120)} object ${j + 1}`;
    const problems = templated ? [] : checkWorkloadObject(o, at);
    for (const p of problems) {
      const field = p.path.slice(at.length + 1);
      issues.push({ path: f.configPath, reason: `${at}${field === "" ? "" : `, ${field}`}: ${shown(p)}` });
    }
    if (problems.length === 0) objects.push(o as KubeObject);
  });
  return objects;
}

/** `<apiVersion group> <kind> <namespace>/<name>`: what one object on one WEC is. */
function identity(o: KubeObject): string | undefined {
  const name = o.metadata?.name;
  if (typeof name !== "string" || name.includes("{{")) return undefined;
  const group =
    typeof o.apiVersion === "string" && o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
  const ns = typeof o.metadata?.namespace === "string" ? o.metadata.namespace : "";
  return `${group}/${String(o.kind)} ${ns === "" ? "" : `${ns}/`}${name}`;
}

/**
 * Two bindings that select one WEC and carry one object (same group, kind, namespace and name,
 * templated names aside): both would write it there and undo each other on every up.
 */
export function overlappingBindingIssues(
  config: ProgramConfig,
  objectsByWorkload: ReadonlyMap<string, readonly KubeObject[]>,
): InputIssue[] {
  const owners = new Map<string, { binding: number; name: string }>();
  const issues: InputIssue[] = [];
  config.bindings.forEach((b, i) => {
    const candidates = config.wecs
      .filter((w) => w.its === b.its)
      .map((w) => ({
        name: w.name,
        labels:
          buildManagedCluster({ name: w.name, labels: w.labels, hubAcceptsClient: true }).metadata.labels ??
          {},
      }));
    const selected = selectClusters(candidates, b.clusterSelectors ?? []);
    const ids = new Set(
      b.workloads
        .flatMap((w) => (objectsByWorkload.get(w) ?? []).map(identity))
        .filter((x): x is string => x !== undefined),
    );
    for (const wec of selected)
      for (const id of ids) {
        const key = `${b.its}|${wec.name}|${id}`;
        const first = owners.get(key);
        if (first === undefined) owners.set(key, { binding: i, name: b.name });
        else if (first.binding !== i)
          issues.push({
            path: `bindings[${i}]`,
            reason: `places ${id} on WEC "${wec.name}", which bindings[${first.binding}] ("${first.name}") places there too; the two would overwrite each other on every up: put the object in one binding`,
          });
      }
  });
  return issues;
}
