/**
 * Kubernetes resource quantities → numbers, for targets (ECS) that want plain units.
 * Only the suffixes Kubernetes accepts are understood; anything else is reported, not guessed.
 */

/** CPU in millicores ("250m" → 250, "1.5" → 1500), or undefined when not a CPU quantity. */
export function parseCpuMillis(quantity: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(quantity.trim());
  if (!m) return undefined;
  const value = Number(m[1]);
  return m[2] === "m" ? Math.ceil(value) : Math.ceil(value * 1000);
}

const memoryUnits: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** Memory in MiB, rounded up ("512Mi" → 512, "1G" → 954), or undefined when not a memory quantity. */
export function parseMemoryMiB(quantity: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(quantity.trim());
  if (!m) return undefined;
  const unit = memoryUnits[m[2] ?? ""];
  if (unit === undefined) return undefined;
  return Math.ceil((Number(m[1]) * unit) / 1024 ** 2);
}

/** Go-style duration ("300ms", "1.5s", "2m") → seconds, or undefined. */
export function parseDurationSeconds(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "ms" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * factor;
}
