// Routes of the console. Feature pages load lazily so the first page stays small; each feature
// folder exports its page as `Component` (react-router's lazy route module convention). Pages sit
// under one pathless route whose error element keeps a failing page, and any unknown URL, inside
// the console's frame.
import { Navigate, type RouteObject } from "react-router";
import { NotFoundPage } from "./not-found-page.tsx";
import { RouteError } from "./route-error.tsx";

// When the frame itself cannot be shown (its code failed to load), the error stands alone.
const unframedError = (
  <main className="app-main">
    <RouteError />
  </main>
);

export const consoleRoutes: RouteObject[] = [
  { path: "/login", lazy: () => import("../features/auth/login-page.tsx"), errorElement: unframedError },
  {
    path: "/",
    lazy: () => import("./app-layout.tsx"),
    errorElement: unframedError,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="/services" replace /> },
          { path: "services", lazy: () => import("../features/services/services-list-page.tsx") },
          { path: "services/deploy", lazy: () => import("../features/deploy-wizard/deploy-page.tsx") },
          { path: "services/:serviceId", lazy: () => import("../features/service-details/service-details-page.tsx") },
          { path: "services/:serviceId/modify", lazy: () => import("../features/deploy-wizard/modify-page.tsx") },
          { path: "ai-applications", lazy: () => import("../features/ai-applications/ai-applications-page.tsx") },
          { path: "ai-applications/:applicationId/versions/new", lazy: () => import("../features/ai-applications/add-version-page.tsx") },
          { path: "pools", lazy: () => import("../features/pools/pools-page.tsx") },
          { path: "quota", lazy: () => import("../features/quota/quota-page.tsx") },
          { path: "tokens", lazy: () => import("../features/tokens/tokens-page.tsx") },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
