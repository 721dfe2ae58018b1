# METADATA
# title: Tier-1 services have an SLO and a pager
# description: >-
#   A tier-1 outage pages someone, and "is it broken?" has an agreed answer: at least one SLO,
#   and a pager in observability.alerts or on the owning team.
# related_resources:
#   - ref: https://platform.acme.dev/guardrails/tier1-slo-and-pager
# custom:
#   id: tier1-slo-and-pager
package platform.guardrails.tier1_operability

import rego.v1

deny contains finding if {
	input.service.tier == 1
	count(object.get(input.service, ["observability", "slos"], [])) == 0
	finding := {
		"msg": "a tier-1 service needs at least one SLO; add observability.slos (e.g. availability 99.9)",
		"path": "observability.slos",
	}
}

deny contains finding if {
	input.service.tier == 1
	not input.service.observability.alerts.pager
	not input.team.pager
	finding := {
		"msg": "nobody is paged when this tier-1 service breaks; set observability.alerts.pager or a pager for the team in .platform/config.yaml",
		"path": "observability.alerts.pager",
	}
}
