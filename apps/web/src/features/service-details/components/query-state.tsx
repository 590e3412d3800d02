// Loading and error lines of this page's panels, on the shared primitives; heights are reserved so
// data arriving does not push the rest of the page around.
import { ErrorState } from "../../../components/ui/error-state/error-state.tsx";
import { LoadingState } from "../../../components/ui/loading-state/loading-state.tsx";

export function LoadingLine({ what }: { what: string }) {
  return <LoadingState label={`Loading ${what}…`} minHeight="3rem" />;
}

export function ErrorLine({ what, error, onRetry }: { what: string; error: unknown; onRetry?: () => void }) {
  return <ErrorState title={`Could not load ${what}.`} error={error} onRetry={onRetry} />;
}
