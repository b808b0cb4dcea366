// Tests log warnings and errors only, as the server does under NODE_ENV=test (server/config.ts).
import { setLogLevel } from "@/lib/log";

setLogLevel("warn");
