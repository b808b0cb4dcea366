import { readFileSync } from "node:fs";

// The same list the API answers carry (server/http/boundary.ts), kept in one file.
const securityHeaders = JSON.parse(readFileSync(new URL("./server/http/securityHeaders.json", import.meta.url), "utf8"));

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Separate build folders let several checkouts' test runs share one machine (NEXT_DIST_DIR=.next-x).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Native, WASM or process-spawning packages stay plain Node requires, not bundled.
  serverExternalPackages: ["pino", "pg", "@prisma/adapter-pg", "@prisma/client", "mediasoup", "sm-crypto", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: securityHeaders,
      },
    ];
  },
};

export default nextConfig;
