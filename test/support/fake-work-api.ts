import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny stand-in for the hub's ManifestWork REST API (discovery, list, get, server-side apply
 * patch, delete), used to drive the dynamic provider's HTTP path before the real sandbox is up.
 * It marks every applied work Applied, as a healthy work agent would.
 */
export class FakeWorkApi {
  readonly works = new Map<string, Record<string, unknown>>();
  readonly requests: string[] = [];
  private server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    const url = new URL(req.url ?? "/", "http://x");
    this.requests.push(`${req.method} ${url.pathname}`);
    const send = (code: number, obj: unknown) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(obj));
    };
    const notFound = () =>
      send(404, {
        kind: "Status",
        apiVersion: "v1",
        status: "Failure",
        reason: "NotFound",
        code: 404,
        message: "not found",
      });
    if (url.pathname === "/version")
      return send(200, { major: "1", minor: "35", gitVersion: "v1.35.4-fake" });
    if (url.pathname === "/apis/work.open-cluster-management.io/v1") {
      return send(200, {
        kind: "APIResourceList",
        groupVersion: "work.open-cluster-management.io/v1",
        resources: [
          {
            name: "manifestworks",
            singularName: "manifestwork",
            namespaced: true,
            kind: "ManifestWork",
            verbs: ["get", "list", "patch", "delete"],
          },
        ],
      });
    }
    const m =
      /^\/apis\/work\.open-cluster-management\.io\/v1\/namespaces\/([^/]+)\/manifestworks(?:\/([^/]+))?$/.exec(
        url.pathname,
      );
    if (m === null) return notFound();
    const [, ns, name] = m;
    if (name === undefined) {
      const items = [...this.works.entries()].filter(([k]) => k.startsWith(`${ns}/`)).map(([, v]) => v);
      return send(200, {
        apiVersion: "work.open-cluster-management.io/v1",
        kind: "ManifestWorkList",
        metadata: {},
        items,
      });
    }
    const key = `${ns}/${name}`;
    if (req.method === "GET") return this.works.has(key) ? send(200, this.works.get(key)) : notFound();
    if (req.method === "DELETE") {
      if (!this.works.delete(key)) return notFound();
      return send(200, { kind: "Status", apiVersion: "v1", status: "Success" });
    }
    if (req.method === "PATCH") {
      const work = JSON.parse(body) as Record<string, unknown>;
      const old = this.works.get(key);
      const generation = ((old?.metadata as { generation?: number } | undefined)?.generation ?? 0) + 1;
      const stored = {
        ...work,
        metadata: { ...(work.metadata as object), generation, resourceVersion: String(this.requests.length) },
        status: {
          conditions: [
            {
              type: "Applied",
              status: "True",
              reason: "AppliedManifestWorkComplete",
              observedGeneration: generation,
            },
          ],
        },
      };
      this.works.set(key, stored);
      return send(200, stored);
    }
    return notFound();
  }
}
