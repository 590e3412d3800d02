// How much of a limit is used, as a bar and as words ("12 of 40 vCPUs used, 28 left"). The words
// are the meter's accessible value, so the bar is never the only way to read it; near and at the
// limit the bar changes colour and the words say so.
import { Label, Meter } from "react-aria-components/Meter";
import "./usage-meter.css";

export interface UsageMeterProps {
  label: string;
  used: number;
  limit: number;
  /** Unit after the numbers, e.g. "vCPUs" or "GiB". */
  unit: string;
}

const NEAR_LIMIT = 0.8;

export function usageText(used: number, limit: number, unit: string): string {
  const left = Math.max(0, limit - used);
  if (limit <= 0) return `${used} ${unit} used; no quota for ${unit}`;
  return `${used} of ${limit} ${unit} used, ${left} left`;
}

export function UsageMeter({ label, used, limit, unit }: UsageMeterProps) {
  const ratio = limit > 0 ? used / limit : used > 0 ? 1 : 0;
  const level = ratio >= 1 ? "full" : ratio >= NEAR_LIMIT ? "near" : "ok";
  const text = usageText(used, limit, unit);
  const note = level === "full" ? " (at the limit)" : level === "near" ? " (near the limit)" : "";
  return (
    <Meter className="usage-meter" data-level={level} value={Math.min(used, Math.max(limit, 0))} minValue={0} maxValue={Math.max(limit, 1)} valueLabel={`${text}${note}`}>
      {({ percentage, valueText }) => (
        <>
          <div className="usage-meter-head">
            <Label className="usage-meter-label">{label}</Label>
            <span className="usage-meter-value">{valueText}</span>
          </div>
          <div className="usage-meter-track">
            <div className="usage-meter-fill" style={{ width: `${percentage}%` }} />
          </div>
        </>
      )}
    </Meter>
  );
}
