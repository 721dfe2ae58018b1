package platform.guardrails.replicas_test

import data.platform.guardrails.replicas
import rego.v1

production := {"name": "production", "target": "kubernetes"}

test_one_fixed_replica_in_production_is_denied if {
	findings := replicas.deny with input as {"environment": production, "service": {"scaling": {"replicas": 1}}}
	count(findings) == 1
	some finding in findings
	finding.path == "scaling.replicas"
}

test_autoscaling_minimum_of_one_is_denied if {
	findings := replicas.deny with input as {"environment": production, "service": {"scaling": {"min": 1, "max": 4}}}
	some finding in findings
	finding.path == "scaling.min"
}

test_two_replicas_pass if {
	count(replicas.deny) == 0 with input as {"environment": production, "service": {"scaling": {"replicas": 2}}}
}

test_other_environments_may_run_one if {
	count(replicas.deny) == 0 with input as {"environment": {"name": "staging"}, "service": {"scaling": {"replicas": 1}}}
}
