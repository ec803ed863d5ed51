import { z } from 'zod';
import { defineEndpoint, orgAuth } from './contract';

export const LOGO_URL_MAX = 1000;
export const EMAIL_FROM_NAME_MAX = 100;
/** Used where an org has set no colour of its own. */
export const DEFAULT_BRAND_COLOR = '#1f6feb';

/** `#rrggbb`, stored lower-case; "" for the product's default. */
export const brandColorSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => value === '' || /^#[0-9a-f]{6}$/.test(value), {
    message: 'Enter the colour as # and six hex digits, e.g. #1f6feb (or leave it empty)',
  });

/** An https link to an image; "" for none. */
export const logoUrlSchema = z
  .string()
  .trim()
  .max(LOGO_URL_MAX, `The logo link can have at most ${LOGO_URL_MAX} characters`)
  .refine(
    (value) => {
      if (value === '') return true;
      try {
        const url = new URL(value);
        return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
      } catch {
        return false;
      }
    },
    { message: 'The logo must be a full https:// link to an image (or leave it empty)' },
  );

/** The name mail shows in From; one line without angle brackets so it cannot fake an address. */
export const emailFromNameSchema = z
  .string()
  .trim()
  .max(EMAIL_FROM_NAME_MAX, `The sender name can have at most ${EMAIL_FROM_NAME_MAX} characters`)
  .refine((value) => !/[\r\n]/.test(value), { message: 'The sender name must be one line' })
  .refine((value) => !/[<>]/.test(value), { message: 'The sender name cannot contain < or >' });

/** Where replies to campaign mail go; "" for none (replies then go to the sending address). */
export const emailReplyToSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'The reply-to address can have at most 254 characters')
  .refine((value) => value === '' || z.email().safeParse(value).success, {
    message: 'Enter a valid email address for replies (or leave it empty)',
  });

export const brandingSchema = z.object({
  orgName: z.string(),
  brandColor: z.string(),
  logoUrl: z.string(),
  emailFromName: z.string(),
  emailReplyTo: z.string(),
  /** The address campaign mail is sent from: always the product's own, for deliverability. */
  sendingAddress: z.string(),
});
export type Branding = z.infer<typeof brandingSchema>;

export const updateBrandingInputSchema = z.object({
  brandColor: brandColorSchema,
  logoUrl: logoUrlSchema,
  emailFromName: emailFromNameSchema,
  emailReplyTo: emailReplyToSchema,
});
export type UpdateBrandingInput = z.infer<typeof updateBrandingInputSchema>;

/** The From display name mail uses: the one set, else the org's name. */
export const fromNameOf = (branding: { orgName: string; emailFromName: string }): string =>
  (branding.emailFromName.trim() || branding.orgName).replace(/[\r\n<>]+/g, ' ').trim();

const tag = 'Branding';
const params = z.object({ orgId: z.uuid() });
const path = '/api/orgs/:orgId/branding';

export const brandingEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path,
    summary: "The org's email branding: colour, logo, sender name and reply-to address",
    tag,
    auth: orgAuth('member', 'read'),
    params,
    status: 200,
    response: brandingSchema,
  }),
  update: defineEndpoint({
    method: 'PUT',
    path,
    summary:
      "Set the org's email branding (admin+). Mail keeps the product's sending address; the sender name and reply-to change",
    tag,
    auth: orgAuth('admin', 'write'),
    params,
    body: updateBrandingInputSchema,
    status: 200,
    response: brandingSchema,
  }),
};
