package platform.guardrails.image_tag_test

import data.platform.guardrails.image_tag
import rego.v1

production := {"name": "production"}

test_latest_is_denied_in_production if {
	count(image_tag.deny) == 1 with input as {"environment": production, "service": {"image": "ghcr.io/acme/app:latest"}}
}

test_missing_tag_is_denied_even_with_a_registry_port if {
	count(image_tag.deny) == 1 with input as {"environment": production, "service": {"image": "registry:5000/acme/app"}}
}

test_version_and_digest_pass if {
	count(image_tag.deny) == 0 with input as {"environment": production, "service": {"image": "ghcr.io/acme/app:1.2.3"}}
	count(image_tag.deny) == 0 with input as {"environment": production, "service": {"image": "ghcr.io/acme/app@sha256:abc"}}
}

test_latest_is_fine_in_staging if {
	count(image_tag.deny) == 0 with input as {"environment": {"name": "staging"}, "service": {"image": "ghcr.io/acme/app:latest"}}
}
