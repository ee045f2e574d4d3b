import { create } from "zustand";

/** The jobs this tab started, newest first; their state comes from /api/v1/tasks/{id}. */
type JobsState = { ids: string[]; add: (id: string) => void };

export const useJobs = create<JobsState>()((set) => ({
  ids: [],
  add: (id) => set((state) => ({ ids: [id, ...state.ids.filter((known) => known !== id)] })),
}));
