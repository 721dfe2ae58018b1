# METADATA
# title: Images come from the environment's registry
# description: >-
#   Clusters only pull from the org registry (scanned, signed, mirrored). An image from anywhere
#   else fails at deploy time, or worse, runs unscanned code.
# related_resources:
#   - ref: https://platform.acme.dev/guardrails/image-registry
# custom:
#   id: image-registry
package platform.guardrails.image_registry

import rego.v1

deny contains finding if {
	registry := input.environment.registry
	image := input.service.image
	not startswith(image, concat("", [registry, "/"]))
	finding := {
		"msg": sprintf("image %q is not from %s, the registry of %s; push it there and use that name", [image, registry, input.environment.name]),
		"path": "image",
	}
}
