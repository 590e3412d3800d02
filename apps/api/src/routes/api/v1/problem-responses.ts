import { ProblemSchema } from "@rts/contracts";

/** The error answers every authenticated route can give, for the OpenAPI document. */
export const problemResponses = {
  401: ProblemSchema.describe("Not signed in, or the API token is wrong, revoked or expired"),
  404: ProblemSchema.describe("No such resource for this user"),
  422: ProblemSchema.describe("Invalid input, one entry per field in `errors`"),
} as const;
