// A table too wide for a phone scrolls inside this box, so the page itself never scrolls sideways
// and its columns stay readable (at least minWidth wide, when given). The box is a named region that takes
// focus, so keyboard users can scroll it too.
import type { CSSProperties, ReactNode } from "react";

export interface TableScrollProps {
  label: string;
  /** The narrowest the table may get before the box scrolls, e.g. "40rem". */
  minWidth?: string;
  className?: string;
  children: ReactNode;
}

export function TableScroll({ label, minWidth, className, children }: TableScrollProps) {
  const style = minWidth ? ({ "--table-min-width": minWidth } as CSSProperties) : undefined;
  return (
    <div className={["table-scroll", className].filter(Boolean).join(" ")} role="region" aria-label={label} tabIndex={0} style={style}>
      {children}
    </div>
  );
}
