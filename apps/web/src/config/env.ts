import { z } from 'zod';

const envSchema = z.object({
  /** Origin of the API; empty means the SPA's own origin (same port, Vite proxy or a Vercel rewrite). */
  VITE_API_URL: z
    .union([z.literal(''), z.url()])
    .default('')
    .transform((url) => url.replace(/\/+$/, '')),
});

const parsed = envSchema.safeParse(import.meta.env);
if (!parsed.success) {
  throw new Error(
    `Invalid build environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
  );
}

export const env = Object.freeze({ apiUrl: parsed.data.VITE_API_URL });
