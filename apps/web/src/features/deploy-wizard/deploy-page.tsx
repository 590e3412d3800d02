export function Component() {
  return <h1>Deploy</h1>;
}
