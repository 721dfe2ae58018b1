package platform.terraform

import rego.v1

resources := [r | some r in input.resource_changes; r.change.actions != ["delete"]]

deny contains sprintf("%s: S3 buckets must not be public", [r.address]) if {
	some r in resources
	r.type == "aws_s3_bucket_acl"
	r.change.after.acl in {"public-read", "public-read-write"}
}

deny contains msg if {
	some r in resources
	r.type == "aws_security_group_rule"
	r.change.after.cidr_blocks[_] == "0.0.0.0/0"
	r.change.after.from_port <= 22
	r.change.after.to_port >= 22
	msg := sprintf("%s opens SSH to the world", [r.address])
}

tags_missing[address] := missing if {
	some r in resources
	address := r.address
	missing := {"owner", "env"} - object.keys(object.get(r.change.after, "tags", {}))
	count(missing) > 0
}

budget := 1.5e3

discount := -0.25

max_instances := 10

escaped := "tab\tquote\"backslash\\unicodeé"

nothing := null

flags := {"a": true, "b": false}

nested := {"list": [1, [2, [3]]], "set": {1, 2}, "empty_set": set(), "empty": {}}
