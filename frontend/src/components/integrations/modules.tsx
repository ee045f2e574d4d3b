"use client";

import { useState } from "react";

import { ExternalMedia, MediaConsentButton } from "@/components/integrations/external-media";
import { ModuleCard } from "@/components/integrations/module-card";
import { SearchBox } from "@/components/integrations/search-box";
import { Button } from "@/components/ui/button";
import { useIntegration } from "@/lib/queries/integrations";

const HOUSES = ["gryffindor", "hufflepuff", "ravenclaw", "slytherin"] as const;

function Picture({ url, alt, className = "aspect-square" }: { url: string; alt: string; className?: string }) {
  return (
    <div className={`${className} w-full overflow-hidden rounded-md bg-muted`}>
      <ExternalMedia url={url} label="This picture" compact>
        {/* eslint-disable-next-line @next/next/no-img-element -- hosted by the public API */}
        <img src={url} alt={alt} loading="lazy" className="h-full w-full object-cover" />
      </ExternalMedia>
    </div>
  );
}

export function Joke() {
  const query = useIntegration("/api/v1/integrations/jokes/random");
  return (
    <ModuleCard title="A joke" query={query} minHeight="6rem">
      {(jokes) => (
        <div className="flex flex-col items-start gap-3">
          {jokes.map((joke) => (
            <p key={`${joke.source}-${joke.id}`}>
              {joke.setup && <span className="block">{joke.setup}</span>}
              <strong>{joke.punchline}</strong>
            </p>
          ))}
          <Button variant="outline" onClick={() => void query.refetch()}>Another one</Button>
        </div>
      )}
    </ModuleCard>
  );
}

export function NasaImages() {
  const [q, setQ] = useState("nebula");
  const query = useIntegration("/api/v1/integrations/nasa/images/search", { q });
  return (
    <ModuleCard title="NASA image library" query={query} minHeight="14rem" toolbar={<SearchBox label="Search NASA images" initial={q} onSearch={setQ} />}>
      {(search) => (
        <>
          <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm text-muted-foreground">
            {search.total_hits} results
            <MediaConsentButton />
          </div>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
            {search.items.slice(0, 6).map((media) => (
              <li key={media.nasa_id}>
                {media.preview_url && <Picture url={media.preview_url} alt={media.title} />}
                <p className="mt-1 line-clamp-2 text-xs">{media.title}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </ModuleCard>
  );
}

function MovieDetails({ imdbId }: { imdbId: string }) {
  const query = useIntegration("/api/v1/integrations/movies/title", { imdb_id: imdbId });
  return (
    <ModuleCard title="Details" query={query} minHeight="6rem" className="mt-4 border-dashed shadow-none">
      {(movie) => (
        <div className="text-sm">
          <p className="font-semibold">{movie.title} ({movie.year})</p>
          <p className="text-muted-foreground">{[movie.rated, movie.runtime_minutes && `${movie.runtime_minutes} min`, movie.genres.join(", ")].filter(Boolean).join(" · ")}</p>
          {movie.plot && <p className="mt-2">{movie.plot}</p>}
          {movie.directors.length > 0 && <p className="mt-2">Directed by {movie.directors.join(", ")}</p>}
          {movie.imdb_rating && <p>IMDb {movie.imdb_rating}/10</p>}
        </div>
      )}
    </ModuleCard>
  );
}

export function Movies() {
  const [q, setQ] = useState("star");
  const [picked, setPicked] = useState<string | null>(null);
  const query = useIntegration("/api/v1/integrations/movies/search", { q });
  return (
    <ModuleCard
      title="Movies"
      query={query}
      minHeight="10rem"
      toolbar={<SearchBox label="Search movies" initial={q} onSearch={(text) => { setQ(text); setPicked(null); }} />}
    >
      {(search) => (
        <>
          <ul className="divide-y divide-border text-sm">
            {search.results.slice(0, 6).map((hit) => (
              <li key={hit.imdb_id} className="flex items-center justify-between gap-2 py-2">
                <span>{hit.title} <span className="text-muted-foreground">({hit.year})</span></span>
                <Button variant="ghost" className="h-8" aria-pressed={picked === hit.imdb_id} onClick={() => setPicked(hit.imdb_id)}>
                  Details<span className="sr-only"> of {hit.title}</span>
                </Button>
              </li>
            ))}
          </ul>
          {picked && <MovieDetails imdbId={picked} />}
        </>
      )}
    </ModuleCard>
  );
}

export function Potter() {
  const [house, setHouse] = useState<(typeof HOUSES)[number]>("gryffindor");
  const query = useIntegration("/api/v1/integrations/potter/characters", { house });
  return (
    <ModuleCard
      title="Hogwarts houses"
      query={query}
      minHeight="10rem"
      toolbar={
        <div role="group" aria-label="House" className="mb-3 flex flex-wrap gap-2">
          {HOUSES.map((name) => (
            <Button key={name} variant={name === house ? "primary" : "outline"} aria-pressed={name === house} className="h-8 capitalize" onClick={() => setHouse(name)}>
              {name}
            </Button>
          ))}
        </div>
      }
    >
      {(characters) => (
        <>
          <ul className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-2">
            {characters.slice(0, 12).map((character) => (
              <li key={character.id}>
                {character.name}
                {character.actor && <span className="text-muted-foreground"> · {character.actor}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </ModuleCard>
  );
}

export function Dogs() {
  const query = useIntegration("/api/v1/integrations/dogs/random", { count: 6 });
  return (
    <ModuleCard title="Dog breeds" query={query} minHeight="10rem">
      {(dogs) => (
        <>
        <div className="mb-3"><MediaConsentButton /></div>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          {dogs.map((dog) => (
            <li key={dog.url}>
              <Picture url={dog.url} alt={dog.breed ? `A ${dog.sub_breed ?? ""} ${dog.breed}`.replace("  ", " ") : "A dog"} />
              <p className="mt-1 text-xs capitalize">{[dog.sub_breed, dog.breed].filter(Boolean).join(" ") || "Unknown breed"}</p>
            </li>
          ))}
        </ul>
        </>
      )}
    </ModuleCard>
  );
}
