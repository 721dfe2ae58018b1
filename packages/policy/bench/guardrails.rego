# 20 guardrail rules over a Kubernetes-style workload manifest: the benchmark
# policy (bench/policy.bench.mjs). Realistic mix: iteration over containers,
# string builtins, counts, object lookups, negation, helper functions.
package guardrails

import rego.v1

containers contains c if some c in input.spec.template.spec.containers

labels := object.get(input.metadata, "labels", {})

required_labels := {"app", "team", "tier"}

allowed_registries := ["registry.internal/", "ghcr.io/acme/"]

trusted(image) if {
  some prefix in allowed_registries
  startswith(image, prefix)
}

deny contains msg if {
  some c in containers
  not c.resources.limits.memory
  msg := concat("", ["container ", c.name, " has no memory limit"])
}

deny contains msg if {
  some c in containers
  not c.resources.limits.cpu
  msg := concat("", ["container ", c.name, " has no cpu limit"])
}

deny contains msg if {
  some c in containers
  not c.resources.requests.memory
  msg := concat("", ["container ", c.name, " has no memory request"])
}

deny contains msg if {
  some c in containers
  endswith(c.image, ":latest")
  msg := concat("", ["container ", c.name, " uses the latest tag"])
}

deny contains msg if {
  some c in containers
  not contains(c.image, ":")
  msg := concat("", ["container ", c.name, " has an untagged image"])
}

deny contains msg if {
  some c in containers
  not trusted(c.image)
  msg := concat("", ["container ", c.name, " pulls from an untrusted registry"])
}

deny contains msg if {
  some c in containers
  c.securityContext.privileged == true
  msg := concat("", ["container ", c.name, " is privileged"])
}

deny contains msg if {
  some c in containers
  not c.securityContext.runAsNonRoot
  msg := concat("", ["container ", c.name, " may run as root"])
}

deny contains msg if {
  some c in containers
  c.securityContext.allowPrivilegeEscalation != false
  msg := concat("", ["container ", c.name, " allows privilege escalation"])
}

deny contains msg if {
  some c in containers
  not c.readinessProbe
  msg := concat("", ["container ", c.name, " has no readiness probe"])
}

deny contains msg if {
  some c in containers
  not c.livenessProbe
  msg := concat("", ["container ", c.name, " has no liveness probe"])
}

deny contains msg if {
  some c in containers
  some p in c.ports
  p.hostPort
  msg := concat("", ["container ", c.name, " binds a host port"])
}

deny contains msg if {
  some c in containers
  some e in c.env
  contains(lower(e.name), "password")
  e.value
  msg := concat("", ["container ", c.name, " sets a literal secret in ", e.name])
}

deny contains msg if {
  some label in required_labels
  not labels[label]
  msg := concat("", ["missing label ", label])
}

deny contains msg if {
  input.spec.replicas < 2
  labels.tier == "production"
  msg := "production workloads need at least 2 replicas"
}

deny contains msg if {
  input.spec.template.spec.hostNetwork == true
  msg := "host networking is not allowed"
}

deny contains msg if {
  some v in input.spec.template.spec.volumes
  v.hostPath
  msg := concat("", ["volume ", v.name, " mounts a host path"])
}

deny contains msg if {
  count(containers) > 5
  msg := "too many containers in one pod"
}

deny contains msg if {
  not input.spec.template.spec.serviceAccountName
  msg := "no explicit service account"
}

deny contains msg if {
  not startswith(input.metadata.name, labels.team)
  msg := "workload name must start with the team name"
}
