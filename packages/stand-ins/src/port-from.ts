/** A port from the environment of a stand-alone stand-in, or its default. */
export const portFrom = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`${name} must be a port number, got "${raw ?? ''}"`);
  return port;
};
