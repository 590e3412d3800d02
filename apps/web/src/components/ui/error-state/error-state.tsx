// A failed load or action as readable text: an ApiProblem's title and detail (RFC 9457), or the
// error's message; optionally with a retry button.
import { ApiProblem, NetworkError } from "../../../lib/api-client.ts";
import { Button } from "../button/button.tsx";

export function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiProblem) return { title: error.problem.title, detail: error.problem.detail };
  // One sentence that is its own title: shown once, under a page's own title when it has one.
  if (error instanceof NetworkError) return { title: error.message, detail: error.message };
  if (error instanceof Error) return { title: "Something went wrong.", detail: error.message };
  return { title: "Something went wrong.", detail: String(error) };
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const described = describeError(error);
  return (
    <div className="error-state" role="alert">
      <p className="error-title">{title ?? described.title}</p>
      {described.detail && described.detail !== (title ?? described.title) ? <p className="error-detail">{described.detail}</p> : null}
      {onRetry ? (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
