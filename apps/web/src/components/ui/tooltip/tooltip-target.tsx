// Makes a piece of text (a time, a truncated name) a keyboard stop that opens its Tooltip on
// focus. It takes the tooltip trigger's props through react-aria's focusable context, so the text
// keeps its own element (<time>, <span>) and role instead of posing as a button.
import { useRef, type HTMLAttributes, type Ref, type TimeHTMLAttributes } from "react";
import { mergeProps } from "react-aria/mergeProps";
import { useFocusable } from "react-aria/useFocusable";

type TargetProps =
  | ({ as: "time" } & TimeHTMLAttributes<HTMLTimeElement>)
  | ({ as?: "span" } & HTMLAttributes<HTMLSpanElement>);

export function TooltipTarget({ as = "span", className, ...rest }: TargetProps) {
  const ref = useRef<HTMLElement>(null);
  const { focusableProps } = useFocusable({}, ref);
  const props = mergeProps(rest, focusableProps, { className: ["tooltip-target", className].filter(Boolean).join(" ") });
  return as === "time" ? <time {...props} ref={ref as Ref<HTMLTimeElement>} /> : <span {...props} ref={ref as Ref<HTMLSpanElement>} />;
}
