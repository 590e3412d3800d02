// Buttons and button-styled links. A disabled button can carry the reason it is disabled: it is
// shown as a tooltip (title) and read to screen readers through aria-describedby, so the state is
// never conveyed by grey colour alone.
import { useId, type ButtonHTMLAttributes, type ReactNode, type Ref } from "react";
import { Link, type LinkProps } from "react-router";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";
export type ButtonSize = "md" | "sm";

function classes(variant: ButtonVariant, size: ButtonSize, extra?: string) {
  return ["btn", `btn-${variant}`, size === "sm" ? "btn-sm" : "", extra ?? ""].filter(Boolean).join(" ");
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Why the button is disabled; setting it disables the button. */
  disabledReason?: string | null;
  busy?: boolean;
  ref?: Ref<HTMLButtonElement>;
  children: ReactNode;
}

export function Button({
  variant = "secondary",
  size = "md",
  disabledReason,
  busy = false,
  disabled,
  className,
  type = "button",
  title,
  children,
  ...rest
}: ButtonProps) {
  const reasonId = useId();
  const isDisabled = Boolean(disabled || disabledReason || busy);
  const describedBy = [rest["aria-describedby"], disabledReason ? reasonId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <>
      <button
        {...rest}
        type={type}
        className={classes(variant, size, className)}
        disabled={isDisabled}
        aria-busy={busy || undefined}
        title={disabledReason ?? title}
        aria-describedby={describedBy}
      >
        {children}
      </button>
      {disabledReason ? (
        <span id={reasonId} className="sr-only">
          {disabledReason}
        </span>
      ) : null}
    </>
  );
}

export interface ButtonLinkProps extends LinkProps {
  variant?: ButtonVariant;
  size?: ButtonSize;
}

export function ButtonLink({ variant = "secondary", size = "md", className, ...rest }: ButtonLinkProps) {
  return <Link {...rest} className={classes(variant, size, className)} />;
}
