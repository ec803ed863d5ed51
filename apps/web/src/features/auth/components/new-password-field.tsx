import { useEffect } from 'react';
import { installCommonPasswordCheck, PASSWORD_RULE_HINT } from '@aiceo/shared/passwords';
import { TextField, type TextFieldProps } from '@/components/ui/field';

let loading: Promise<void> | null = null;

/**
 * Fetches the common-password dictionary (about 200 KB gzipped, its own chunk) so the form
 * refuses a common password before sending it. Only the pages that set a password load it; if
 * it cannot be fetched, the API's answer says the same at the field.
 */
export const preloadCommonPasswordCheck = (): Promise<void> => {
  loading ??= import('@aiceo/shared/common-passwords')
    .then(({ isCommonPassword }) => installCommonPasswordCheck(isCommonPassword))
    .catch(() => {
      loading = null;
    });
  return loading;
};

type NewPasswordFieldProps = Omit<TextFieldProps, 'type' | 'autoComplete' | 'hint'> & { note?: string };

/** A field for choosing a password: the rule is shown under it before anyone submits. */
export const NewPasswordField = ({ note, ...field }: NewPasswordFieldProps) => {
  useEffect(() => {
    void preloadCommonPasswordCheck();
  }, []);
  const hint = note ? `${PASSWORD_RULE_HINT} ${note}` : PASSWORD_RULE_HINT;
  return <TextField type="password" autoComplete="new-password" required hint={hint} {...field} />;
};
