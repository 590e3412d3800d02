// After a client-side navigation the browser leaves focus on <body> (or on a link that is gone), so
// a screen reader says nothing about the new page. Moving focus to the new page's heading announces
// it and starts keyboard users at its top. The page the document was loaded with keeps the
// browser's own start (and any autofocus); so does a page that re-renders its header under the
// same URL (a reload of its data, another tab of the same service).
import { useEffect, useRef } from "react";
import { useLocation, useNavigationType } from "react-router";

let lastHeadedPathname: string | null = null;

export function useHeadingFocus<T extends HTMLElement>() {
  const heading = useRef<T>(null);
  const { pathname } = useLocation();
  const navigationType = useNavigationType();

  useEffect(() => {
    const firstLoad = lastHeadedPathname === null && navigationType === "POP";
    if (pathname === lastHeadedPathname) return;
    lastHeadedPathname = pathname;
    if (!firstLoad) heading.current?.focus();
    // Only a new URL path is a new page: a query change (a tab, a filter) keeps the user's focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pathname]);

  return heading;
}
