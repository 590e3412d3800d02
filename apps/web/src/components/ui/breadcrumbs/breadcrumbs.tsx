// Where a nested page sits: a "Breadcrumb" navigation landmark whose last item is the page itself
// (aria-current="page", not a link). The separators are drawn by CSS and not read out.
import { Link } from "react-router";

export interface Crumb {
  label: string;
  /** Leave out on the last crumb: the current page. */
  to?: string;
}

export function Breadcrumbs({ items }: { items: readonly Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        {items.map((item, index) => (
          <li key={`${index}-${item.label}`}>
            {item.to && index < items.length - 1 ? <Link to={item.to}>{item.label}</Link> : <span aria-current="page">{item.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
