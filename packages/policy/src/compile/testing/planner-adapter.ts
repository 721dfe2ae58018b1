import type { PlanFn } from "./conformance.js";

export const ourPlanner: PlanFn = () => ({ errorCode: "not_implemented", message: "planner not wired yet" });
