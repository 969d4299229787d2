/**
 * The reference Go code the library runs, compiled to WebAssembly (`wasm/main.go`, built by
 * `sandbox/wasm.sh` into `bin/wasm/`, shipped in the package): kubectl 1.35.4's reading of a
 * workload file and KubeStellar v0.30.0's template expansion. What the library reads and expands
 * is then what kubectl and KubeStellar read and expand, by construction, not by imitation.
 *
 * The module is compiled and started synchronously on first use (component constructors are
 * synchronous) and kept for the life of the process; every call is synchronous JSON in, JSON out.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One object document as kubectl holds it. */
export interface DecodedDocument {
  /** The object's JSON (sorted keys, Go number formatting). */
  readonly json: string;
  /** Paths of integers beyond ±2^53, which kubectl keeps exactly and JavaScript cannot. */
  readonly inexact?: readonly string[];
}

/** kubectl's reading of one file: its object documents, and its error for the first it cannot read. */
export interface DecodedYaml {
  readonly docs: readonly DecodedDocument[];
  readonly error?: string;
}

/** KubeStellar's expansion of one object. */
export interface ExpandedObject {
  readonly object: unknown;
  readonly changed: boolean;
  readonly errors: readonly string[];
}

interface Exports {
  decodeYaml(text: string): string;
  expandTemplates(objectJson: string, dataJson: string): string;
  ready?: boolean;
}

const WASM_FILE = "kubestellar-its.wasm";

/** The part of the WebAssembly JS API used here (the project's `lib` has no DOM types). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
};

/**
 * Where the built module is: `bin/wasm` of the package, reached from this module's folder
 * (`bin/src/transport/go` compiled, `src/transport/go` from source, or another build folder of the
 * repository such as the benchmarks').
 */
export function wasmDirectory(moduleDir: string = __dirname): string {
  const candidates = [
    join(moduleDir, "..", "..", "..", "wasm"),
    join(moduleDir, "..", "..", "..", "bin", "wasm"),
    join(moduleDir, "..", "..", "..", "..", "bin", "wasm"),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, WASM_FILE)));
  if (found === undefined)
    throw new Error(
      `kubestellar-its: ${WASM_FILE} not found in ${candidates.join(" or ")}; build it with \`bash sandbox/wasm.sh\``,
    );
  return found;
}

let loaded: Exports | undefined;

/** Compiles and starts the module once per process. */
function load(): Exports {
  if (loaded !== undefined) return loaded;
  const dir = wasmDirectory();
  const g = globalThis as unknown as { Go?: new () => GoRuntime; __kubestellarItsWasm?: Exports };
  // wasm_exec.js (the runtime support of the Go that built the module) defines globalThis.Go.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(dir, "wasm_exec.js"));
  if (g.Go === undefined) throw new Error("kubestellar-its: wasm_exec.js did not define Go");
  const go = new g.Go();
  const module = new WebAssembly.Module(readFileSync(join(dir, WASM_FILE)));
  const instance = new WebAssembly.Instance(module, go.importObject);
  const target = {} as Exports;
  g.__kubestellarItsWasm = target;
  // Runs main until it blocks (after registering its functions); the promise settles only if
  // the Go program exits, which it does not.
  void go.run(instance);
  delete g.__kubestellarItsWasm;
  if (target.ready !== true) throw new Error("kubestellar-its: the WebAssembly module did not start");
  loaded = target;
  return target;
}

interface GoRuntime {
  importObject: object;
  run(instance: object): Promise<void>;
}

/** What a call answered: its value, or the Go error (or panic) it ended with. */
function call<T>(json: string): T {
  const r = JSON.parse(json) as T & { error?: string; panic?: string };
  if (typeof r.panic === "string")
    throw new Error(`kubestellar-its: the reference code panicked: ${r.panic}`);
  return r;
}

/**
 * Runs `fn` on the module. Go's recursion runs on the JavaScript engine's call stack here, which
 * holds about 2,000 levels of YAML nesting (measured); past that the engine throws RangeError
 * out of the module, whose runtime is then dropped (the next call starts a fresh one) and the
 * call answers `tooDeep`.
 */
function guarded<T>(fn: (m: Exports) => string, tooDeep: () => T): T {
  const m = load();
  let json: string;
  try {
    json = fn(m);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    loaded = undefined;
    return tooDeep();
  }
  return call<T>(json);
}

/** What the library says of a file nested deeper than its WebAssembly stack holds. */
export const TOO_DEEP =
  "nested too deep to read here (the library reads about 2,000 levels; kubectl reads up to 10,000)";

/** A workload file read exactly as `kubectl apply -f` reads it (kubectl 1.35.4's own code). */
export function kubectlDecodeYaml(text: string): DecodedYaml {
  return guarded<DecodedYaml>(
    (m) => m.decodeYaml(text),
    () => ({ docs: [], error: TOO_DEEP }),
  );
}

/**
 * One object expanded by KubeStellar's own `customize.ExpandTemplates` with a WEC's properties
 * (the object as the transport controller holds it: unstructured JSON). Throws when the object
 * or the data is not JSON.
 */
export function kubestellarExpand(object: unknown, data: Readonly<Record<string, string>>): ExpandedObject {
  const r = guarded<ExpandedObject & { error?: string }>(
    (m) => m.expandTemplates(JSON.stringify(object), JSON.stringify(data)),
    () => ({ object, changed: false, errors: [], error: `the object is ${TOO_DEEP}` }),
  );
  if (typeof r.error === "string") throw new Error(`kubestellar-its: ${r.error}`);
  return r;
}
