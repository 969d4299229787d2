import { CUSTOMIZATION_PROPERTIES_NAMESPACE } from "../kube";
import type { ConfigMapObject, NamespaceObject } from "../kube";

/** The `customization-properties` Namespace KubeStellar reads per-WEC properties from. */
export function buildCustomizationNamespace(): NamespaceObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: CUSTOMIZATION_PROPERTIES_NAMESPACE } };
}

/** The per-WEC properties ConfigMap: named exactly as the WEC, in `customization-properties`. */
export function buildPropertiesConfigMap(
  wecName: string,
  properties: Readonly<Record<string, string>>,
): ConfigMapObject {
  const data: Record<string, string> = {};
  for (const key of Object.keys(properties).sort()) data[key] = properties[key]!;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: wecName, namespace: CUSTOMIZATION_PROPERTIES_NAMESPACE },
    data,
  };
}
