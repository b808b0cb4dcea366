/** socket.io events of the main namespace shared by the server and the browser: plain constants, no server imports. */

/** Sent to a socket whose session has ended (signed out, idle, disabled), just before the server closes it. */
export const SESSION_ENDED_EVENT = "session:expired";
