/** Every cached query of an org's Telegram settings (status, the message log). */
export const telegramKey = (orgId: string) => ['orgs', orgId, 'telegram'] as const;
