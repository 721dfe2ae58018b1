/**
 * A stand-in for CloudNativePG's Cluster CRD schema: no npm package ships it and nothing can be
 * fetched here, so this JSON Schema covers the fields we render, with the types and bounds of the
 * CRD (postgresql.cnpg.io/v1, cloudnative-pg docs "API reference": ClusterSpec, StorageConfiguration,
 * BootstrapInitDB). Unknown fields are rejected so a typo in the renderer fails the test.
 */
import { Ajv2020 } from "ajv/dist/2020.js";

const quantity = { type: "string", pattern: "^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$" };

const schema = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "postgresql.cnpg.io/v1" },
    kind: { const: "Cluster" },
    metadata: {
      type: "object",
      required: ["name"],
      properties: { name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 } },
    },
    spec: {
      type: "object",
      additionalProperties: false,
      required: ["instances", "storage"],
      properties: {
        instances: { type: "integer", minimum: 1 },
        imageName: { type: "string" },
        enableSuperuserAccess: { type: "boolean" },
        storage: {
          type: "object",
          additionalProperties: false,
          properties: { size: quantity, storageClass: { type: "string" } },
        },
        bootstrap: {
          type: "object",
          additionalProperties: false,
          properties: {
            initdb: {
              type: "object",
              additionalProperties: false,
              properties: { database: { type: "string" }, owner: { type: "string" } },
            },
          },
        },
        resources: {
          type: "object",
          additionalProperties: false,
          properties: {
            requests: { type: "object", additionalProperties: quantity },
            limits: { type: "object", additionalProperties: quantity },
          },
        },
      },
    },
  },
};

const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

/** The model-class shape kubernetes-schemas.ts expects. */
export class CnpgCluster {
  constructor(private readonly data: unknown) {}
  validate(): void {
    if (!validate(this.data)) throw new Error(JSON.stringify(validate.errors));
  }
}
