// Display formatting shared by the pages.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatResources(amount: { vcpus: number; memoryGiB: number; gpus: number }): string {
  return `${amount.vcpus} vCPUs · ${amount.memoryGiB} GiB · ${amount.gpus} GPUs`;
}

// Metered amounts come as the exact sum rounded once to whole cents, plus the same sum in
// millionths of a cent. The platform bills in US dollars.
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/**
 * A metered cost to the cent, like an invoice line. A cost under half a cent reads "< $0.01",
 * never "$0.00": only usage that cost nothing shows as nothing.
 */
export function formatMeteredCost(amount: { cents: number; microCents: number }): string {
  if (amount.cents === 0 && amount.microCents > 0) return "< $0.01";
  return usd.format(amount.cents / 100);
}
