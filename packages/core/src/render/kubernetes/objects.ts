/** Small constructors shared by the Kubernetes renderers, so every object has the same metadata. */
import type { EnvironmentConfig, ResolvedSpec } from "../../manifest/types.js";
import type { BoundEnvironment } from "../../resources/bind-environment.js";
import { namespaceOf, standardLabels } from "../naming.js";
import type { JsonObject, RenderedObject } from "../types.js";

export interface KubeScope {
  spec: ResolvedSpec;
  env: EnvironmentConfig;
  image: string;
  namespace: string;
  labels: Record<string, string>;
  /** The env with dependency outputs bound (plain values and secret references), once known. */
  bound?: BoundEnvironment;
}

export function kubeScope(spec: ResolvedSpec, env: EnvironmentConfig, image: string): KubeScope {
  return { spec, env, image, namespace: namespaceOf(spec, env), labels: standardLabels(spec, image) };
}

export function metadata(scope: KubeScope, name: string, annotations?: Record<string, string>): JsonObject {
  const meta: JsonObject = { name, namespace: scope.namespace, labels: { ...scope.labels } };
  if (annotations && Object.keys(annotations).length > 0) meta.annotations = annotations;
  return meta;
}

export function kubeObject(
  apiVersion: string,
  kind: string,
  meta: JsonObject,
  rest: JsonObject,
): RenderedObject {
  const name = String(meta.name);
  return {
    id: `${kind}/${name}`,
    file: `${kind.toLowerCase()}-${name}.yaml`,
    body: { apiVersion, kind, metadata: meta, ...rest },
  };
}
