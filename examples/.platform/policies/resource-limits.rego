# METADATA
# title: Production services size their own memory
# description: >-
#   Capacity planning needs the team's own number: a production service declares
#   resources.requests.memory itself (in the manifest or under environments.production), instead
#   of running on the org's placeholder default. A memory limit must exist in shared clusters.
# related_resources:
#   - ref: https://platform.acme.dev/guardrails/resources-declared
# custom:
#   id: resources-declared
#   severity: error
package platform.guardrails.resource_limits

import rego.v1

shared_environments := {"staging", "production"}

deny contains finding if {
	input.environment.name == "production"
	not declared_memory_request
	finding := {
		"msg": sprintf("the memory request (%s) is the org default, not sized for this service; set resources.requests.memory", [object.get(input.service, ["resources", "requests", "memory"], "none")]),
		"path": "resources.requests.memory",
	}
}

declared_memory_request if input.manifest.resources.requests.memory

declared_memory_request if input.manifest.environments.production.resources.requests.memory

deny contains finding if {
	input.environment.name in shared_environments
	not input.service.resources.limits.memory
	finding := {
		"msg": sprintf("no memory limit in %s; set resources.limits.memory (e.g. 512Mi)", [input.environment.name]),
		"path": "resources.limits.memory",
		"id": "resources-limits-required",
	}
}
