// The signed-in shell: skip link, left navigation (the seed's "Service Deployment > Real-Time
// Services" plus the other consoles), the user with sign out, and the <main> landmark. Without a
// session (me answers 401) it sends the user to /login and brings them back afterwards.
import { Suspense } from "react";
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { Button } from "../components/ui/button/button.tsx";
import { ErrorState } from "../components/ui/error-state/error-state.tsx";
import { LoadingState } from "../components/ui/loading-state/loading-state.tsx";
import { isUnauthorized, useMe, useLogout } from "../api/auth/auth.ts";
import { LiveServicesProvider } from "../api/services/live-services.tsx";
import { paths } from "../config/paths.ts";

const NAV_GROUPS = [
  { title: "Service Deployment", links: [{ to: paths.services, label: "Real-Time Services" }] },
  {
    title: "Resources",
    links: [
      { to: paths.aiApplications, label: "AI Applications" },
      { to: paths.pools, label: "Dedicated Resource Pools" },
      { to: paths.quota, label: "Quota" },
      { to: paths.tokens, label: "API Tokens" },
    ],
  },
] as const;

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
        <nav className="app-nav" aria-label="Console">
          <p className="app-brand">AI Inference Console</p>
          {NAV_GROUPS.map((group) => (
            <div key={group.title}>
              <p className="nav-group-title" id={`nav-${group.title.replace(/\W+/g, "-")}`}>
                {group.title}
              </p>
              <ul className="nav-list" aria-labelledby={`nav-${group.title.replace(/\W+/g, "-")}`}>
                {group.links.map((link) => (
                  <li key={link.to}>
                    <NavLink to={link.to} className="nav-link">
                      {link.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <div className="app-user">
            <span>
              Signed in as <strong>{me.data.displayName}</strong> <span className="sr-only">({me.data.username})</span>
            </span>
            <Button
              size="sm"
              busy={logout.isPending}
              onClick={() => logout.mutate(undefined, { onSettled: () => navigate(paths.login, { replace: true }) })}
            >
              Sign out
            </Button>
          </div>
        </nav>
        <main id="main" className="app-main" tabIndex={-1}>
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </LiveServicesProvider>
  );
}
