"use client";

import "leaflet/dist/leaflet.css";

import type { Map as LeafletMap } from "leaflet";
import { useEffect, useRef, useState } from "react";

import { ModuleCard } from "@/components/integrations/module-card";
import { SearchBox } from "@/components/integrations/search-box";
import { Button } from "@/components/ui/button";
import { useMediaConsent } from "@/lib/media-consent";
import { useIntegration } from "@/lib/queries/integrations";

type Place = { lat: number; lon: number; display_name: string };

const TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

/**
 * Places on a Leaflet map. Markers are vector circles, so they show whether or not the
 * OpenStreetMap tiles load (and tiles load only once the user allows outside media).
 */
function PlacesMap({ places }: { places: Place[] }) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<LeafletMap | null>(null);
  const { allowed, allow, restore } = useMediaConsent();
  useEffect(restore, [restore]);
  useEffect(() => {
    let cancelled = false;
    void import("leaflet").then((L) => {
      if (cancelled || !element.current) return;
      map.current?.remove();
      const view = L.map(element.current, { scrollWheelZoom: false });
      map.current = view;
      if (allowed) L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(view);
      const markers = places.map((place) =>
        L.circleMarker([place.lat, place.lon], { radius: 8, color: "#4338ca", fillOpacity: 0.8 })
          .bindPopup(place.display_name)
          .addTo(view),
      );
      if (markers.length) view.fitBounds(L.featureGroup(markers).getBounds().pad(0.5), { maxZoom: 12 });
      else view.setView([20, 0], 1);
    });
    return () => {
      cancelled = true;
      map.current?.remove();
      map.current = null;
    };
  }, [places, allowed]);
  return (
    <div>
      <div ref={element} className="h-72 w-full rounded-md bg-muted" role="region" aria-label="Map of the results" data-markers={places.length} />
      {!allowed && (
        <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          Map tiles come from openstreetmap.org.
          <Button variant="outline" className="h-8" onClick={allow}>Show map tiles</Button>
        </p>
      )}
    </div>
  );
}

export function Geocoding() {
  const [q, setQ] = useState("Paris");
  const query = useIntegration("/api/v1/integrations/geo/search", { q });
  return (
    <ModuleCard title="Find a place" query={query} minHeight="20rem" toolbar={<SearchBox label="Search places" initial={q} onSearch={setQ} />}>
      {(places) => (
        <>
          <PlacesMap places={places} />
          <ol className="mt-3 list-decimal pl-5 text-sm">
            {places.map((place) => (
              <li key={String(place.place_id)}>
                {place.display_name} <span className="text-muted-foreground">({place.lat.toFixed(3)}, {place.lon.toFixed(3)})</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </ModuleCard>
  );
}
