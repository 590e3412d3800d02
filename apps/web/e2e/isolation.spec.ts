import { expect, test } from "@playwright/test";
import { createService, deleteService, uniqueName, versionId } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { serviceRow } from "./support/list.ts";
import { ALICE, BOB } from "./support/users.ts";

test("bob cannot see alice's service, neither in his list nor by its address", async ({ browser }) => {
  // Two users, two separate browser contexts (separate cookies).
  const aliceContext = await browser.newContext();
  const bobContext = await browser.newContext();
  try {
    const alice = await aliceContext.newPage();
    await loginThroughApi(alice, ALICE);
    const service = await createService(alice.request, {
      name: uniqueName("alice-private"),
      resourcePool: { type: "public" },
      configurations: [
        { versionId: await versionId(alice.request, "text-classifier", "1.0.0"), trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1 },
      ],
    });
    await alice.goto("/services");
    await expect(serviceRow(alice, service.name)).toBeVisible();

    const bob = await bobContext.newPage();
    await loginThroughApi(bob, BOB);
    await bob.goto("/services");
    await expect(bob.getByText("Signed in as Bob Operator")).toBeVisible();
    await expect(bob.getByText(/^\d+ \/ 20 services$/)).toBeVisible();
    await expect(serviceRow(bob, service.name)).toHaveCount(0);
    await expect(serviceRow(bob, "demo-classifier")).toHaveCount(0);
    // Searching for it does not find it either.
    await bob.getByRole("searchbox", { name: "Search by name" }).fill(service.name);
    await expect(bob).toHaveURL(/[?&]q=/);
    await expect(bob.getByText("No services match your search.")).toBeVisible();

    await bob.goto(`/services/${service.id}`);
    await expect(bob.getByRole("heading", { level: 1, name: "Service not found or not yours" })).toBeVisible();
    await expect(bob.getByText(service.name)).toHaveCount(0);

    // Nor through the API or the gateway.
    expect((await bob.request.get(`/api/v1/services/${service.id}`)).status()).toBe(404);
    const call = await bob.request.post(`/v1/infers/${service.id}`, { data: { text: "hello" } });
    expect([403, 404]).toContain(call.status());
    await deleteService(alice.request, service.id);
  } finally {
    await aliceContext.close();
    await bobContext.close();
  }
});
