// Announced loading text (role=status) that reserves space so content does not jump in later.
export function LoadingState({ label = "Loading…", minHeight }: { label?: string; minHeight?: number | string }) {
  return (
    <div className="loading-state" role="status" aria-live="polite" style={minHeight === undefined ? undefined : { minHeight }}>
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}
