// Environment variables of a version configuration: names only. The API masks every value (R8):
// values are encrypted at rest and only the service's instances see them.
export function EnvVarList({ envVars, label }: { envVars: ReadonlyArray<{ key: string; value: string }>; label: string }) {
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
                <code aria-label={`${envVar.key} value hidden`}>{envVar.value}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="sd-muted">Write-only: values are encrypted and only your instances can read them.</p>
    </div>
  );
}
