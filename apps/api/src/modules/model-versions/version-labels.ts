import { issue, type RuleIssue } from "@rts/contracts";

export function versionLabelTaken(version: string): RuleIssue {
  return issue("R15", "version", `This application already has a version "${version}". Choose another version label.`);
}
