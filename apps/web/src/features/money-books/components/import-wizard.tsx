import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { FinanceImport, StatementMapping } from '@aiceo/shared/finance-imports';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form';
import { errorMessage } from '@/components/ui/states';
import { useCommitImport } from '../api/commit-import';
import { useCategories } from '../api/list-categories';
import { usePreviewImport } from '../api/preview-import';
import { formatDay, plural } from '../format';
import { searchOf } from '../use-transaction-view';
import { ImportDetected } from './import-detected';
import { ImportMapping } from './import-mapping';
import { ImportPreview } from './import-preview';
import { ImportUpload } from './import-upload';

const steps = ['Upload', 'What was detected', 'Check and import', 'Done'] as const;

const StepList = ({ current }: { current: number }) => (
  <ol className="books-steps" aria-label="Import steps">
    {steps.map((label, i) => (
      <li key={label} aria-current={i === current ? 'step' : undefined}>
        {i + 1}. {label}
      </li>
    ))}
  </ol>
);

type Result = { imported: number; skippedDuplicates: number };

const resultTitle = ({ imported, skippedDuplicates }: Result) =>
  `Imported ${plural(imported, 'transaction')}${
    skippedDuplicates > 0 ? `, skipped ${skippedDuplicates.toLocaleString()} already imported` : ''
  }`;

/** The transactions of the statement's period and account, bank imports only. */
const importedHref = (orgId: string, upload: FinanceImport) =>
  paths.orgs.money.transactions.getHref(
    orgId,
    searchOf({
      from: upload.totals.firstDate?.slice(0, 10),
      to: upload.totals.lastDate?.slice(0, 10),
      accountId: upload.accountId ?? undefined,
      source: 'import',
    }).toString(),
  );

const Done = ({
  orgId,
  upload,
  result,
  onAgain,
}: {
  orgId: string;
  upload: FinanceImport;
  result: Result;
  onAgain: () => void;
}) => {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The wizard's content is replaced: focus moves to the result so that it is read out.
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="card stack" aria-labelledby="done-heading">
      <h2 id="done-heading" tabIndex={-1} ref={headingRef}>
        {resultTitle(result)}
      </h2>
      <p className="muted">
        {upload.fileName}: {plural(result.imported, 'transaction')} booked
        {upload.totals.firstDate && upload.totals.lastDate
          ? ` from ${formatDay(upload.totals.firstDate)} to ${formatDay(upload.totals.lastDate)}`
          : ''}
        .
      </p>
      <div className="actions">
        <Link className="button" to={importedHref(orgId, upload)}>
          See the imported transactions
        </Link>
        <Button variant="secondary" onClick={onAgain}>
          Import another statement
        </Button>
      </div>
    </section>
  );
};

/** Upload a bank statement, see what was read, answer what was unsure, check the rows, then book them in one go. */
export const ImportWizard = ({ orgId }: { orgId: string }) => {
  const [upload, setUpload] = useState<FinanceImport | null>(null);
  const [mapping, setMapping] = useState<StatementMapping | undefined>(undefined);
  const [isEditingMapping, setEditingMapping] = useState(false);
  const [sameAsExisting, setSameAsExisting] = useState<Set<number>>(new Set());
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const categories = useCategories(orgId);
  const preview = usePreviewImport(orgId);
  const commit = useCommitImport(orgId);
  const categoryNames = useMemo(
    () => new Map((categories.data?.items ?? []).map((category) => [category.id, category.name])),
    [categories.data],
  );

  const reset = () => {
    setUpload(null);
    setMapping(undefined);
    setEditingMapping(false);
    setSameAsExisting(new Set());
    setResult(null);
    setError(null);
  };

  const onApplyMapping = (next: StatementMapping) => {
    if (!upload) return;
    setError(null);
    preview.mutate(
      { importId: upload.id, mapping: next },
      {
        onSuccess: (read) => {
          setUpload(read);
          setMapping(next);
          setEditingMapping(false);
          setSameAsExisting(new Set());
        },
        onError: (failure) => setError(errorMessage(failure)),
      },
    );
  };

  const onCommit = () => {
    if (!upload) return;
    setError(null);
    const same = [...sameAsExisting];
    commit.mutate(
      {
        importId: upload.id,
        input: { ...(mapping ? { mapping } : {}), ...(same.length > 0 ? { sameAsExisting: same } : {}) },
      },
      { onSuccess: setResult, onError: (failure) => setError(errorMessage(failure)) },
    );
  };

  if (!upload) {
    return (
      <div className="stack">
        <StepList current={0} />
        <ImportUpload
          orgId={orgId}
          onUploaded={(uploaded) => {
            setUpload(uploaded);
            setEditingMapping(uploaded.detected.needsMapping);
          }}
        />
      </div>
    );
  }
  if (result) {
    return (
      <div className="stack">
        <StepList current={3} />
        <Done orgId={orgId} upload={upload} result={result} onAgain={reset} />
      </div>
    );
  }

  const needsMapping = upload.detected.needsMapping || isEditingMapping;
  const toImport = upload.totals.newCount - sameAsExisting.size;
  return (
    <div className="stack">
      <StepList current={needsMapping ? 1 : 2} />
      {/* While the owner maps the columns, the mapping list shows them (with samples) instead. */}
      <ImportDetected upload={upload} showColumns={!needsMapping} />
      {needsMapping ? (
        <ImportMapping
          key={upload.id + String(upload.detected.needsMapping)}
          upload={upload}
          isPending={preview.isPending}
          error={error}
          onApply={onApplyMapping}
          onCancel={upload.detected.needsMapping ? undefined : () => setEditingMapping(false)}
        />
      ) : (
        <>
          <div className="actions">
            <Button variant="ghost" size="small" className="wraps" onClick={() => setEditingMapping(true)}>
              Not right? Change how the columns are read
            </Button>
          </div>
          <ImportPreview
            upload={upload}
            categoryNames={categoryNames}
            sameAsExisting={sameAsExisting}
            onSameChange={(row, isSame) =>
              setSameAsExisting((all) => {
                const next = new Set(all);
                if (isSame) next.add(row);
                else next.delete(row);
                return next;
              })
            }
          />
          <section className="card stack" aria-labelledby="commit-heading">
            <h2 id="commit-heading">Import</h2>
            <FormError>{error}</FormError>
            {toImport <= 0 ? (
              <p className="alert success" data-testid="nothing-new">
                Everything in this file is already imported: {plural(upload.totals.duplicateCount, 'row')} already in
                your books, nothing new.
              </p>
            ) : (
              <p className="muted">
                All or nothing: the {plural(toImport, 'new transaction')} are booked together, or none are. Rows already
                imported are skipped.
              </p>
            )}
            {commit.isPending ? (
              <p role="status" className="muted">
                <span className="spinner" aria-hidden="true" /> Booking {plural(toImport, 'transaction')}…
              </p>
            ) : null}
            <div className="actions">
              <Button variant="secondary" onClick={reset} disabled={commit.isPending}>
                {toImport <= 0 ? 'Upload another file' : 'Cancel'}
              </Button>
              {toImport > 0 ? (
                <Button onClick={onCommit} isPending={commit.isPending} pendingLabel="Importing…">
                  Import {plural(toImport, 'transaction')}
                </Button>
              ) : null}
            </div>
          </section>
        </>
      )}
    </div>
  );
};
