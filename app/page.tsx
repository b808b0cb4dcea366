import { redirect } from "next/navigation";
import { getSessionUser } from "@/app/_lib/session";

export default async function Index() {
  redirect((await getSessionUser()) ? "/home" : "/signin");
}
