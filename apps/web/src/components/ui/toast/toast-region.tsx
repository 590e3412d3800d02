// Where notifications appear: a landmark region ("Notifications", reachable with F6 and by Tab
// once a notification shows), each notification announced politely (role=status, so it does not
// interrupt what a screen reader is saying), with a Dismiss button. Hovering or focusing the
// region pauses the timers, so nothing disappears while it is being read.
import {
  Button,
  Text,
  UNSTABLE_Toast as Toast,
  UNSTABLE_ToastContent as ToastContent,
  UNSTABLE_ToastRegion as RacToastRegion,
} from "react-aria-components/Toast";
import { StatusIcon } from "../status-badge/status-icon.tsx";
import { notificationQueue, type NotificationTone } from "./notifications.ts";
import "./toast.css";

const ICON_TONE = { success: "good", error: "bad", info: "info" } as const satisfies Record<NotificationTone, string>;

export function ToastRegion() {
  return (
    <RacToastRegion queue={notificationQueue} className="toast-region" aria-label="Notifications">
      {({ toast }) => (
        <Toast toast={toast} className={`toast toast-${toast.content.tone}`}>
          <StatusIcon tone={ICON_TONE[toast.content.tone]} />
          <ToastContent className="toast-content" role="status" aria-live="polite">
            <Text slot="title" className="toast-message">
              {toast.content.message}
            </Text>
            {toast.content.detail ? (
              <Text slot="description" className="toast-detail">
                {toast.content.detail}
              </Text>
            ) : null}
          </ToastContent>
          <Button slot="close" className="toast-close" aria-label="Dismiss notification">
            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
              <path fill="currentColor" d="M4.3 3.2 8 6.9l3.7-3.7 1.1 1.1L9.1 8l3.7 3.7-1.1 1.1L8 9.1l-3.7 3.7-1.1-1.1L6.9 8 3.2 4.3z" />
            </svg>
          </Button>
        </Toast>
      )}
    </RacToastRegion>
  );
}
