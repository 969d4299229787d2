import type { Server, Socket } from "node:net";
import { connect, createServer } from "node:net";
import { prng } from "./template-corpus-random";

/** What the proxy does to new connections, as shares of them (0..1), decided by a seeded draw. */
export interface FaultPlan {
  /** The real server's port on 127.0.0.1. */
  readonly targetPort: number;
  /** Share of new connections reset at once (TCP RST before a byte: a load balancer dropping them). */
  readonly resetShare: number;
  /** Share of new connections held this long before they are forwarded (a slow path, a busy LB). */
  readonly stallShare: number;
  readonly stallMs: number;
  /** Seeds the draw, so a failing run can be repeated. */
  readonly seed: number;
}

/** A TCP proxy in front of an API server, with real sockets, that resets and stalls connections. */
export interface FaultProxy {
  readonly port: number;
  /** Connections accepted, reset, stalled and passed through, so far. */
  readonly counts: { accepted: number; reset: number; stalled: number; passed: number };
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 (a free port). TLS passes through untouched. */
export async function startFaultProxy(plan: FaultPlan): Promise<FaultProxy> {
  const draw = prng(plan.seed);
  const counts = { accepted: 0, reset: 0, stalled: 0, passed: 0 };
  const open = new Set<Socket>();
  const forward = (client: Socket) => {
    const upstream = connect(plan.targetPort, "127.0.0.1");
    open.add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  };
  const server: Server = createServer((client) => {
    counts.accepted++;
    open.add(client);
    client.on("error", () => undefined);
    const roll = draw();
    if (roll < plan.resetShare) {
      counts.reset++;
      client.resetAndDestroy();
      return;
    }
    if (roll < plan.resetShare + plan.stallShare) {
      counts.stalled++;
      client.pause();
      // Bytes the client sends meanwhile wait in its socket; pipe() resumes it once forwarding.
      setTimeout(() => forward(client), plan.stallMs);
      return;
    }
    counts.passed++;
    forward(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
