package platform.guardrails.resource_limits_test

import data.platform.guardrails.resource_limits
import rego.v1

production := {"name": "production"}

sized := {"resources": {"requests": {"memory": "512Mi"}, "limits": {"memory": "1Gi"}}}

test_org_default_request_in_production_is_denied if {
	findings := resource_limits.deny with input as {"environment": production, "manifest": {}, "service": sized}
	count(findings) == 1
	some finding in findings
	finding.path == "resources.requests.memory"
	contains(finding.msg, "512Mi")
}

test_request_in_the_manifest_or_production_override_passes if {
	count(resource_limits.deny) == 0 with input as {"environment": production, "manifest": sized, "service": sized}
	count(resource_limits.deny) == 0 with input as {
		"environment": production,
		"manifest": {"environments": {"production": sized}},
		"service": sized,
	}
}

test_missing_memory_limit_in_staging_has_its_own_id if {
	findings := resource_limits.deny with input as {"environment": {"name": "staging"}, "manifest": {}, "service": {"resources": {}}}
	some finding in findings
	finding.id == "resources-limits-required"
}

test_dev_needs_nothing if {
	count(resource_limits.deny) == 0 with input as {"environment": {"name": "dev"}, "manifest": {}, "service": {"resources": {}}}
}
