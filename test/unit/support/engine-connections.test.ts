import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { isolateEngineConnections } from "../../support/engine-connections";

/**
 * Why the e2e tier and the bench isolate the SDK's engine connections: an exited engine's leaked
 * client leaves its subchannel in grpc-js's process-wide pool, and a new client for the same
 * address (the next engine got the same port) fails its first call without trying to connect.
 */
const service = {
  ping: {
    path: "/ksits.Test/Ping",
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
} satisfies grpc.ServiceDefinition;
const Client = grpc.makeGenericClientConstructor(service, "Test");
type PingClient = InstanceType<typeof Client> & {
  ping(req: Buffer, cb: (e: grpc.ServiceError | null) => void): void;
};

function serve(port: number): Promise<[grpc.Server, number]> {
  return new Promise((resolve, reject) => {
    const server = new grpc.Server();
    server.addService(service, {
      ping: (_call: unknown, cb: (e: null, r: Buffer) => void) => cb(null, Buffer.alloc(0)),
    });
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve([server, p]),
    );
  });
}
const ping = (c: PingClient) =>
  new Promise<string>((resolve) =>
    c.ping(Buffer.alloc(0), (e) => resolve(e ? `${e.code} ${e.details}` : "ok")),
  );

/** A first engine, its client leaked; a second engine on the same port; a new client's first call. */
async function secondEngineOnSamePort(options: grpc.ClientOptions): Promise<string> {
  const [firstServer, port] = await serve(0);
  const first = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options) as PingClient;
  expect(await ping(first)).toBe("ok");
  firstServer.forceShutdown();
  expect(await ping(first)).toContain("14 No connection established");
  const [server] = await serve(port);
  const second = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options) as PingClient;
  try {
    return await ping(second);
  } finally {
    first.close();
    second.close();
    server.forceShutdown();
  }
}

describe("isolateEngineConnections", () => {
  it("with grpc-js's shared subchannel pool, the next engine's first call fails with the CI flake's message", async () => {
    expect(await secondEngineOnSamePort({})).toBe(
      "14 No connection established. Last error: null. Resolution note: ",
    );
  });

  it("sets a subchannel pool per client on the SDK's client options, with which the next engine is reached", async () => {
    isolateEngineConnections();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { grpcClientOptions: grpc.ClientOptions };
    expect(settings.grpcClientOptions["grpc.use_local_subchannel_pool"]).toBe(1);
    expect(await secondEngineOnSamePort(settings.grpcClientOptions)).toBe("ok");
  });
});
