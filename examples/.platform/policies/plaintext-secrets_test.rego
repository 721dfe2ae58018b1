package platform.guardrails.plaintext_secrets_test

import data.platform.guardrails.plaintext_secrets
import rego.v1

test_password_in_env_is_denied_once if {
	findings := plaintext_secrets.deny with input as {"service": {"env": {"DB_PASSWORD": "hunter2", "LOG_LEVEL": "info"}}}
	count(findings) == 1
	some finding in findings
	finding.path == ["env", "DB_PASSWORD"]
	not contains(finding.msg, "hunter2")
}

test_names_match_in_any_case if {
	count(plaintext_secrets.deny) == 1 with input as {"service": {"env": {"github_token": "ghp_x"}}}
}

test_ordinary_env_passes if {
	count(plaintext_secrets.deny) == 0 with input as {"service": {"env": {"BATCH_SIZE": 50, "TOKENIZER": ""}}}
}
