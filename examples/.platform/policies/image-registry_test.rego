package platform.guardrails.image_registry_test

import data.platform.guardrails.image_registry
import rego.v1

staging := {"name": "staging", "registry": "ghcr.io/acme"}

test_image_from_docker_hub_is_denied if {
	count(image_registry.deny) == 1 with input as {"environment": staging, "service": {"image": "nginx:1.27"}}
}

test_registry_prefix_must_end_at_a_slash if {
	count(image_registry.deny) == 1 with input as {"environment": staging, "service": {"image": "ghcr.io/acme-evil/app:1"}}
}

test_org_registry_passes if {
	count(image_registry.deny) == 0 with input as {"environment": staging, "service": {"image": "ghcr.io/acme/app:1.2.3"}}
}

test_built_images_and_environments_without_registry_pass if {
	count(image_registry.deny) == 0 with input as {"environment": staging, "service": {"build": {"context": "."}}}
	count(image_registry.deny) == 0 with input as {"environment": {"name": "dev"}, "service": {"image": "nginx:1.27"}}
}
