// The console's navigation: the seed's "Service Deployment > Real-Time Services" plus the other
// consoles, and the signed-in user with sign out. On a wide screen it is a sidebar; on a phone it
// folds behind a Menu button (the disclosure pattern), so every page starts at the top of the
// screen. The menu closes when a page is chosen and on Escape, which gives focus back to the button.
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { NavLink, useLocation } from "react-router";
import { Button } from "../components/ui/button/button.tsx";
import { paths } from "../config/paths.ts";

const NAV_GROUPS = [
  { id: "nav-service-deployment", title: "Service Deployment", links: [{ to: paths.services, label: "Real-Time Services" }] },
  {
    id: "nav-resources",
    title: "Resources",
    links: [
      { to: paths.aiApplications, label: "AI Applications" },
      { to: paths.pools, label: "Dedicated Resource Pools" },
      { to: paths.quota, label: "Quota" },
      { to: paths.tokens, label: "API Tokens" },
    ],
  },
] as const;

export interface ConsoleNavigationProps {
  user: { displayName: string; username: string };
  signingOut: boolean;
  onSignOut: () => void;
}

export function ConsoleNavigation({ user, signingOut, onSignOut }: ConsoleNavigationProps) {
  const menuId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  // Open only on the page it was opened on: any navigation (a link, Back) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== "Escape" || !open) return;
    event.preventDefault();
    setOpenOn(null);
    toggle.current?.focus();
  }

  return (
    <nav className="app-nav" aria-label="Console" data-open={open || undefined} onKeyDown={onKeyDown}>
      <div className="app-nav-bar">
        <p className="app-brand">AI Inference Console</p>
        <button
          ref={toggle}
          type="button"
          className="nav-toggle"
          aria-expanded={open}
          aria-controls={menuId}
          onClick={() => setOpenOn(open ? null : pathname)}
        >
          <span className="nav-toggle-icon" aria-hidden="true" />
          Menu
        </button>
      </div>
      <div className="app-nav-menu" id={menuId}>
        {NAV_GROUPS.map((group) => (
          <div key={group.id}>
            <p className="nav-group-title" id={group.id}>
              {group.title}
            </p>
            <ul className="nav-list" aria-labelledby={group.id}>
              {group.links.map((link) => (
                <li key={link.to}>
                  <NavLink to={link.to} className="nav-link" onClick={() => setOpenOn(null)}>
                    {link.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <div className="app-user">
          <span>
            Signed in as <strong>{user.displayName}</strong> <span className="sr-only">({user.username})</span>
          </span>
          <Button size="sm" busy={signingOut} onClick={onSignOut}>
            Sign out
          </Button>
        </div>
      </div>
    </nav>
  );
}
