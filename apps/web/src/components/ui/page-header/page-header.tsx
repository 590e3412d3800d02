// The page's heading (the one <h1>) and everything every page gets from it: its own document title,
// focus on the heading after a client-side navigation, breadcrumbs on nested pages, an optional
// description, and actions placed at the start of the header so primary actions such as Deploy
// sit upper left.
import type { ReactNode } from "react";
import { Breadcrumbs, type Crumb } from "../breadcrumbs/breadcrumbs.tsx";
import { documentTitle } from "./document-title.ts";
import { useHeadingFocus } from "./use-heading-focus.ts";

export interface PageHeaderProps {
  title: string;
  /** The document title's page part, when it should differ from the heading. */
  pageTitle?: string;
  /** From the top level down to this page (the last crumb, without a link). */
  breadcrumbs?: readonly Crumb[];
  description?: ReactNode;
  actions?: ReactNode;
  /** Page-specific lines under the heading, e.g. a live state. */
  children?: ReactNode;
}

export function PageHeader({ title, pageTitle, breadcrumbs, description, actions, children }: PageHeaderProps) {
  const heading = useHeadingFocus<HTMLHeadingElement>();
  return (
    <header className="page-header">
      <title>{documentTitle(pageTitle ?? title)}</title>
      {breadcrumbs ? <Breadcrumbs items={breadcrumbs} /> : null}
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {description ? <p className="page-description">{description}</p> : null}
      {actions ? <div className="page-actions">{actions}</div> : null}
      {children}
    </header>
  );
}
