import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { queryKeys } from "../api/query-keys.ts";
import { ApiProblem } from "../lib/api-client.ts";

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    // When any call says the session is gone, re-check "me"; the layout then sends the user to
    // sign in instead of showing errors on every panel.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (error instanceof ApiProblem && error.status === 401 && query.queryKey[0] !== queryKeys.auth.all[0]) {
          void client.invalidateQueries({ queryKey: queryKeys.auth.me() });
        }
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, error) => !(error instanceof ApiProblem && error.status < 500) && count < 1,
        refetchOnWindowFocus: false,
        staleTime: 5_000,
      },
    },
  });
  return client;
}

export function AppProviders({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
