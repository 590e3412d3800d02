// A long text (a failure reason) cut to its start in a dense list, with a button that shows all
// of it in place and hides it again. Nothing is ever cut off without a way to read it.
import { useId, useState } from "react";
import "./expandable-text.css";

export interface ExpandableTextProps {
  text: string;
  /** Characters shown while collapsed; shorter texts show whole, without a button. */
  maxChars?: number;
  /** What the text is, for the button's name: "reason" gives "Show full reason". */
  what?: string;
  /** Who it belongs to, so buttons in a list have distinct names: "Show full reason for demo-classifier". */
  of?: string;
  className?: string;
}

export function shortenAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const space = cut.lastIndexOf(" ");
  return `${(space > maxChars * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function ExpandableText({ text, maxChars = 90, what = "text", of, className }: ExpandableTextProps) {
  const [expanded, setExpanded] = useState(false);
  const textId = useId();
  const long = text.length > maxChars;
  const subject = of ? ` for ${of}` : "";
  const label = expanded ? "Show less" : `Show full ${what}`;
  return (
    <span className={["expandable-text", className].filter(Boolean).join(" ")}>
      <span id={textId} className="expandable-text-body">
        {expanded || !long ? text : shortenAtWord(text, maxChars)}
      </span>
      {long ? (
        <button
          type="button"
          className="expandable-text-toggle"
          aria-expanded={expanded}
          aria-controls={textId}
          aria-label={`${label}${subject}`}
          onClick={() => setExpanded((v) => !v)}
        >
          {label}
        </button>
      ) : null}
    </span>
  );
}
