import type { components } from "@/lib/api/core";

type Video = components["schemas"]["VideoView"];

/** The item's video from Atrium's storage, with its captions track and its transcript. */
export function VideoPlayer({ title, video }: { title: string; video: Video }) {
  return (
    <figure className="mt-6 flex flex-col gap-3">
      <video controls preload="metadata" className="aspect-video w-full rounded-md bg-black" aria-label={title}>
        <source src={video.media_url} type={video.media_type} />
        {video.captions_url && <track kind="captions" src={video.captions_url} srcLang="en" label="English" default />}
      </video>
      {video.transcript && (
        <figcaption>
          <h2 className="text-sm font-medium">Transcript</h2>
          <p className="mt-1 text-sm text-muted-foreground">{video.transcript}</p>
        </figcaption>
      )}
    </figure>
  );
}
