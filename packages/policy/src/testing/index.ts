export { type DiscoveredTest, discoverTests } from "./discover.js";
export {
  formatDuration,
  formatTestReport,
  type JsonTestResult,
  type TextReportOptions,
  testReportJson,
  testRunExitCode,
} from "./report.js";
export {
  capturingPrint,
  type RegoSourceFile,
  type RunTestsOptions,
  runPolicyTests,
  type TestResult,
  type TestRun,
  type TestStatus,
} from "./run-tests.js";
