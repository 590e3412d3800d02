import type { ServiceDetail } from "@rts/contracts";
import { RelativeTime } from "../../../components/ui/relative-time/relative-time.tsx";

export function EventsPanel({ service }: { service: ServiceDetail }) {
  const events = [...service.events].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section aria-labelledby="sd-events-heading">
      <h2 id="sd-events-heading">Events</h2>
      {events.length === 0 ? (
        <p className="sd-muted">No events yet.</p>
      ) : (
        <ol className="sd-timeline" aria-label="Events, newest first">
          {events.map((event) => (
            <li key={event.id}>
              <span>
                <RelativeTime value={event.at} />
              </span>
              <span className="sd-transition">
                {event.fromState || event.toState ? (
                  <>
                    {event.fromState ?? "—"} → {event.toState ?? "—"}
                  </>
                ) : (
                  event.type
                )}
              </span>
              <span className="sd-event-reason">{event.reason}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
