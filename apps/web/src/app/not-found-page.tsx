// A URL the console has no page for: said inside the console's frame, so the navigation is right
// there, with the way back to the list.
import { useLocation } from "react-router";
import { ButtonLink } from "../components/ui/button/button.tsx";
import { PageHeader } from "../components/ui/page-header/page-header.tsx";
import { paths } from "../config/paths.ts";

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <PageHeader
      title="Page not found"
      description={
        <>
          The console has no page at <code className="break-anywhere">{pathname}</code>. Check the address, or go on from the
          navigation.
        </>
      }
      actions={
        <ButtonLink to={paths.services} variant="primary">
          Go to Real-Time Services
        </ButtonLink>
      }
    />
  );
}
