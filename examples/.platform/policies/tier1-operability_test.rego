package platform.guardrails.tier1_operability_test

import data.platform.guardrails.tier1_operability
import rego.v1

test_tier1_without_slo_or_pager_has_two_findings if {
	count(tier1_operability.deny) == 2 with input as {"service": {"tier": 1}, "team": {"name": "growth"}}
}

test_team_pager_is_enough if {
	findings := tier1_operability.deny with input as {
		"service": {"tier": 1, "observability": {"slos": [{"name": "a", "sli": "availability", "objective": 99.9}]}},
		"team": {"name": "payments", "pager": "payments-oncall"},
	}
	count(findings) == 0
}

test_lower_tiers_need_nothing if {
	count(tier1_operability.deny) == 0 with input as {"service": {"tier": 2}, "team": null}
}
