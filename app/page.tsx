import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/next/session";

export default async function Index() {
  redirect((await getSessionUser()) ? "/home" : "/signin");
}
