/** Every cached query of an org's website chat (settings, inbox pages, conversations, count). */
export const websiteChatKey = (orgId: string) => ['orgs', orgId, 'website-chat'] as const;
