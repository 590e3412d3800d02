// Typing for play functions that works the same in a real browser and in jsdom. In the browser,
// storybook/test's userEvent.type writes through React's value tracker on the element, so React
// never sees a change and RHF's onChange does not run; fireEvent sets the value with the native
// prototype setter and dispatches input/change, which React does see. The click before it focuses
// the field like a user would.
import { fireEvent, userEvent } from "storybook/test";

export async function fill(element: HTMLElement, value: string): Promise<void> {
  await userEvent.click(element);
  fireEvent.input(element, { target: { value } });
  fireEvent.change(element, { target: { value } });
}
