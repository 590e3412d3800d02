// A form-level message (errors with path "" or problems that name no field), announced on change.
import type { ReactNode } from "react";

export function FormAlert({ tone = "error", children }: { tone?: "error" | "success" | "warning"; children: ReactNode }) {
  return (
    <div className={`form-alert form-alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
