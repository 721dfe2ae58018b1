/**
 * Fargate accepts only fixed CPU/memory pairs. Requests/limits are mapped to the smallest valid
 * pair that covers them, so a service never gets less than it asked Kubernetes for.
 * Table: AWS ECS developer guide, "Task CPU and memory" (Linux).
 */
interface FargateCpu {
  cpu: number;
  memory: number[];
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let m = from; m <= to; m += step) out.push(m);
  return out;
}

export const FARGATE_SIZES: FargateCpu[] = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: range(1024, 4096, 1024) },
  { cpu: 1024, memory: range(2048, 8192, 1024) },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
  { cpu: 8192, memory: range(16384, 61440, 4096) },
  { cpu: 16384, memory: range(32768, 122880, 8192) },
];

/** cpuUnits: 1024 per vCPU. Returns undefined when nothing is big enough. */
export function fargateSize(
  cpuUnits: number,
  memoryMiB: number,
): { cpu: number; memory: number } | undefined {
  for (const size of FARGATE_SIZES) {
    if (size.cpu < cpuUnits) continue;
    const memory = size.memory.find((m) => m >= memoryMiB);
    if (memory !== undefined) return { cpu: size.cpu, memory };
  }
  return undefined;
}
