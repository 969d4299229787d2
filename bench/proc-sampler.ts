import { readdirSync, readFileSync } from "node:fs";

/** Peak resident set sizes (MiB) of one process tree, by role, as sampled from /proc. */
export interface PeakRss {
  /** The `pulumi` CLI: the engine (planning, diffing, state). */
  engineMiB: number;
  /** Resource provider plugins the engine started (the dynamic-provider host), summed per sample. */
  providersMiB: number;
  /** This Node.js process: the inline program runs in it (plus the bench's own watches). */
  programMiB: number;
  samples: number;
}

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? 0 : Number(m[1]);
  } catch {
    return 0; // the process ended between listing and reading
  }
}

/** pid → [parent pid, command name] of every process visible in /proc. */
function processes(): Map<number, [number, string]> {
  const out = new Map<number, [number, string]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // comm is in parentheses and may hold spaces: the fields after the last ')' are fixed.
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      out.set(Number(entry), [ppid, comm]);
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * Samples the RSS of this process and all its descendants every `intervalMs` until `stop`.
 * Sampling can miss a peak shorter than the interval; the figures are a lower bound on the
 * true peak. (`/usr/bin/time -v` cannot wrap the engine here: the Automation API starts it.)
 */
export class ProcessTreeSampler {
  private timer: NodeJS.Timeout | undefined;
  private peak: PeakRss = { engineMiB: 0, providersMiB: 0, programMiB: 0, samples: 0 };

  start(intervalMs = 250): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): PeakRss {
    clearInterval(this.timer);
    this.sample();
    return { ...this.peak };
  }

  private sample(): void {
    const procs = processes();
    const children = new Map<number, number[]>();
    for (const [pid, [ppid]] of procs) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    let engine = 0;
    let providers = 0;
    const queue = [...(children.get(process.pid) ?? [])];
    while (queue.length > 0) {
      const pid = queue.shift()!;
      queue.push(...(children.get(pid) ?? []));
      const kib = rssKiB(pid);
      if (procs.get(pid)?.[1] === "pulumi") engine += kib;
      else providers += kib;
    }
    const mib = (kib: number) => kib / 1024;
    this.peak = {
      engineMiB: Math.max(this.peak.engineMiB, mib(engine)),
      providersMiB: Math.max(this.peak.providersMiB, mib(providers)),
      programMiB: Math.max(this.peak.programMiB, mib(rssKiB(process.pid))),
      samples: this.peak.samples + 1,
    };
  }
}
