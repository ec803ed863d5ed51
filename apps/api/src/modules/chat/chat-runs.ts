/**
 * Answers being written by this process, so a stop request can abort one at once and wait
 * for it to be saved. A stop that lands on another instance marks the message in the
 * database instead, which the writing instance sees at its next checkpoint.
 */
export type ChatRuns = {
  start(messageId: string): { signal: AbortSignal; finish(): void };
  /** Aborts the run and resolves when it has been saved; false when this process is not writing it. */
  stop(messageId: string): Promise<boolean>;
  /** Aborts every run (shutdown) and waits for them to be saved. */
  stopAll(): Promise<void>;
};

export const createChatRuns = (): ChatRuns => {
  const runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  return {
    start(messageId) {
      const controller = new AbortController();
      let finish = () => {};
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      runs.set(messageId, { controller, done });
      return {
        signal: controller.signal,
        finish: () => {
          runs.delete(messageId);
          finish();
        },
      };
    },
    async stop(messageId) {
      const run = runs.get(messageId);
      if (!run) return false;
      run.controller.abort(new Error('stopped'));
      await run.done;
      return true;
    },
    async stopAll() {
      await Promise.all([...runs.keys()].map((id) => this.stop(id)));
    },
  };
};
