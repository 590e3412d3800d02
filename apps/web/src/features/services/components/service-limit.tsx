// The Deploy button with the count against the service limit (R1). At the limit the button is
// disabled and the rule's own message says how to free a slot.
import { isAtServiceLimit, SERVICE_LIMIT, SERVICE_LIMIT_MESSAGE } from "@rts/contracts";
import { useId } from "react";
import { Button, ButtonLink } from "../../../components/ui/button/button.tsx";
import { paths } from "../../../config/paths.ts";

export const SERVICE_LIMIT_REASON = `R1: ${SERVICE_LIMIT_MESSAGE}`;

export function DeployButton({ count, limit = SERVICE_LIMIT }: { count: number | undefined; limit?: number }) {
  const countId = useId();
  const atLimit = count !== undefined && (count >= limit || isAtServiceLimit(count));
  return (
    <>
      {atLimit ? (
        <Button variant="primary" disabledReason={SERVICE_LIMIT_REASON}>
          Deploy
        </Button>
      ) : (
        <ButtonLink to={paths.deploy} variant="primary" aria-describedby={countId}>
          Deploy
        </ButtonLink>
      )}
      <span id={countId} className="limit-count" aria-live="polite">
        {count === undefined ? "…" : count} / {limit} services
      </span>
      {atLimit ? <p className="limit-reason">{SERVICE_LIMIT_MESSAGE}</p> : null}
    </>
  );
}
