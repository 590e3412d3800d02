// The browser router over the console's routes (routes.tsx, which tests render in a memory router).
import { createBrowserRouter, RouterProvider } from "react-router";
import { consoleRoutes } from "./routes.tsx";

export const router = createBrowserRouter(consoleRoutes);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
