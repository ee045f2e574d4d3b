/**
 * The first refresh of a page load, started by an inline script in the document's head
 * while the page's scripts still download. Every page's data waits for the access token,
 * so starting the refresh before hydration takes it off the path to the first content.
 */

/** A flag (never a token) that a refresh cookie may exist; see `mayHaveSession`. */
export const SESSION_HINT = "atrium.session";
export const REFRESH_PATH = "/api/v1/auth/refresh";
const EARLY = "__atriumRefresh";

/** The inline script: the same request refreshSession would send, kept on window for it. */
export const EARLY_REFRESH_SCRIPT = `try{if(localStorage.getItem(${JSON.stringify(SESSION_HINT)})==="1")window.${EARLY}=fetch(${JSON.stringify(REFRESH_PATH)},{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json"},body:"{}"})}catch(e){}`;

type EarlyWindow = Window & { [EARLY]?: Promise<Response> };

/** The early refresh's response, once: a later refresh must send its own request. */
export function takeEarlyRefresh(): Promise<Response> | undefined {
  if (typeof window === "undefined") return undefined;
  const early = (window as EarlyWindow)[EARLY];
  delete (window as EarlyWindow)[EARLY];
  return early;
}
