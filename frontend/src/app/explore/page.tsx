import type { Metadata } from "next";

import { Geocoding } from "@/components/integrations/geo-map";
import { Dogs, Joke, Movies, NasaImages, Potter } from "@/components/integrations/modules";
import { OfflineNotice } from "@/components/integrations/offline-notice";
import { RequireAuth } from "@/components/require-auth";

export const metadata: Metadata = { title: "Explore" };

export default function ExplorePage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Explore</h1>
      <RequireAuth>
        <OfflineNotice />
        <div className="grid gap-6 lg:grid-cols-2">
          <Joke />
          <Geocoding />
          <NasaImages />
          <Movies />
          <Potter />
          <Dogs />
        </div>
      </RequireAuth>
    </>
  );
}
