import { useId, useState, type FormEvent } from 'react';
import { MAX_STATEMENT_BYTES, type FinanceImport } from '@aiceo/shared/finance-imports';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form';
import { errorMessage } from '@/components/ui/states';
import { useAccounts } from '../api/list-accounts';
import { useCreateImport } from '../api/create-import';
import { readAsBase64 } from '../read-file';

const MAX_MB = MAX_STATEMENT_BYTES / 1024 / 1024;

type ImportUploadProps = { orgId: string; onUploaded: (upload: FinanceImport) => void };

/** Step 1: the account and the file. The file goes up as its raw bytes; the API works out the encoding. */
export const ImportUpload = ({ orgId, onUploaded }: ImportUploadProps) => {
  const accounts = useAccounts(orgId);
  const upload = useCreateImport(orgId);
  const [error, setError] = useState<string | null>(null);
  const [isReading, setReading] = useState(false);
  const id = useId();
  const open = (accounts.data?.items ?? []).filter((account) => !account.archived);
  // Left out, the API books into the org's first bank account (and creates one when there is none).
  const defaultAccount = open.find((account) => account.kind === 'bank') ?? open[0];

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const data = new FormData(event.currentTarget);
    const file = data.get('file');
    const accountId = String(data.get('accountId') ?? '') || undefined;
    if (!(file instanceof File) || file.name === '') return setError('Choose the CSV file your bank exported');
    if (file.size === 0) return setError(`${file.name} is empty`);
    if (file.size > MAX_STATEMENT_BYTES)
      return setError(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the most is ${MAX_MB} MB`);
    try {
      setReading(true);
      const contentBase64 = await readAsBase64(file);
      setReading(false);
      onUploaded(await upload.mutateAsync({ fileName: file.name, contentBase64, accountId }));
    } catch (failure) {
      setReading(false);
      setError(errorMessage(failure));
    }
  };

  return (
    <form
      className="form card"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      aria-label="Choose a bank statement"
    >
      <FormError>{error}</FormError>
      <div className="field">
        <label htmlFor={`${id}-account`}>Account</label>
        <p className="hint" id={`${id}-account-hint`}>
          The account this statement is of.
        </p>
        <select
          key={defaultAccount?.id ?? 'none'}
          id={`${id}-account`}
          name="accountId"
          aria-describedby={`${id}-account-hint`}
          defaultValue={defaultAccount?.id ?? ''}
        >
          {open.length === 0 ? <option value="">Main account (created with this import)</option> : null}
          {open.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>Statement file (CSV)</label>
        <p className="hint" id={`${id}-file-hint`}>
          The CSV export of your bank or card, as it comes: any encoding, comma, semicolon or tab. At most {MAX_MB} MB.
        </p>
        <input
          id={`${id}-file`}
          name="file"
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          aria-describedby={`${id}-file-hint`}
          required
        />
      </div>
      <div>
        <Button
          type="submit"
          isPending={isReading || upload.isPending}
          pendingLabel={isReading ? 'Reading the file…' : 'Uploading and reading…'}
        >
          Upload and check
        </Button>
      </div>
    </form>
  );
};
