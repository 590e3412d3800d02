// The Monitoring tab's time range: a labelled native select (keyboard and screen readers work as
// everywhere), kept in the URL (?range=) like the tab, so a view can be linked and survives reloads.
import {
  DEFAULT_METRICS_RANGE,
  METRICS_RANGES,
  METRICS_RANGE_VALUES,
  MetricsRangeSchema,
  VERSION_METRICS_KEPT_HOURS,
  type MetricsRange,
} from "@rts/contracts";
import { useSearchParams } from "react-router";
import { SelectField } from "../../../components/ui/select-field/select-field.tsx";

const OPTIONS = METRICS_RANGE_VALUES.map((value) => ({ value, label: METRICS_RANGES[value].label }));

export function useMetricsRange(): [MetricsRange, (range: MetricsRange) => void] {
  const [params, setParams] = useSearchParams();
  const parsed = MetricsRangeSchema.safeParse(params.get("range"));
  const range = parsed.success ? parsed.data : DEFAULT_METRICS_RANGE;
  const choose = (next: MetricsRange) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next === DEFAULT_METRICS_RANGE) updated.delete("range");
        else updated.set("range", next);
        return updated;
      },
      { replace: true, preventScrollReset: true },
    );
  return [range, choose];
}

export function MetricsRangePicker({ range, onChange }: { range: MetricsRange; onChange: (range: MetricsRange) => void }) {
  return (
    <SelectField
      label="Time range"
      className="mon-range"
      options={OPTIONS}
      value={range}
      hint={`Figures per version are kept for ${VERSION_METRICS_KEPT_HOURS} hours, so ranges go back at most that far.`}
      onChange={(event) => {
        const parsed = MetricsRangeSchema.safeParse(event.target.value);
        if (parsed.success) onChange(parsed.data);
      }}
    />
  );
}
