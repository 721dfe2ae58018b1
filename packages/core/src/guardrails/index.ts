export { checkGuardrails, type GuardrailCheckContext } from "./check-guardrails.js";
export { ENTRYPOINT, GUARDRAIL_PREFIX } from "./compile-guardrails.js";
export { defaultCacheDir } from "./guardrail-cache.js";
export {
  isGuardrailFile,
  type LoadGuardrailsOptions,
  loadGuardrails,
  policiesDirFor,
  readGuardrailSources,
} from "./load-guardrails.js";
export type * from "./types.js";
