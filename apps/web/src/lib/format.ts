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
