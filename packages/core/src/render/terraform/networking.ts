/** Security group, target groups and listener rules on the environment's shared load balancer. */
import type { PortSpec, ResolvedSpec } from "../../manifest/types.js";
import { resolvePort, routeHost } from "../kubernetes/network.js";
import { tfIdentifier } from "../naming.js";
import { add, type Module, tf } from "./module.js";

export interface TargetGroup {
  address: string;
  port: PortSpec;
}

/** ALB target group names are limited to 32 characters; keep the readable prefix and a stable hash. */
function targetGroupName(fullName: string): string {
  if (fullName.length <= 32) return fullName;
  let hash = 0;
  for (const ch of fullName) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `${fullName.slice(0, 25)}-${hash.toString(36).slice(0, 6)}`;
}

export function securityGroups(mod: Module): string {
  const sg = add(mod, "resource", "aws_security_group", mod.id, {
    name: tf("local.name"),
    description: `Tasks of ${mod.spec.name} in ${mod.spec.environment}`,
    vpc_id: tf("var.vpc_id"),
    tags: tf("local.tags"),
  });
  add(mod, "resource", "aws_vpc_security_group_egress_rule", `${mod.id}-all`, {
    security_group_id: tf(`${sg}.id`),
    ip_protocol: "-1",
    cidr_ipv4: "0.0.0.0/0",
    description: "Outbound to dependencies and AWS APIs",
  });
  for (const port of routedPorts(mod.spec)) {
    add(mod, "resource", "aws_vpc_security_group_ingress_rule", `${mod.id}-${tfIdentifier(port.name)}`, {
      security_group_id: tf(`${sg}.id`),
      referenced_security_group_id: tf("var.lb_security_group_id"),
      ip_protocol: "tcp",
      from_port: port.port,
      to_port: port.port,
      description: `Load balancer to ${port.name}`,
    });
  }
  return sg;
}

function routedPorts(spec: ResolvedSpec): PortSpec[] {
  const ports = new Map<string, PortSpec>();
  for (const route of spec.routes) {
    const port = resolvePort(spec, route.port);
    if (port) ports.set(port.name, port);
  }
  return [...ports.values()].sort((a, b) => a.port - b.port);
}

export function loadBalancing(mod: Module): TargetGroup[] {
  const { spec } = mod;
  const groups: TargetGroup[] = [];
  for (const port of routedPorts(spec)) {
    const readiness = spec.health?.readiness ?? spec.health?.liveness;
    const suffix = routedPorts(spec).length > 1 ? `-${port.name}` : "";
    const address = add(mod, "resource", "aws_lb_target_group", `${mod.id}${tfIdentifier(suffix)}`, {
      name: targetGroupName(`${mod.fullName}${suffix}`),
      port: port.port,
      protocol: "HTTP",
      target_type: "ip",
      vpc_id: tf("var.vpc_id"),
      deregistration_delay: 30,
      health_check: {
        path: readiness?.path ?? "/",
        matcher: "200-399",
        interval: 15,
        healthy_threshold: 2,
        unhealthy_threshold: 3,
      },
      tags: tf("local.tags"),
    });
    groups.push({ address, port });
  }
  spec.routes.forEach((route, index) => {
    const port = resolvePort(spec, route.port);
    const group = groups.find((g) => g.port.name === port?.name);
    if (!group) return;
    const path = route.path === "/" ? ["/*"] : [route.path, `${route.path.replace(/\/$/, "")}/*`];
    add(mod, "resource", "aws_lb_listener_rule", `${mod.id}-route-${index}`, {
      listener_arn: tf("var.listener_arn"),
      action: [{ type: "forward", target_group_arn: tf(`${group.address}.arn`) }],
      condition: [
        { host_header: [{ values: [routeHost(spec, route, mod.env.domain)] }] },
        { path_pattern: [{ values: path }] },
      ],
      tags: tf("local.tags"),
    });
  });
  return groups;
}
