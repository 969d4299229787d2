/**
 * Keeps each in-process Pulumi run's gRPC connections to its engine apart from every earlier
 * run's. The e2e tier and the bench run hundreds of inline programs in one Node.js process.
 * @pulumi/pulumi (3.248.0, unchanged in 3.276.0) never closes an inline run's resource-monitor
 * and engine clients, and grpc-js shares subchannels between clients by address through a
 * process-wide pool. When a later engine happens to listen on a port an earlier, exited engine
 * had, the new client gets the old subchannel in its reconnect backoff, and the run's first RPC
 * (`setRootResource`) fails at once with `14 UNAVAILABLE: No connection established. Last error:
 * null`. The SDK's language server takes a gRPC error for the engine shutting down, not for a
 * program error, so the run ends "successfully" having registered nothing: a preview that must
 * fail passes, an `up` creates nothing. Seen in CI as exactly that message, and reproduced with
 * grpc-js alone (README, Limits). A subchannel pool per client removes the sharing.
 */

/** The SDK's internal client options object; every monitor and engine client is made with it. */
interface PulumiSettings {
  grpcClientOptions?: Record<string, unknown>;
}

const LOCAL_SUBCHANNEL_POOL = "grpc.use_local_subchannel_pool";

/** Makes every gRPC client the Pulumi SDK creates in this process use its own subchannel pool. Idempotent. */
export function isolateEngineConnections(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as PulumiSettings;
  if (settings.grpcClientOptions === undefined)
    throw new Error(
      "@pulumi/pulumi/runtime/settings has no grpcClientOptions: revisit test/support/engine-connections.ts",
    );
  settings.grpcClientOptions[LOCAL_SUBCHANNEL_POOL] = 1;
}
