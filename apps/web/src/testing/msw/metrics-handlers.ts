// GET /services/:id/metrics in the stories: the range is judged by the shared query schema (a bad
// one gets the API's field-level 422), the answer built by metricsFixture() for that range.
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, ServiceMetricsQuerySchema } from "@rts/contracts";
import { HttpResponse, http } from "msw";
import { grayLaunchTraffic, metricsFixture, type FixtureVersionTraffic } from "./metrics-fixtures.ts";

/** Answers every range from `traffic`; `asked` records the ranges requested, for play functions. */
export function metricsHandler(serviceId: string, traffic: FixtureVersionTraffic[] = grayLaunchTraffic(), asked?: string[]) {
  return http.get(`*/api/v1/services/${serviceId}/metrics`, ({ request }) => {
    const url = new URL(request.url);
    const range = url.searchParams.get("range");
    asked?.push(range ?? "");
    const query = ServiceMetricsQuerySchema.safeParse(range === null ? {} : { range });
    if (!query.success) {
      return HttpResponse.json(
        {
          type: PROBLEM_TYPES.validation,
          title: "Invalid request",
          status: 422,
          detail: "The querystring has an invalid field; see errors.",
          errors: query.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
        },
        { status: 422, headers: { "content-type": PROBLEM_CONTENT_TYPE } },
      );
    }
    return HttpResponse.json(metricsFixture(query.data.range, traffic));
  });
}
