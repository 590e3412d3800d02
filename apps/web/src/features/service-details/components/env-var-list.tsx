import { useState } from "react";

const MASK = "••••••••";

/** Environment variables with values hidden until asked for (they may hold secrets, R8). */
export function EnvVarList({ envVars, label }: { envVars: ReadonlyArray<{ key: string; value: string }>; label: string }) {
  const [revealed, setRevealed] = useState(false);
  if (envVars.length === 0) return <p className="sd-muted">No environment variables.</p>;
  return (
    <div>
      <table className="sd-table">
        <caption className="sd-visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {envVars.map((envVar) => (
            <tr key={envVar.key}>
              <td>
                <code>{envVar.key}</code>
              </td>
              <td>
                <code aria-label={revealed ? undefined : `${envVar.key} value hidden`}>{revealed ? envVar.value : MASK}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn btn-ghost btn-sm" aria-pressed={revealed} onClick={() => setRevealed((value) => !value)}>
        {revealed ? "Hide values" : "Reveal values"}
      </button>
    </div>
  );
}
