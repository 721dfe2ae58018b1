# METADATA
# title: Public routes use TLS
# description: >-
#   Anything reachable from the internet is served over TLS. Public routes also name how callers
#   authenticate, even if the answer is "none" for a public website.
# related_resources:
#   - ref: https://platform.acme.dev/guardrails/public-route-tls
# custom:
#   id: public-route-tls
package platform.guardrails.public_routes

import rego.v1

deny contains finding if {
	some i, route in input.service.routes
	route.visibility == "public"
	# Not `not route.tls == true`: OPA evaluates route.tls before the `not`, so a route without
	# tls would make that line undefined and the rule would never fire.
	object.get(route, "tls", false) != true
	finding := {
		"msg": sprintf("route %q is public without TLS; set tls: true", [route.path]),
		"path": sprintf("routes[%d].tls", [i]),
	}
}

warn contains finding if {
	some i, route in input.service.routes
	route.visibility == "public"
	not route.auth
	finding := {
		"msg": sprintf("public route %q does not say how callers authenticate; set auth (oidc, mtls, api-key or none)", [route.path]),
		"path": sprintf("routes[%d]", [i]),
		"id": "public-route-auth",
	}
}

warn contains finding if {
	some i, route in input.service.routes
	not route.visibility
	finding := {
		"msg": sprintf("route %q does not say who may reach it; set visibility: internal or public", [route.path]),
		"path": sprintf("routes[%d]", [i]),
		"id": "route-visibility-explicit",
	}
}
