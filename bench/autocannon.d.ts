// autocannon ships no types; model-server.bench.ts narrows the default export to the part it calls.
declare module 'autocannon' {
  const autocannon: unknown;
  export default autocannon;
}
