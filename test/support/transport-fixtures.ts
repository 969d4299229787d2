/** Inputs the transport providers' unit tests share. */

/** A kubeconfig the library reads (current context, cluster server); nothing listens there. */
export const TEST_KUBECONFIG = [
  "apiVersion: v1",
  "kind: Config",
  "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443'}}]",
  "users: [{name: u, user: {token: t}}]",
  "contexts: [{name: x, context: {cluster: c, user: u}}]",
  "current-context: x",
].join("\n");

/** A small workload: its Namespace, an untemplated ConfigMap and one templated with `region`. */
export const SHOP_NAMESPACE = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
export const SHOP_SETTINGS = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "settings", namespace: "shop" },
  data: { color: "blue" },
};
export const SHOP_REGION = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name: "region",
    namespace: "shop",
    annotations: { "control.kubestellar.io/expand-templates": "true" },
  },
  data: { region: "{{.region}}" },
};
