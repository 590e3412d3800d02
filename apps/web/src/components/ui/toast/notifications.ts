// The console's one queue of notifications after an action ("Service stopped: demo-classifier").
// It lives outside React so a mutation's success handler can add to it from anywhere; the
// <ToastRegion> in the app shell shows what is queued.
import { UNSTABLE_ToastQueue as ToastQueue } from "react-aria-components/Toast";

export type NotificationTone = "success" | "error" | "info";

export interface Notification {
  message: string;
  /** A second line, e.g. what happens next. */
  detail?: string;
  tone: NotificationTone;
}

// Long enough to be read (and announced) before it goes; errors stay until dismissed.
export const NOTIFICATION_TIMEOUT_MS = 8_000;

export const notificationQueue = new ToastQueue<Notification>({ maxVisibleToasts: 4 });

/** Says that an action worked, e.g. notify("Service stopped", service.name). */
export function notify(action: string, subject?: string, options: { detail?: string; tone?: NotificationTone } = {}): string {
  const tone = options.tone ?? "success";
  return notificationQueue.add(
    { message: subject ? `${action}: ${subject}` : action, detail: options.detail, tone },
    { timeout: tone === "error" ? undefined : NOTIFICATION_TIMEOUT_MS },
  );
}
