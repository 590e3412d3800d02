// What a change to a service does, in words: the settings that change (old -> new), whether
// instances restart, and the quota and hourly cost difference. The Modify wizard's confirmation
// and the restore confirmation both read it from a ModifyPreview (the dry run).
import type { ModifyPreview, ResourceAmount, ServiceChange } from "@rts/contracts";
import type { ReactNode } from "react";
import "./change-summary.css";

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

const DIMENSIONS: Array<{ key: keyof ResourceAmount; label: string }> = [
  { key: "vcpus", label: "vCPUs" },
  { key: "memoryGiB", label: "Memory (GiB)" },
  { key: "gpus", label: "GPUs" },
];

type InstanceEffect = Pick<ModifyPreview, "restarts" | "startsInstances" | "stopsInstances" | "appliesAtOnce">;

export function instanceEffectText(effect: InstanceEffect): string {
  if (effect.appliesAtOnce) {
    return "Applies at once: only the traffic split or gateway settings change. No instance starts, stops or restarts.";
  }
  if (effect.restarts) {
    return (
      "Instances restart: new instances start with the new settings while the current ones keep serving. " +
      "Calls move to the new ones once all of them are healthy, then the old ones drain and stop. " +
      "If the new ones are not healthy within the timeout, the service goes back to its current revision by itself and says why."
    );
  }
  if (effect.startsInstances && effect.stopsInstances) {
    return "Some instances start and some stop; the others keep serving and are not restarted.";
  }
  if (effect.startsInstances) {
    return "New instances start; the running ones keep serving and are not restarted. The new ones get calls once they are healthy.";
  }
  return "Some instances stop (fewer compute nodes or a removed version); the others keep serving and are not restarted.";
}

/** A table that may be wider than a phone scrolls sideways, reachable by keyboard. */
function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="change-table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function costDifferenceText(preview: Pick<ModifyPreview, "hourlyCostCents" | "quota">): string {
  const cost = preview.hourlyCostCents;
  if (!cost) return "Complete the form to see the cost.";
  if (preview.quota && !preview.quota.holdsQuota) return "Included in the dedicated resource pool's metering.";
  const diff = cost.difference === 0 ? "no change" : `${cost.difference > 0 ? "+" : "−"}${money.format(Math.abs(cost.difference) / 100)}`;
  return `${money.format(cost.before / 100)} → ${money.format(cost.after / 100)} per hour (${diff})`;
}

/** `columns`: "Now"/"After" for a change to come, "Before"/"After" for one in the history. */
export function ChangeTable({
  changes,
  caption = "What changes",
  emptyText = "Nothing changes.",
  columns = ["Now", "After"],
}: {
  changes: readonly ServiceChange[];
  caption?: string;
  emptyText?: string;
  columns?: readonly [string, string];
}) {
  if (changes.length === 0) return <p className="change-none">{emptyText}</p>;
  return (
    <ScrollRegion label={caption}>
      <table className="change-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">{columns[0]}</th>
            <th scope="col">{columns[1]}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change, index) => (
            <tr key={`${change.field}-${index}`}>
              <th scope="row">{change.label}</th>
              <td>{change.from ?? "—"}</td>
              <td>{change.to ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function QuotaDifferenceTable({ quota }: { quota: ModifyPreview["quota"] }) {
  if (!quota) return <p className="change-hint">Complete the form to see the quota difference.</p>;
  if (!quota.holdsQuota) return <p className="change-hint">Dedicated resource pool: the service takes no quota; the pool holds it and is metered.</p>;
  return (
    <ScrollRegion label="Quota difference">
      <table className="change-table">
        <caption>Quota difference</caption>
        <thead>
          <tr>
            <th scope="col">Quota</th>
            <th scope="col">Now</th>
            <th scope="col">After</th>
            <th scope="col">Difference</th>
            <th scope="col">Left for it</th>
          </tr>
        </thead>
        <tbody>
          {DIMENSIONS.map(({ key, label }) => {
            const over = quota.asked[key] > quota.left[key];
            return (
              <tr key={key} data-over={over || undefined}>
                <th scope="row">{label}</th>
                <td>{quota.current[key]}</td>
                <td>{quota.asked[key]}</td>
                <td>{signed(quota.difference[key])}</td>
                <td>
                  {quota.left[key]}
                  {over ? " (not enough)" : ""}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** The whole summary: changes, instances, quota, cost and auto stop. */
export function ChangeSummary({ preview, headingLevel = 3 }: { preview: ModifyPreview; headingLevel?: 3 | 4 }) {
  const Heading = `h${headingLevel}` as "h3" | "h4";
  return (
    <div className="change-summary">
      <ChangeTable changes={preview.changes} />
      {preview.changes.length > 0 ? (
        <>
          <Heading>Instances</Heading>
          <p data-testid="instance-effect">
            <strong>{preview.restarts ? "Instances restart." : "No instance restarts."}</strong> {instanceEffectText(preview)}
          </p>
        </>
      ) : null}
      <Heading>Quota and cost difference</Heading>
      <QuotaDifferenceTable quota={preview.quota} />
      {preview.quota && !preview.quota.fits ? <p className="change-error">Not enough quota for this change.</p> : null}
      <p>
        <strong>Hourly cost:</strong> <span data-testid="cost-difference">{costDifferenceText(preview)}</span>
      </p>
      {preview.autoStopHours !== null ? (
        <p>
          <strong>Auto Stop:</strong> the service stops itself {preview.autoStopHours} {preview.autoStopHours === 1 ? "hour" : "hours"} after
          the change.
        </p>
      ) : null}
      {preview.warnings.length > 0 ? (
        <ul className="change-warnings">
          {preview.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
