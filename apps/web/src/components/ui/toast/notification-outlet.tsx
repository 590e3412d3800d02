// Where the app renders its notifications. The region's code loads with the first notification
// instead of with the first page (the first-page budget), and stays mounted from then on so
// focus can return from it as react-aria expects.
import { lazy, Suspense, useSyncExternalStore } from "react";
import { notificationQueue } from "./notifications.ts";

const ToastRegion = lazy(() => import("./toast-region.tsx").then((module) => ({ default: module.ToastRegion })));

let everQueued = false;

function subscribe(onChange: () => void): () => void {
  return notificationQueue.subscribe(onChange);
}

function hasBeenQueued(): boolean {
  everQueued ||= notificationQueue.visibleToasts.length > 0;
  return everQueued;
}

export function NotificationOutlet() {
  const needed = useSyncExternalStore(subscribe, hasBeenQueued);
  return needed ? (
    <Suspense fallback={null}>
      <ToastRegion />
    </Suspense>
  ) : null;
}
