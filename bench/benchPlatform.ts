/** The platform in the benchmark's own process, on the benchmark's database (as a test's useTestDatabase does). */
export async function benchPlatform(databaseUrl: string, poolSize: number, authSecret = "bench-auth-secret-0123456789-abcdefghijkl") {
  const { buildPlatform } = await import("../server/compose");
  const { getConfig } = await import("../server/config");
  return buildPlatform({ config: getConfig(), authSecret, databaseUrl, embedded: false, poolSize });
}
