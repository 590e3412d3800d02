// Routes of the console. Feature pages load lazily so the first page stays small; each feature
// folder exports its page as `Component` (react-router's lazy route module convention).
import { createBrowserRouter, Navigate, RouterProvider } from "react-router";

export const router = createBrowserRouter([
  { path: "/login", lazy: () => import("../features/auth/login-page.tsx") },
  {
    path: "/",
    lazy: () => import("./app-layout.tsx"),
    children: [
      { index: true, element: <Navigate to="/services" replace /> },
      { path: "services", lazy: () => import("../features/services/services-list-page.tsx") },
      { path: "services/deploy", lazy: () => import("../features/deploy-wizard/deploy-page.tsx") },
      { path: "services/:serviceId", lazy: () => import("../features/service-details/service-details-page.tsx") },
      { path: "services/:serviceId/modify", lazy: () => import("../features/deploy-wizard/modify-page.tsx") },
      { path: "ai-applications", lazy: () => import("../features/ai-applications/ai-applications-page.tsx") },
      { path: "pools", lazy: () => import("../features/pools/pools-page.tsx") },
      { path: "quota", lazy: () => import("../features/quota/quota-page.tsx") },
      { path: "tokens", lazy: () => import("../features/tokens/tokens-page.tsx") },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
