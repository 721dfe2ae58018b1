package platform.guardrails.public_routes_test

import data.platform.guardrails.public_routes
import rego.v1

test_public_route_without_tls_is_denied_at_its_index if {
	findings := public_routes.deny with input as {"service": {"routes": [
		{"path": "/internal", "visibility": "internal"},
		{"path": "/", "visibility": "public", "auth": "oidc"},
	]}}
	findings == {{"msg": "route \"/\" is public without TLS; set tls: true", "path": "routes[1].tls"}}
}

test_public_route_with_tls_passes if {
	count(public_routes.deny) == 0 with input as {"service": {"routes": [{"path": "/", "visibility": "public", "tls": true}]}}
}

test_internal_routes_need_nothing if {
	count(public_routes.deny) == 0 with input as {"service": {"routes": [{"path": "/", "visibility": "internal"}]}}
	count(public_routes.warn) == 0 with input as {"service": {"routes": [{"path": "/", "visibility": "internal"}]}}
}

test_public_route_without_auth_warns if {
	count(public_routes.warn) == 1 with input as {"service": {"routes": [{"path": "/", "visibility": "public", "tls": true}]}}
}

test_route_without_visibility_warns_with_its_own_id if {
	findings := public_routes.warn with input as {"service": {"routes": [{"path": "/"}]}}
	some finding in findings
	finding.id == "route-visibility-explicit"
}
