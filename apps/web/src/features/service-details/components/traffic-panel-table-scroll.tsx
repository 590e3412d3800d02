// A wide table's own horizontal scroll box, so a 390 px page never scrolls sideways. It takes
// focus and has a name, so keyboard users can scroll it too.
import type { ReactNode } from "react";

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="tp-table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
