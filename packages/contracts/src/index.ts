// Public entry of @rts/contracts. Test fixtures live in ./testing and are not exported here so
// they never end up in the API or the SPA bundle.
export * from "./catalogue.ts";
export * from "./service-states.ts";
export * from "./deploy-request.ts";
export * from "./problem.ts";
export * from "./api-schemas.ts";
export * from "./inference-examples.ts";
export * from "./model-versions.ts";
export * from "./metrics-window.ts";
export * from "./service-observability.ts";
export * from "./live-service-events.ts";
export * from "./text-integrity.ts";
export * from "./wording.ts";
export * from "./rules/rule-issue.ts";
export * from "./rules/deploy-context.ts";
export * from "./rules/r01-service-limit.ts";
export * from "./rules/r02-name.ts";
export * from "./rules/r03-resource-pool.ts";
export * from "./rules/r04-multi-pool.ts";
export * from "./rules/r05-versions.ts";
export * from "./rules/r06-specifications.ts";
export * from "./rules/r07-compute-nodes.ts";
export * from "./rules/r08-environment-variables.ts";
export * from "./rules/r09-timeout.ts";
export * from "./rules/r10-websocket.ts";
export * from "./rules/r11-data-collection.ts";
export * from "./rules/r12-quota.ts";
export * from "./rules/r13-metering.ts";
export * from "./rules/r16-rollout.ts";
export * from "./rules/r17-auto-stop.ts";
export * from "./modify-request.ts";
export {
  DEPLOY_RULES,
  REQUEST_MESSAGES,
  previewDeploy,
  ruleForPath,
  runDeployRules,
  validateDeployRequest,
  zodIssuesToRuleIssues,
  type DeployRule,
  type DeployValidationResult,
} from "./rules/validate-deploy-request.ts";
