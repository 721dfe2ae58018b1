/**
 * What the local provisioner has created, for whom: `<stateDir>/resources.json`. `platform
 * resources` lists it, and a dependency that a manifest no longer declares shows up as orphaned
 * here instead of being deleted with its data.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keyText, type ResourceKey } from "./resource-names.js";

export interface ProvisionedResource extends ResourceKey {
  type: string;
  provisioner: string;
  className?: string;
  createdAt: string;
  updatedAt: string;
  /** Non-secret outputs (host, port, database, ...); secret ones are store keys. */
  outputs: Record<string, string>;
  secretKeys: Record<string, string>;
}

export class ResourceRegistry {
  readonly file: string;

  constructor(readonly stateDir: string) {
    this.file = join(stateDir, "resources.json");
  }

  list(): ProvisionedResource[] {
    if (!existsSync(this.file)) return [];
    return (JSON.parse(readFileSync(this.file, "utf8")) as { resources: ProvisionedResource[] }).resources;
  }

  find(key: ResourceKey): ProvisionedResource | undefined {
    return this.list().find((r) => keyText(r) === keyText(key));
  }

  record(
    resource: Omit<ProvisionedResource, "createdAt" | "updatedAt">,
    now = new Date(),
  ): ProvisionedResource {
    const all = this.list();
    const existing = all.find((r) => keyText(r) === keyText(resource));
    const entry: ProvisionedResource = {
      ...resource,
      createdAt: existing?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
    };
    this.write([...all.filter((r) => keyText(r) !== keyText(resource)), entry]);
    return entry;
  }

  remove(key: ResourceKey): void {
    this.write(this.list().filter((r) => keyText(r) !== keyText(key)));
  }

  private write(resources: ProvisionedResource[]): void {
    mkdirSync(this.stateDir, { recursive: true });
    resources.sort((a, b) => keyText(a).localeCompare(keyText(b)));
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ resources }, null, 2)}\n`);
    renameSync(temp, this.file);
  }
}
