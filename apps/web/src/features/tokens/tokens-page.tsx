// API Tokens: create (the secret is shown once), list, and revoke with confirmation.
import { TOKEN_EXPIRY_MAX_DAYS, type CreatedToken, type Token } from "@rts/contracts";
import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button/button.tsx";
import { ConfirmDialog } from "../../components/ui/confirm-dialog/confirm-dialog.tsx";
import { EmptyState } from "../../components/ui/empty-state/empty-state.tsx";
import { describeError, ErrorState } from "../../components/ui/error-state/error-state.tsx";
import { FormAlert } from "../../components/ui/form-alert/form-alert.tsx";
import { LoadingState } from "../../components/ui/loading-state/loading-state.tsx";
import { PageHeader } from "../../components/ui/page-header/page-header.tsx";
import { RelativeTime } from "../../components/ui/relative-time/relative-time.tsx";
import { StatusBadge } from "../../components/ui/status-badge/status-badge.tsx";
import { TextField } from "../../components/ui/text-field/text-field.tsx";
import { notify } from "../../components/ui/toast/notifications.ts";
import { ApiProblem } from "../../lib/api-client.ts";
import { useCreateToken, useTokens, useRevokeToken } from "../../api/tokens/tokens.ts";
import { CreatedTokenNotice } from "./components/created-token-notice.tsx";

function TokenStatus({ token }: { token: Token }) {
  if (token.revokedAt) {
    return (
      <>
        <StatusBadge tone="idle">Revoked</StatusBadge> <RelativeTime value={token.revokedAt} />
      </>
    );
  }
  if (token.expiresAt && new Date(token.expiresAt).getTime() < Date.now()) {
    return (
      <>
        <StatusBadge tone="warn">Expired</StatusBadge> <RelativeTime value={token.expiresAt} />
      </>
    );
  }
  return <StatusBadge tone="good">Active</StatusBadge>;
}

export function Component() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState("");
  const [expiresInDays, setExpiresInDays] = useState("");
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [toRevoke, setToRevoke] = useState<Token | null>(null);

  const fieldErrors = create.error instanceof ApiProblem ? create.error.fieldErrors() : {};
  const formError = create.error
    ? create.error instanceof ApiProblem && create.error.status === 422
      ? (fieldErrors[""] ?? null)
      : describeError(create.error).detail
    : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    create.mutate(
      { name: name.trim(), ...(expiresInDays ? { expiresInDays: Number(expiresInDays) } : {}) },
      {
        onSuccess: (token) => {
          setCreated(token);
          notify("Token created", token.name, { detail: "Copy it now: it is shown only once." });
          setName("");
          setExpiresInDays("");
          // The secret lives in component state only; forget it in the mutation cache.
          create.reset();
        },
      },
    );
  }

  return (
    <>
      <PageHeader title="API Tokens" description="Programs call your real-time services with an API token in the Authorization header." />
      {created ? <CreatedTokenNotice token={created} onDismiss={() => setCreated(null)} /> : null}
      <form className="panel" onSubmit={onSubmit} noValidate aria-labelledby="create-token-title">
        <h2 id="create-token-title">Create a token</h2>
        <div className="form-row">
          <TextField label="Name" name="name" value={name} maxLength={64} onChange={(e) => setName(e.target.value)} error={fieldErrors.name} hint="What the token is for, e.g. batch-scoring." />
          <TextField
            label="Expires in (days)"
            name="expiresInDays"
            type="number"
            min={1}
            max={TOKEN_EXPIRY_MAX_DAYS}
            value={expiresInDays}
            onChange={(e) => setExpiresInDays(e.target.value)}
            error={fieldErrors.expiresInDays}
            hint={`1-${TOKEN_EXPIRY_MAX_DAYS}; leave empty for no expiry.`}
          />
        </div>
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        <div className="form-actions" style={{ marginTop: "1rem" }}>
          <Button type="submit" variant="primary" busy={create.isPending}>
            {create.isPending ? "Creating…" : "Create token"}
          </Button>
        </div>
      </form>
      <section aria-labelledby="tokens-title">
        <h2 id="tokens-title">Your tokens</h2>
        {tokens.isPending ? (
          <LoadingState label="Loading tokens…" minHeight="8rem" />
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} title="The tokens could not be loaded." />
        ) : tokens.data.items.length === 0 ? (
          <EmptyState title="You have no API tokens yet. Create one to call your services." />
        ) : (
          <div className="table-wrap">
            <table className="data-table table-cards">
              <caption className="sr-only">Your tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Token starts with</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((token) => (
                  <tr key={token.id}>
                    <th scope="row">{token.name}</th>
                    <td data-label="Token starts with">
                      <code>{token.prefix}…</code>
                    </td>
                    <td data-label="Status">
                      <TokenStatus token={token} />
                    </td>
                    <td data-label="Created">
                      <RelativeTime value={token.createdAt} />
                    </td>
                    <td data-label="Expires">
                      <RelativeTime value={token.expiresAt} fallback="Never" />
                    </td>
                    <td data-label="Last used">
                      <RelativeTime value={token.lastUsedAt} fallback="Never" />
                    </td>
                    <td className="cell-wide">
                      <Button
                        size="sm"
                        variant="danger"
                        aria-label={`Revoke ${token.name}`}
                        disabledReason={token.revokedAt ? "This token is already revoked." : null}
                        onClick={() => {
                          revoke.reset();
                          setToRevoke(token);
                        }}
                      >
                        Revoke
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ConfirmDialog
        open={toRevoke !== null}
        title={`Revoke token ${toRevoke?.name ?? ""}?`}
        confirmLabel="Revoke"
        busy={revoke.isPending}
        error={revoke.isError ? describeError(revoke.error).detail : null}
        onClose={() => setToRevoke(null)}
        onConfirm={() =>
          toRevoke &&
          revoke.mutate(toRevoke.id, {
            onSuccess: (revoked) => {
              setToRevoke(null);
              notify("Token revoked", revoked.name);
            },
          })
        }
      >
        <p>Programs using this token can no longer call your services. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
