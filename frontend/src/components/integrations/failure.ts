import { AUTO_RETRY_MAX_S, IntegrationError } from "@/lib/queries/integrations";

/** How a person knows each upstream. */
const PROVIDERS: Record<string, string> = {
  nasa: "NASA",
  nasa_images: "NASA's image library",
  omdb: "OMDb",
  potter: "The Harry Potter API",
  dogs: "Dog CEO",
  official_jokes: "The Official Joke API",
  jokeapi: "JokeAPI",
  nominatim: "OpenStreetMap's place search",
};

function wait(seconds: number): string {
  if (seconds < 120) return `${Math.ceil(seconds)} s`;
  if (seconds < 7200) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.ceil(seconds / 3600)} h`;
}

/** What went wrong, in words a person can act on; `title` names the card when the upstream is unknown. */
export function failureMessage(title: string, error: Error): string {
  if (!(error instanceof IntegrationError)) return `${title} could not be loaded: ${error.message}`;
  const who = (error.upstream && PROVIDERS[error.upstream]) || title;
  const seconds = error.retryAfterS;
  if (error.offline) return `${who} is not available without internet.`; // the page says why, once
  if (error.status === 429) return `Too many requests from you just now. Try again in ${wait(seconds ?? 60)}.`;
  if (error.status === 503 && seconds !== null) {
    return seconds <= AUTO_RETRY_MAX_S
      ? `${who} can't be reached right now, retrying in ${wait(seconds)}.`
      : `${who} can't be reached right now. Try again in ${wait(seconds)}.`;
  }
  if (error.status === 504) return `${who} is taking too long to answer. Try again in a moment.`;
  if (error.status === 502) return `${who} sent an answer Atrium could not use. Try again later.`;
  if (error.status === 404) return `Nothing found: ${error.message}`;
  if (error.status === 400) return `${who} refused the request: ${error.message}`;
  return `${title} could not be loaded: ${error.message}`;
}
