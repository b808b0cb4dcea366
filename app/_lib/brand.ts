/** The platform's colours outside CSS (browser chrome, the web manifest), as in app/globals.css. */
export const BRAND = {
  /** --primary: the top bar, the icons' background (public/icon.svg). */
  themeColor: "#0b6e74",
  /** --bg: the page background, shown while an installed app starts. */
  backgroundColor: "#f4f6f8",
} as const;
