// Placeholder until the Telegram stand-in lands (helper H1 replaces this file).
export const startLocalTelegram = async (_options: { port?: number } = {}): Promise<{ url: string; token: string; close(): Promise<void> }> => {
  throw new Error('the Telegram stand-in is not built yet');
};
