// Previous/next paging with the position as text. Buttons keep their size so nothing moves.
import { Button } from "../button/button.tsx";

export interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  /** Plural noun for the total, e.g. "services". */
  noun?: string;
}

export function Pagination({ page, pageSize, total, onPageChange, noun = "items" }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pagination" aria-label="Pagination">
      <Button size="sm" onClick={() => onPageChange(page - 1)} disabled={page <= 1}>
        <span aria-hidden="true">←</span> Previous
      </Button>
      <span className="pagination-status" aria-live="polite">
        Page {Math.min(page, pages)} of {pages} ({total} {noun})
      </span>
      <Button size="sm" onClick={() => onPageChange(page + 1)} disabled={page >= pages}>
        Next <span aria-hidden="true">→</span>
      </Button>
    </nav>
  );
}
