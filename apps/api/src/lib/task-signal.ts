/**
 * Tells this process's executor that tasks were queued, so it runs them now instead of at its
 * next tick. Other processes (`pnpm worker`) find them at their own tick.
 */
export type TaskSignal = {
  notify(): void;
  subscribe(listener: () => void): () => void;
};

export const createTaskSignal = (): TaskSignal => {
  const listeners = new Set<() => void>();
  return {
    notify: () => {
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
