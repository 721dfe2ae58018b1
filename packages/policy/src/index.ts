export * from "./rego/index.js";
