// The signed-in shell: skip link, the console's navigation and the <main> landmark. Without a
// session (me answers 401) it sends the user to /login and brings them back afterwards.
import { Suspense } from "react";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { ErrorState } from "../components/ui/error-state/error-state.tsx";
import { LoadingState } from "../components/ui/loading-state/loading-state.tsx";
import { isUnauthorized, useMe, useLogout } from "../api/auth/auth.ts";
import { LiveServicesProvider } from "../api/services/live-services.tsx";
import { paths } from "../config/paths.ts";
import { ConsoleNavigation } from "./console-navigation.tsx";

export function Component() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();

  if (me.isPending) return <LoadingState label="Checking your session…" minHeight="100vh" />;
  if (me.isError) {
    if (isUnauthorized(me.error)) {
      const back = `${location.pathname}${location.search}`;
      return <Navigate to={`${paths.login}?redirect=${encodeURIComponent(back)}`} replace />;
    }
    return (
      <main className="app-main">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} title="The console could not load your session." />
      </main>
    );
  }

  return (
    <LiveServicesProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="app-shell">
        <ConsoleNavigation
          user={me.data}
          signingOut={logout.isPending}
          onSignOut={() => logout.mutate(undefined, { onSettled: () => navigate(paths.login, { replace: true }) })}
        />
        <main id="main" className="app-main" tabIndex={-1}>
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </LiveServicesProvider>
  );
}
