// Reads GET /api/v1/services/events over real HTTP as a browser's EventSource would, and keeps every
// frame it got (comments aside), parsed, in order.
import { expect } from "vitest";

export interface ReceivedFrame {
  event: string;
  data: Record<string, unknown>;
}

export interface EventStreamReader {
  frames: ReceivedFrame[];
  /** True once the server ended the stream. */
  readonly ended: boolean;
  /** Frames about one service, of one kind. */
  about(serviceId: string, event?: string): ReceivedFrame[];
  close(): void;
}

export async function openEventStream(base: string, headers: Record<string, string>): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/services/events`, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const frames: ReceivedFrame[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let ended = false;
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) frames.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return {
    frames,
    get ended() {
      return ended;
    },
    about: (serviceId, event) => frames.filter((f) => f.data.serviceId === serviceId && (event === undefined || f.event === event)),
    close: () => controller.abort(),
  };
}
