// The new token, shown once, with a copy button and a warning that it will not be shown again.
import type { CreatedToken } from "@rts/contracts";
import { useState } from "react";
import { Button } from "../../../components/ui/button/button.tsx";
import { FormAlert } from "../../../components/ui/form-alert/form-alert.tsx";

export function CreatedTokenNotice({ token, onDismiss }: { token: CreatedToken; onDismiss: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <section className="panel" aria-labelledby="created-token-title">
      <h2 id="created-token-title">Token “{token.name}” created</h2>
      <FormAlert tone="warning">
        Copy this token now. It is shown only once and cannot be retrieved later; if you lose it, revoke it and create a new one.
        Treat it like a password.
      </FormAlert>
      <div className="secret-box" style={{ marginTop: "0.75rem" }}>
        <code aria-label="API token">{token.token}</code>
        <Button size="sm" onClick={() => void copy()}>
          Copy token
        </Button>
        <span role="status">{copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? "Copy failed: select the token and copy it yourself." : ""}</span>
      </div>
      <p className="muted">
        Call a service with <code>Authorization: Bearer {token.prefix}…</code>
      </p>
      <Button size="sm" onClick={onDismiss}>
        I have stored the token
      </Button>
    </section>
  );
}
