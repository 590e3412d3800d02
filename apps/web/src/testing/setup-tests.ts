import "@testing-library/jest-dom/vitest";
import { afterEach } from "vitest";
import { notificationQueue } from "../components/ui/toast/notifications.ts";

// Notifications live in one queue outside React: each test starts without the last one's.
afterEach(() => notificationQueue.clear());
