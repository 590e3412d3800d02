// A short text that shows on hover and on keyboard focus of its target, stays while the pointer
// moves onto it, closes with Escape (WCAG 1.4.13), flips to stay inside a narrow screen, and is
// the target's accessible description while it shows.
import type { ReactNode } from "react";
import { OverlayArrow, Tooltip as RacTooltip, TooltipTrigger } from "react-aria-components/Tooltip";
import "./tooltip.css";

export interface TooltipProps {
  content: ReactNode;
  /** The target: a focusable element that takes the trigger's props (RAC Button or Link, or TooltipTarget). */
  children: ReactNode;
  placement?: "top" | "bottom" | "start" | "end";
}

export function Tooltip({ content, children, placement = "top" }: TooltipProps) {
  return (
    <TooltipTrigger delay={400} closeDelay={200}>
      {children}
      <RacTooltip className="tooltip" placement={placement} offset={8}>
        <OverlayArrow className="tooltip-arrow">
          <svg width="12" height="6" viewBox="0 0 12 6" aria-hidden="true" focusable="false">
            <path d="M0 0 6 6 12 0" />
          </svg>
        </OverlayArrow>
        {content}
      </RacTooltip>
    </TooltipTrigger>
  );
}
