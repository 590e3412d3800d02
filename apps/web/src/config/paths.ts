// Every console URL in one place, so links and the router agree.
export const paths = {
  login: "/login",
  services: "/services",
  deploy: "/services/deploy",
  service: (serviceId: string) => `/services/${encodeURIComponent(serviceId)}`,
  modifyService: (serviceId: string) => `/services/${encodeURIComponent(serviceId)}/modify`,
  aiApplications: "/ai-applications",
  addVersion: (applicationId: string) => `/ai-applications/${encodeURIComponent(applicationId)}/versions/new`,
  pools: "/pools",
  quota: "/quota",
  tokens: "/tokens",
} as const;
