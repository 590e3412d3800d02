// Every story gets a fresh query cache (no state leaks between stories) and a memory router, so
// pages that navigate work; "/services" renders a stand-in for the list to show where a deploy lands.
// Notifications after an action show as they do in the console.
// Stories have no event stream: they render as if it were up and quiet, so pages do not poll.
import type { Decorator } from "@storybook/react-vite";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { StaticLiveServices } from "../src/api/services/live-services.tsx";
import { ToastRegion } from "../src/components/ui/toast/toast-region.tsx";

function StoryProviders({ route, children }: { route: string; children: ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <StaticLiveServices connected>
        <MemoryRouter initialEntries={[route]}>
          <Routes>
            <Route path="/services" element={<h1>Real-Time Services</h1>} />
            <Route path="*" element={children} />
          </Routes>
        </MemoryRouter>
        <ToastRegion />
      </StaticLiveServices>
    </QueryClientProvider>
  );
}

export const withProviders: Decorator = (Story, context) => (
  <StoryProviders route={(context.parameters["route"] as string | undefined) ?? "/services/deploy"}>
    <Story />
  </StoryProviders>
);
