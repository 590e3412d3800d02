// R9: while a service is Deploying or Updating, the time left before its timeout fails the deploy
// (or rolls the update back), ticking on screen. It is worked out here from the API's deadline
// rather than written into the state reason, which would be stale the moment it was read.
import type { ServiceDetail } from "@rts/contracts";
import { formatDateTime } from "../../../lib/format.ts";
import { formatRemaining, useNow } from "../../services/components/auto-stop-countdown.tsx";

const TICK_MS = 5_000;

export function deadlineText(service: Pick<ServiceDetail, "state" | "deadline" | "timeoutMinutes">, now: number): string | null {
  if (!service.deadline) return null;
  const at = Date.parse(service.deadline);
  if (Number.isNaN(at)) return null;
  const outcome = service.state === "Updating" ? "the update is rolled back" : "the deploy fails";
  const left = at - now;
  if (left <= 0) return `The ${service.timeoutMinutes}-minute timeout has passed: ${outcome} now.`;
  return `${formatRemaining(left)} left before ${outcome} (timeout ${service.timeoutMinutes} min).`;
}

export function DeadlineCountdown({ service }: { service: ServiceDetail }) {
  const now = useNow(TICK_MS);
  const text = deadlineText(service, now);
  if (!text || !service.deadline) return null;
  return (
    <p className="sd-muted" data-testid="deadline">
      <time dateTime={service.deadline} title={`Timeout at ${formatDateTime(service.deadline)}`}>
        {text}
      </time>
    </p>
  );
}
