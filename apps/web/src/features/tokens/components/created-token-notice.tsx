// The new token, shown once, with a copy button and a warning that it will not be shown again.
import type { CreatedToken } from "@rts/contracts";
import { Button } from "../../../components/ui/button/button.tsx";
import { CopyButton } from "../../../components/ui/copy-button/copy-button.tsx";
import { FormAlert } from "../../../components/ui/form-alert/form-alert.tsx";

export function CreatedTokenNotice({ token, onDismiss }: { token: CreatedToken; onDismiss: () => void }) {
  return (
    <section className="panel" aria-labelledby="created-token-title">
      <h2 id="created-token-title">Token “{token.name}” created</h2>
      <FormAlert tone="warning">
        Copy this token now. It is shown only once and cannot be retrieved later; if you lose it, revoke it and create a new one.
        Treat it like a password.
      </FormAlert>
      <div className="secret-box" style={{ marginTop: "0.75rem" }}>
        <code aria-label="API token">{token.token}</code>
        <CopyButton text={token.token} what="token" />
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
