import { redirect } from "next/navigation";
import { getSessionUser, publicPage } from "@/app/_lib/session";

export default async function Index() {
  publicPage("the landing address only redirects: to the portal when signed in, else to sign-in");
  redirect((await getSessionUser()) ? "/home" : "/signin");
}
