// The live feed against a real PostgreSQL: what a burst of notifications costs, and which frames a
// change produces. No worker runs: the tests write rows themselves and call the feed as LISTEN would.
import { pino, type Logger } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_SERVICE_EVENT } from "@rts/contracts";
import { selectLiveService } from "../modules/services/service-sql.ts";
import { deployRunning, textClassifier } from "../testing/running-service.ts";
import { createTestApp, demoCatalogue, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { waitFor } from "../testing/wait-for.ts";
import { LIVE_EVENT_READ_LIMIT, LiveServiceFeed, type LiveFrame } from "./live-service-feed.ts";

let t: TestApp;
let alice: string;
let catalogue: DemoCatalogue;
const log = pino({ level: "silent" }) as Logger;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
});
afterAll(async () => {
  await t.close();
});

function feedFor(ownerId: string) {
  const sent: LiveFrame[][] = [];
  let reads = 0;
  const feed = new LiveServiceFeed({
    // Counted once answered: the frames are sent in the same turn, before a test looks again.
    read: async (owner, serviceId) => {
      const row = await selectLiveService(t.db.prisma, owner, serviceId, LIVE_EVENT_READ_LIMIT);
      reads++;
      return row;
    },
    watching: (owner) => owner === ownerId,
    send: (_owner, frames) => sent.push(frames),
    log,
    windowMs: 50,
  });
  return { feed, sent, reads: () => reads };
}

const eventsOf = (frames: LiveFrame[]) => frames.map((f) => f.event);

describe("live service feed", () => {
  it("R14 turns a burst of notifications about one service into one read and one set of frames", async () => {
    const id = await deployRunning(t, alice, catalogue, [textClassifier(catalogue, "1.0.0", 100)], [{ version: "1.0.0", port: 1 }]);
    const { feed, sent, reads } = feedFor(catalogue.userId);
    try {
      for (let i = 0; i < 100; i++) feed.changed({ serviceId: id, ownerId: catalogue.userId });
      await waitFor("the first frames", async () => sent.length > 0);
      expect(reads()).toBe(1);
      expect(eventsOf(sent[0]!)).toEqual([LIVE_SERVICE_EVENT.state, LIVE_SERVICE_EVENT.instances, LIVE_SERVICE_EVENT.events]);
      expect(sent[0]![0]!.data).toMatchObject({ serviceId: id, state: "Running", desiredState: "Running", revision: 1, deadline: null });

      // Nothing changed since: a notification costs a read and sends nothing.
      feed.changed({ serviceId: id, ownerId: catalogue.userId });
      await waitFor("the second read", async () => reads() === 2);
      expect(sent).toHaveLength(1);

      // An instance restarting is an instances frame only, with the new count.
      await t.db.prisma.instance.updateMany({ where: { serviceId: id }, data: { state: "Starting", restarts: { increment: 1 } } });
      feed.changed({ serviceId: id, ownerId: catalogue.userId });
      await waitFor("the instances frame", async () => sent.length === 2);
      expect(eventsOf(sent[1]!)).toEqual([LIVE_SERVICE_EVENT.instances]);
      expect(sent[1]![0]!.data).toMatchObject({ serviceId: id, instances: [{ state: "Starting", restarts: 1 }] });

      // A transition is the state and the new event, not the events sent before.
      await t.db.prisma.$transaction([
        t.db.prisma.service.update({ where: { id }, data: { state: "Abnormal", stateReason: "None of the 1 instances is healthy." } }),
        t.db.prisma.serviceEvent.create({ data: { serviceId: id, type: "Abnormal", fromState: "Running", toState: "Abnormal", reason: "down" } }),
      ]);
      feed.changed({ serviceId: id, ownerId: catalogue.userId });
      await waitFor("the transition frames", async () => sent.length === 3);
      expect(eventsOf(sent[2]!)).toEqual([LIVE_SERVICE_EVENT.state, LIVE_SERVICE_EVENT.events]);
      expect(sent[2]![1]!.data).toMatchObject({ serviceId: id, events: [{ toState: "Abnormal", reason: "down" }] });
    } finally {
      feed.close();
    }
  });

  it("R14 says a deleted service is gone without reading it, and reads nothing for an owner with no stream open", async () => {
    const id = await deployRunning(t, alice, catalogue, [textClassifier(catalogue, "1.0.0", 100)], [{ version: "1.0.0", port: 1 }]);
    const { feed, sent, reads } = feedFor(catalogue.userId);
    try {
      feed.changed({ serviceId: id, ownerId: "00000000-0000-4000-8000-000000000000" });
      feed.changed({ serviceId: id, ownerId: catalogue.userId, state: "Deleted", stateReason: "Deleted by the operator." });
      await waitFor("the deleted frame", async () => sent.length > 0);
      expect(sent).toEqual([[{ event: LIVE_SERVICE_EVENT.state, data: { serviceId: id, state: "Deleted", stateReason: "Deleted by the operator." } }]]);
      expect(reads()).toBe(0);
    } finally {
      feed.close();
    }
  });
});
