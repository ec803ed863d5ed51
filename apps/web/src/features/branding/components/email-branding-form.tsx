import { useState, type FormEvent } from 'react';
import {
  brandColorSchema,
  DEFAULT_BRAND_COLOR,
  EMAIL_FROM_NAME_MAX,
  fromNameOf,
  LOGO_URL_MAX,
  logoUrlSchema,
  updateBrandingInputSchema,
  type Branding,
  type UpdateBrandingInput,
} from '@aiceo/shared/branding';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { ApiError, validationError } from '@/lib/api-client';
import { useUpdateBranding } from '../api/update-branding';
import './branding.css';

const FIELDS = ['brandColor', 'logoUrl', 'emailFromName', 'emailReplyTo'] as const;

/** How the mail's header will read with the values as typed (before saving). */
const MailHeaderPreview = ({ values, branding }: { values: UpdateBrandingInput; branding: Branding }) => {
  const color = brandColorSchema.safeParse(values.brandColor);
  const logo = logoUrlSchema.safeParse(values.logoUrl);
  const fromName = fromNameOf({ orgName: branding.orgName, emailFromName: values.emailFromName });
  const replyTo = values.emailReplyTo.trim();
  const brandColor = (color.success && color.data) || DEFAULT_BRAND_COLOR;
  return (
    <figure className="mail-header-preview" aria-labelledby="mail-header-preview-caption" data-testid="mail-preview">
      <figcaption id="mail-header-preview-caption" className="muted">
        Preview: how a campaign mail arrives
      </figcaption>
      <dl className="mail-header-lines">
        <div>
          <dt>From</dt>
          <dd data-testid="preview-from">
            {fromName} &lt;{branding.sendingAddress}&gt;
          </dd>
        </div>
        <div>
          <dt>Reply-To</dt>
          <dd data-testid="preview-reply-to">
            {replyTo || <span className="muted">none: replies go to {branding.sendingAddress}</span>}
          </dd>
        </div>
      </dl>
      <div className="mail-banner" style={{ borderTopColor: brandColor }}>
        {logo.success && logo.data ? <img src={logo.data} alt="" height={40} /> : null}
        <strong style={{ color: brandColor }}>{branding.orgName}</strong>
      </div>
    </figure>
  );
};

type EmailBrandingFormProps = { orgId: string; branding: Branding; canEdit: boolean };

/** Sender name, reply-to, colour and logo of the org's campaign mail, with a live preview. */
export const EmailBrandingForm = ({ orgId, branding, canEdit }: EmailBrandingFormProps) => {
  const update = useUpdateBranding(orgId);
  const toast = useToast();
  const [values, setValues] = useState<UpdateBrandingInput>({
    brandColor: branding.brandColor,
    logoUrl: branding.logoUrl,
    emailFromName: branding.emailFromName,
    emailReplyTo: branding.emailReplyTo,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const set = (field: keyof UpdateBrandingInput, value: string) => setValues((all) => ({ ...all, [field]: value }));

  const show = (error: unknown) => {
    const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
    setErrors(fieldErrors);
    const onFields = FIELDS.some((field) => fieldErrors[field]);
    setFormError(onFields ? null : error instanceof ApiError ? error.message : 'Something went wrong; try again');
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = updateBrandingInputSchema.safeParse(values);
    if (!parsed.success) {
      show(validationError(parsed.error));
      return;
    }
    setErrors({});
    setFormError(null);
    update.mutateAsync(parsed.data).then((saved) => {
      setValues({
        brandColor: saved.brandColor,
        logoUrl: saved.logoUrl,
        emailFromName: saved.emailFromName,
        emailReplyTo: saved.emailReplyTo,
      });
      toast('Email branding saved');
    }, show);
  };

  const pickerColor = brandColorSchema.safeParse(values.brandColor);
  return (
    <div className="branding-layout">
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Email branding">
        <FormError>{formError}</FormError>
        <TextField
          label="Sender name"
          name="emailFromName"
          value={values.emailFromName}
          onChange={(event) => set('emailFromName', event.target.value)}
          maxLength={EMAIL_FROM_NAME_MAX}
          placeholder={branding.orgName}
          hint={`Shown as who the mail is from. Empty: ${branding.orgName}.`}
          disabled={!canEdit}
          error={errors.emailFromName}
        />
        <TextField
          label="Reply-to address"
          name="emailReplyTo"
          type="email"
          value={values.emailReplyTo}
          onChange={(event) => set('emailReplyTo', event.target.value)}
          placeholder="sales@yourcompany.com"
          hint="Where answers to your campaigns go. Use an inbox someone reads."
          disabled={!canEdit}
          error={errors.emailReplyTo}
        />
        <div className="color-row">
          <TextField
            label="Brand colour"
            name="brandColor"
            value={values.brandColor}
            onChange={(event) => set('brandColor', event.target.value)}
            placeholder={DEFAULT_BRAND_COLOR}
            maxLength={7}
            hint="# and six hex digits. Used for the mail's top bar and links, and by the website chat."
            disabled={!canEdit}
            error={errors.brandColor}
          />
          <input
            type="color"
            aria-label="Pick the brand colour"
            value={(pickerColor.success && pickerColor.data) || DEFAULT_BRAND_COLOR}
            onChange={(event) => set('brandColor', event.target.value)}
            disabled={!canEdit}
          />
        </div>
        <TextField
          label="Logo link"
          name="logoUrl"
          type="url"
          value={values.logoUrl}
          onChange={(event) => set('logoUrl', event.target.value)}
          maxLength={LOGO_URL_MAX}
          placeholder="https://yourcompany.com/logo.png"
          hint="An https:// link to your logo image (shown 40 px high). Empty: the name only."
          disabled={!canEdit}
          error={errors.logoUrl}
        />
        {canEdit ? (
          <div className="button-row">
            <Button type="submit" isPending={update.isPending}>
              Save email branding
            </Button>
          </div>
        ) : (
          <p className="muted">Only admins and owners can change the email branding.</p>
        )}
      </form>
      <div className="stack">
        <MailHeaderPreview values={values} branding={branding} />
        <p className="muted" data-testid="sending-address-note">
          Mail always leaves from <strong>{branding.sendingAddress}</strong>, this product’s own sending address, so
          receiving servers can check it (SPF, DKIM, DMARC) and your campaigns reach the inbox instead of spam. People
          see your sender name, and when they reply, the answer goes to your reply-to address.
        </p>
      </div>
    </div>
  );
};
