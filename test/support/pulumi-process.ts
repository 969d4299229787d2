import { execFileSync } from "node:child_process";

/**
 * SIGKILLs the `pulumi` CLI whose command line contains `marker` and every process under it
 * (language host, provider plugins), as a CI runner's timeout or an OOM kill would. Returns the PIDs.
 */
export function killPulumiTree(marker: string): number[] {
  const table = execFileSync("ps", ["-e", "-o", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const roots = table.filter((p) => /\/pulumi (up|update) /.test(p.args) && p.args.includes(marker));
  const tree = roots.map((p) => p.pid);
  for (let i = 0; i < tree.length; i++)
    for (const child of table.filter((p) => p.ppid === tree[i])) tree.push(child.pid);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  return tree;
}
