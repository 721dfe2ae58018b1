# METADATA
# title: Production images are pinned
# description: >-
#   ":latest" (or no tag) means production runs whatever was pushed last, and a rollback cannot
#   go back to it. Production pins a version tag or a digest.
# related_resources:
#   - ref: https://platform.acme.dev/guardrails/image-no-latest
# custom:
#   id: image-no-latest
package platform.guardrails.image_tag

import rego.v1

deny contains finding if {
	input.environment.name == "production"
	image := input.service.image
	unpinned(image)
	finding := {
		"msg": sprintf("image %q is not pinned; use a version tag such as :1.4.2 or a @sha256 digest", [image]),
		"path": "image",
	}
}

unpinned(image) if endswith(image, ":latest")

unpinned(image) if {
	not contains(image, "@")
	last := regex.split("/", image)[count(regex.split("/", image)) - 1]
	not contains(last, ":")
}
