/** The platform in the benchmark's own process, on the benchmark's database (as a test's useTestDatabase does). */
export async function benchPlatform(databaseUrl: string, poolSize: number, authSecret = "bench-auth-secret-0123456789-abcdefghijkl") {
  const { buildPlatform } = await import("../server/compose");
  const { getConfig } = await import("../server/config");
  const { legacySigningKeyProtection } = await import("../server/keys/secrets");
  const secrets = {
    authSecret,
    joinTokenSecret: "bench-join-token-secret-0123456789-abcdefgh",
    signingKeyProtection: { current: Buffer.from("bench-signing-key".padEnd(16, "-").slice(0, 16), "utf8"), legacy: [legacySigningKeyProtection(authSecret)] },
  };
  return buildPlatform({ config: getConfig(), secrets, databaseUrl, embedded: false, poolSize });
}
