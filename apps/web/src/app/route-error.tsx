// What a page shows instead of React Router's developer screen when it cannot be shown: a 404
// answer is the not-found page, anything else (a page's code failing to load after an update, a
// bug) is said in plain words with a reload. Inside the console's frame when the frame itself works.
import { isRouteErrorResponse, useRouteError } from "react-router";
import { Button, ButtonLink } from "../components/ui/button/button.tsx";
import { PageHeader } from "../components/ui/page-header/page-header.tsx";
import { paths } from "../config/paths.ts";
import { NotFoundPage } from "./not-found-page.tsx";

function explain(error: unknown): string {
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`.trim();
  if (error instanceof TypeError && /dynamically imported module|Importing a module script failed/i.test(error.message)) {
    return "This page's code could not be loaded, perhaps because the console was updated since you opened it. Reloading fetches the current version.";
  }
  return error instanceof Error ? error.message : String(error);
}

export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <PageHeader
      title="This page could not be shown"
      description={explain(error)}
      actions={
        <>
          <Button variant="primary" onClick={() => window.location.reload()}>
            Reload the page
          </Button>
          <ButtonLink to={paths.services}>Go to Real-Time Services</ButtonLink>
        </>
      }
    />
  );
}
