import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Layers (docs/architecture.md): lib/ is the bottom, server/ the domain, app/ and components/ on top.
const NEXT_IMPORTS = ["next", "next/*", "next-auth", "next-auth/*"];
const NEXT_MESSAGE = "Next-specific code lives in app/_lib (or one of server/'s named Next adapters, listed in eslint.config.js).";
const LIB_UPWARD = ["@/server", "@/server/*", "@/app", "@/app/*", "@/components", "@/components/*", "**/server/*", "**/app/*", "**/components/*"];

// server/'s Next adapters: the custom server that boots Next, the next-auth configuration, and the
// session-cookie decoder the raw routes and socket.io share with next-auth.
const SERVER_NEXT_ADAPTERS = ["server/index.ts", "server/auth/nextAuth.ts", "server/auth/sessionCookie.ts"];

// Only the configuration module reads the environment; tools, tests and build configs run outside the platform.
const ENV_EXEMPT = ["server/config.ts", "scripts/**", "bench/**", "e2e/**", "test/**", "*.config.ts", "next.config.js", "playwright.config.ts", "**/*.test.ts"];

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", ".next-*/", ".vendor/", ".data/", "server/db/generated/", "playwright-report/", "test-results/", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-empty-object-type": "off",
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [importX.flatConfigs.typescript],
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })] },
    rules: {
      // Type-only imports vanish at run time and are not counted; a value cycle is an error.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: LIB_UPWARD, message: "lib/ is the bottom layer: it may not import server/, app/ or components/." },
          { group: NEXT_IMPORTS, message: NEXT_MESSAGE },
        ],
      }],
    },
  },
  {
    files: ["server/**/*.{ts,tsx}"],
    ignores: [...SERVER_NEXT_ADAPTERS, "server/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: NEXT_IMPORTS, message: NEXT_MESSAGE }, { group: ["@/app", "@/app/*", "@/components", "@/components/*"], message: "server/ may not import app/ or components/." }] }],
    },
  },
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    ignores: ENV_EXEMPT,
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read settings through getConfig() (server/config.ts); only the configuration module reads process.env." }],
    },
  },
  {
    files: ["scripts/**", "bench/**", "e2e/**"],
    rules: { "no-console": "off" },
  },
  {
    files: ["**/*.{js,mjs}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
