// What the traffic panel's play functions share: typing that React sees in the browser and in
// jsdom, and the console's one axe check (testing/axe.ts).
import { expect, fireEvent, userEvent } from "storybook/test";

export { expectNoAxeViolations } from "../../../testing/axe.ts";

export async function fill(element: HTMLElement, value: string): Promise<void> {
  await userEvent.click(element);
  fireEvent.input(element, { target: { value } });
  fireEvent.change(element, { target: { value } });
}

/** At 390 px nothing may stick out sideways: wide tables scroll inside their own box. */
export async function expectFitsWidth(element: HTMLElement, width: number): Promise<void> {
  await expect(element.scrollWidth).toBeLessThanOrEqual(width);
}
