import path from "node:path";
import { defineConfig } from "vitest/config";

const exclude = ["node_modules/**", "e2e/**", ".next/**", ".vendor/**", ".data/**"];

/**
 * The raw-SQL stores, the job queue and the import runner, and the workflow on top of them: these
 * run a second time on the embedded database (PGlite), the default a newcomer's `npm start` gets.
 */
const onBothDatabases = [
  "server/scheduling/booking.integration.test.ts",
  "server/scheduling/bookingRules.integration.test.ts",
  "server/http/bookingRoute.integration.test.ts",
  "server/healthcard/verify.integration.test.ts",
  "server/healthcard/issuedCodes.integration.test.ts",
  "server/healthcard/import/import.integration.test.ts",
  "server/jobs/reminders.integration.test.ts",
  "server/consultation/workflow.integration.test.ts",
  "server/db/embedded.integration.test.ts",
  "server/access/holes.integration.test.ts",
  "server/auth/sessions.integration.test.ts",
  "server/realtime/socketServer.integration.test.ts",
  "server/video/guests.integration.test.ts",
  "server/admin/admin.integration.test.ts",
  "server/auth/signIn.integration.test.ts",
  "server/limits.integration.test.ts",
  "server/http/crossSite.integration.test.ts",
  "server/keys/reencrypt.integration.test.ts",
  "server/keys/independence.integration.test.ts",
  "server/audit/chain.integration.test.ts",
  "server/healthcard/accessLog.integration.test.ts",
  "server/record/read.integration.test.ts",
  "server/record/consent.integration.test.ts",
  "server/record/devicesIngest.integration.test.ts",
  "server/record/alerts.integration.test.ts",
  "server/record/ingest.integration.test.ts",
  "server/record/fhir/roundTrip.integration.test.ts",
  "server/record/emergency.integration.test.ts",
  "server/record/family.integration.test.ts",
  "server/teaching/schedule.integration.test.ts",
  "server/teaching/registrations.integration.test.ts",
  "server/teaching/attendance.integration.test.ts",
  // The partial unique indexes on template names are hand-written SQL in the migration.
  "server/consultation/opinionTemplates.integration.test.ts",
];

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    globalSetup: ["test/globalSetup.ts"],
    setupFiles: ["test/quietLogs.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "postgres", include: ["**/*.test.ts"], exclude: [...exclude, "server/db/embedded.integration.test.ts"], env: { NODE_ENV: "test" } },
      },
      {
        extends: true,
        test: { name: "embedded", include: onBothDatabases, exclude, env: { NODE_ENV: "test", TEST_DATABASE: "embedded" } },
      },
    ],
  },
});
