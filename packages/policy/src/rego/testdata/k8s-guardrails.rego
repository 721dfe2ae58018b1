# METADATA
# title: Kubernetes workload guardrails
# scope: package
package platform.k8s.workloads

import rego.v1

import data.platform.lib.strings as str

default allow := false

allow if count(deny) == 0

# METADATA
# title: Images must be pinned
# custom:
#   id: K8S-IMG-001
#   severity: high
deny contains msg if {
	some container in containers
	not pinned(container.image)
	msg := sprintf("container %q uses an unpinned image %q", [container.name, container.image])
}

deny contains msg if {
	some i, container in input.spec.template.spec.containers
	container.securityContext.privileged == true
	msg := sprintf("container %d (%s) must not be privileged", [i, container.name])
}

deny contains msg if {
	required := {"app", "team", "cost-center"}
	provided := {label | some label, _ in input.metadata.labels}
	missing := required - provided
	count(missing) > 0
	msg := sprintf("missing labels: %v", [concat(", ", sort(missing))])
}

replica_problem := "too few replicas" if {
	input.kind == "Deployment"
	not input.spec.replicas >= 2
} else := "too many replicas" if {
	input.spec.replicas > 50
}

deny contains replica_problem

warn contains msg if {
	every c in containers {
		not c.resources.limits.memory
	}
	msg := "no container sets a memory limit"
}

containers := [c | some c in input.spec.template.spec.containers]

ports := {p.containerPort: c.name |
	some c in containers
	some p in c.ports
}

pinned(image) if contains(image, "@sha256:")

pinned(image) if {
	not endswith(image, ":latest")
	count(split(image, ":")) == 2
}

tier(replicas) := "small" if {
	replicas < 3
} else := "medium" if {
	replicas < 10
} else := "large"

limits.cpu.max := 4

limits.memory[kind] := amount if {
	some kind, amount in {"Deployment": "8Gi", "StatefulSet": "16Gi"}
}

pattern := `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`

valid_name if regex.match(pattern, input.metadata.name)

shared_ports := (ports_a & ports_b) | {80}

ports_a := {80, 443, 8080}

ports_b := {443, 8080, 9090}

arith := ((1 + 2) * 3 - 4 / 2) % 5

labels_ok if {
	input.metadata.labels.team in {"payments", "search"}
	not "latest" in {tag | some tag in input.tags}
}

test_allow_empty if {
	allow with input as {"spec": {"template": {"spec": {"containers": []}}}, "metadata": {"labels": {"app": "a", "team": "t", "cost-center": "c"}}}
}

test_deny_privileged if {
	some msg in deny with input.spec.template.spec.containers as [{"name": "x", "image": "nginx@sha256:abc", "securityContext": {"privileged": true}}]
	startswith(msg, "container 0")
}
