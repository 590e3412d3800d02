// Sign-in for the console. Field errors come from the API's 422 problem (errors[].path), a wrong
// password from its 401 problem; both shown as text next to what they are about.
import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { Button } from "../../components/ui/button/button.tsx";
import { FormAlert } from "../../components/ui/form-alert/form-alert.tsx";
import { documentTitle } from "../../components/ui/page-header/document-title.ts";
import { TextField } from "../../components/ui/text-field/text-field.tsx";
import { ApiProblem } from "../../lib/api-client.ts";
import { useMe, useLogin } from "../../api/auth/auth.ts";

function safeRedirect(target: string | null): string {
  // Only same-app paths, never another origin.
  return target && target.startsWith("/") && !target.startsWith("//") ? target : "/services";
}

export function Component() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const loginMutation = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const redirectTo = safeRedirect(searchParams.get("redirect"));

  const error = loginMutation.error;
  const fieldErrors = error instanceof ApiProblem ? error.fieldErrors() : {};
  const formError =
    error instanceof ApiProblem
      ? error.status === 422
        ? (fieldErrors[""] ?? (Object.keys(fieldErrors).length === 0 ? error.problem.detail : null))
        : error.problem.detail || error.problem.title
      : error
        ? "Could not reach the server. Check your connection and try again."
        : null;

  if (me.data && !loginMutation.isPending) return <Navigate to={redirectTo} replace />;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    loginMutation.mutate({ username, password }, { onSuccess: () => navigate(redirectTo, { replace: true }) });
  }

  return (
    <main className="login-page">
      <title>{documentTitle("Sign in")}</title>
      <form className="login-card" onSubmit={onSubmit} noValidate aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Real-Time Services</h1>
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          error={fieldErrors.username}
          autoFocus
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldErrors.password}
        />
        <Button type="submit" variant="primary" busy={loginMutation.isPending}>
          {loginMutation.isPending ? "Signing in…" : "Sign in"}
        </Button>
        <p className="demo-users">
          Demo users: <code>alice</code> / <code>alice-demo-pass</code> and <code>bob</code> / <code>bob-demo-pass</code>.
        </p>
      </form>
    </main>
  );
}
