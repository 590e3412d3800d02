// The Deploy button with the count against the service limit (R1). At the limit the button is
// disabled and the rule's own message says how to free a slot, in words for a person: the rule's
// id (R1) is for tests and API field errors, not for the tooltip.
import { isAtServiceLimit, SERVICE_LIMIT, SERVICE_LIMIT_MESSAGE } from "@rts/contracts";
import { useId } from "react";
import { Button, ButtonLink } from "../../../components/ui/button/button.tsx";
import { paths } from "../../../config/paths.ts";

export function DeployButton({ count, limit = SERVICE_LIMIT }: { count: number | undefined; limit?: number }) {
  const countId = useId();
  const reasonId = useId();
  const atLimit = count !== undefined && (count >= limit || isAtServiceLimit(count));
  return (
    <>
      {atLimit ? (
        // The reason is the visible paragraph below, so it is written (and read) once.
        <Button variant="primary" disabled title={SERVICE_LIMIT_MESSAGE} aria-describedby={reasonId}>
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
      {atLimit ? (
        <p id={reasonId} className="limit-reason">
          {SERVICE_LIMIT_MESSAGE}
        </p>
      ) : null}
    </>
  );
}
