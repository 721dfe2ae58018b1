# METADATA
# title: No secrets in plain env values
# description: >-
#   Values under env end up in the repository, rendered manifests and CI logs. Anything that looks
#   like a credential goes under secrets, as a reference to the secret store.
# related_resources:
#   - ref: https://platform.acme.dev/guardrails/no-plaintext-secrets
# custom:
#   id: no-plaintext-secrets
#   severity: error
package platform.guardrails.plaintext_secrets

import rego.v1

secret_words := ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIAL"]

deny contains finding if {
	some name, value in input.service.env
	some word in secret_words
	contains(upper(name), word)
	value != ""
	finding := {
		# The value is never echoed: it is the secret.
		"msg": sprintf("env %s looks like a credential written in plain text; move it to secrets: (name: %s, key: <path in the secret store>)", [name, name]),
		"path": ["env", name],
	}
}
