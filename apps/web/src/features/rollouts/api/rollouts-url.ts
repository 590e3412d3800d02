// Where the rollouts of one service live in the API.
export function rolloutsUrl(serviceId: string): string {
  return `/api/v1/services/${encodeURIComponent(serviceId)}/rollouts`;
}
