import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";

/**
 * The jobs started from this tab, newest first; their state comes from /api/v1/tasks/{id}.
 * Kept in sessionStorage (ids only) so a reload still follows them.
 */
type JobsState = { ids: string[]; add: (id: string) => void; clear: () => void };

export const useJobs = create<JobsState>()(
  persist(
    (set) => ({
      ids: [],
      add: (id) => set((state) => ({ ids: [id, ...state.ids.filter((known) => known !== id)].slice(0, 50) })),
      clear: () => set({ ids: [] }),
    }),
    { name: "atrium.jobs", storage: createJSONStorage(() => sessionStorage) },
  ),
);
