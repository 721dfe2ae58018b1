# METADATA
# title: Production runs at least two replicas
# description: >-
#   One replica means every deploy, node drain or crash is an outage. Production services run
#   at least two, fixed or as the autoscaling minimum.
# related_resources:
#   - ref: https://platform.acme.dev/guardrails/replicas-min-production
# custom:
#   id: replicas-min-production
#   severity: error
package platform.guardrails.replicas

import rego.v1

deny contains finding if {
	input.environment.name == "production"
	replicas := input.service.scaling.replicas
	replicas < 2
	finding := {
		"msg": sprintf("production runs %d replica(s); set scaling.replicas to 2 or more", [replicas]),
		"path": "scaling.replicas",
	}
}

deny contains finding if {
	input.environment.name == "production"
	minimum := input.service.scaling.min
	minimum < 2
	finding := {
		"msg": sprintf("production autoscales down to %d replica(s); set scaling.min to 2 or more", [minimum]),
		"path": "scaling.min",
	}
}
