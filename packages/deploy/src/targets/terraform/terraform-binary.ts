import { DeployFailure } from "../../failure.js";
import { findOnPath } from "../../process/run-tool.js";

export interface TerraformBinary {
  name: "terraform" | "tofu";
  path: string;
}

/** `terraform`, else OpenTofu's `tofu`: both take the same commands and print the same `-json` UI. */
export function findTerraform(pathValue = process.env.PATH ?? ""): TerraformBinary {
  const found = findOnPath(["terraform", "tofu"], pathValue);
  if (found) return { name: found.name as TerraformBinary["name"], path: found.path };
  throw new DeployFailure(
    "terraform-missing",
    "The terraform target needs Terraform or OpenTofu, but neither `terraform` nor `tofu` is on PATH. Install one of them (https://developer.hashicorp.com/terraform/install or https://opentofu.org/docs/intro/install/) and deploy again.",
  );
}
