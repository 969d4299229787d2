/**
 * What every dynamic provider of the library runs with: its client for a kubeconfig, a log the
 * engine shows (provider stderr appears in the engine's diagnostics), sleep and the clock. Tests
 * give fakes; the deserialized providers get `realProviderEnv`, the one factory.
 */

/** Logs progress and what the user should know (one line each). */
export type ProgressLog = (message: string) => void;

export interface ProviderEnv<C> {
  client: (kubeconfig: string) => C;
  log: ProgressLog;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** The provider log: one prefixed line on stderr. */
export const providerLog: ProgressLog = (message) => console.error(`[kubestellar-its] ${message}`);

/** The env of a deserialized provider: `client`, stderr logging and real time. */
export function realProviderEnv<C>(client: (kubeconfig: string) => C): ProviderEnv<C> {
  return {
    client,
    log: providerLog,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
  };
}
