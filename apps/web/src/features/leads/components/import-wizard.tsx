import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  leadImportFields,
  MAX_IMPORT_BYTES,
  type LeadImport,
  type LeadImportField,
  type LeadImportMapping,
  type LeadImportPreview,
  type LeadImportResult,
} from '@aiceo/shared/leads';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { FormError } from '@/components/ui/form';
import { errorMessage } from '@/components/ui/states';
import { useCommitImport } from '../api/commit-import';
import { useCreateImport } from '../api/create-import';
import { usePreviewImport } from '../api/preview-import';
import './leads.css';

const fieldLabels: Record<LeadImportField, string> = {
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  company: 'Company',
  title: 'Job title',
  phone: 'Phone',
  source: 'Source',
  stage: 'Stage',
  priority: 'Priority',
  value: 'Value',
  tags: 'Tags',
  notes: 'Notes',
};

const steps = ['Choose a file', 'Map columns', 'Check rows', 'Import'] as const;

const StepList = ({ current }: { current: number }) => (
  <ol className="wizard-steps" aria-label="Import steps">
    {steps.map((label, i) => (
      <li key={label} aria-current={i === current ? 'step' : undefined}>
        {i + 1}. {label}
      </li>
    ))}
  </ol>
);

const plural = (n: number, one: string, other = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : other}`;

const ChooseFile = ({ orgId, onUploaded }: { orgId: string; onUploaded: (upload: LeadImport) => void }) => {
  const upload = useCreateImport(orgId);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || file.size === 0) return setError('Choose a CSV file');
    if (!/\.csv$/i.test(file.name) && file.type !== 'text/csv') return setError('Choose a .csv file');
    if (file.size > MAX_IMPORT_BYTES)
      return setError(`The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the most is 10 MB`);
    try {
      onUploaded(await upload.mutateAsync({ fileName: file.name, csv: await file.text() }));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate aria-label="Choose a CSV file">
      <FormError>{error}</FormError>
      <div className="field">
        <label htmlFor={inputId}>CSV file</label>
        <p className="hint" id={`${inputId}-hint`}>
          A header row, then one lead per row. At most 10 MB.
        </p>
        <input
          id={inputId}
          name="file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby={`${inputId}-hint`}
          required
        />
      </div>
      <div>
        <Button type="submit" isPending={upload.isPending} pendingLabel="Uploading…">
          Upload
        </Button>
      </div>
    </form>
  );
};

type MapColumnsProps = {
  upload: LeadImport;
  mapping: LeadImportMapping;
  isPending: boolean;
  error: string | null;
  onChange: (mapping: LeadImportMapping) => void;
  onNext: () => void;
};

/** One row per column of the file: its sample values and the lead field it fills. */
const mappingColumns = ({
  upload,
  mapping,
  onChange,
}: Pick<MapColumnsProps, 'upload' | 'mapping' | 'onChange'>): DataTableColumn<string>[] => [
  { header: 'Column', isRowHeader: true, cell: (header) => header },
  {
    header: 'Sample values',
    className: 'muted',
    cell: (_header, column) =>
      upload.sampleRows
        .map((row) => row[column] ?? '')
        .filter(Boolean)
        .slice(0, 3)
        .join(' · ') || '—',
  },
  {
    header: 'Lead field',
    cell: (header) => (
      <select
        aria-label={`Field for column ${header}`}
        value={mapping[header] ?? ''}
        onChange={(event) => onChange({ ...mapping, [header]: (event.target.value || null) as LeadImportField | null })}
      >
        <option value="">Ignore this column</option>
        {leadImportFields.map((field) => (
          <option key={field} value={field}>
            {fieldLabels[field]}
          </option>
        ))}
      </select>
    ),
  },
];

const MapColumns = ({ upload, mapping, isPending, error, onChange, onNext }: MapColumnsProps) => (
  <section className="card stack" aria-labelledby="mapping-heading">
    <h2 id="mapping-heading">Map the columns of {upload.fileName}</h2>
    <p className="muted">{plural(upload.rowCount, 'row')}. Pick the lead field each column fills, or ignore it.</p>
    <FormError>{error}</FormError>
    <DataTable
      caption="Columns, sample values and the field each fills"
      className="mapping-table"
      columns={mappingColumns({ upload, mapping, onChange })}
      rows={upload.headers}
      rowKey={(header, column) => `${header}-${column}`}
    />
    <div>
      <Button onClick={onNext} isPending={isPending} pendingLabel="Checking…">
        Check rows
      </Button>
    </div>
  </section>
);

type ReportProps = {
  preview: LeadImportPreview;
  isPending: boolean;
  error: string | null;
  onBack: () => void;
  onImport: () => void;
};

const Report = ({ preview, isPending, error, onBack, onImport }: ReportProps) => (
  <section className="card stack" aria-labelledby="report-heading">
    <h2 id="report-heading">Check the rows</h2>
    <FormError>{error}</FormError>
    <p data-testid="import-valid">
      <strong>{plural(preview.valid, 'row')}</strong> will be imported.
    </p>
    {preview.rejected.length > 0 ? (
      <div>
        <h3>{plural(preview.rejected.length, 'row')} rejected</h3>
        <ul className="import-report" aria-label="Rejected rows">
          {preview.rejected.map((reject) => (
            <li key={reject.row}>
              Row {reject.row}: {reject.reason}
            </li>
          ))}
        </ul>
      </div>
    ) : (
      <p>No rows rejected.</p>
    )}
    {preview.duplicates.length > 0 ? (
      <div>
        <h3>{plural(preview.duplicates.length, 'duplicate')} skipped</h3>
        <ul className="import-report" aria-label="Duplicate rows">
          {preview.duplicates.map((duplicate) => (
            <li key={duplicate.row}>
              Row {duplicate.row}: {duplicate.email}{' '}
              {duplicate.of === 'existing' ? 'is already a lead' : 'appears earlier in the file'}
            </li>
          ))}
        </ul>
      </div>
    ) : null}
    <p className="muted">The import is all or nothing: the valid rows are added together, or none are.</p>
    <div className="actions">
      <Button variant="secondary" onClick={onBack} disabled={isPending}>
        Back to mapping
      </Button>
      <Button onClick={onImport} disabled={preview.valid === 0} isPending={isPending} pendingLabel="Importing…">
        Import {plural(preview.valid, 'lead')}
      </Button>
    </div>
  </section>
);

const Done = ({ orgId, result }: { orgId: string; result: LeadImportResult }) => (
  <section className="card stack" aria-labelledby="done-heading">
    <h2 id="done-heading" tabIndex={-1}>
      Imported {plural(result.imported, 'lead')}
    </h2>
    <p className="muted">
      {plural(result.rejected, 'row')} rejected, {plural(result.duplicates, 'duplicate')} skipped.
    </p>
    <div>
      <Link className="button" to={paths.orgs.leads.list.getHref(orgId)}>
        View leads
      </Link>
    </div>
  </section>
);

/** Upload a CSV, map its columns, check every row, then import the valid ones in one go. */
export const ImportWizard = ({ orgId }: { orgId: string }) => {
  const [upload, setUpload] = useState<LeadImport | null>(null);
  const [mapping, setMapping] = useState<LeadImportMapping>({});
  const [preview, setPreview] = useState<LeadImportPreview | null>(null);
  const [result, setResult] = useState<LeadImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = usePreviewImport(orgId);
  const commit = useCommitImport(orgId);

  const step = result ? 3 : preview ? 2 : upload ? 1 : 0;

  const onCheck = () => {
    if (!upload) return;
    setError(null);
    check.mutate(
      { importId: upload.id, mapping },
      { onSuccess: setPreview, onError: (failure) => setError(errorMessage(failure)) },
    );
  };
  const onImport = () => {
    if (!upload) return;
    setError(null);
    commit.mutate(
      { importId: upload.id, mapping },
      { onSuccess: setResult, onError: (failure) => setError(errorMessage(failure)) },
    );
  };

  return (
    <div className="stack">
      <StepList current={step} />
      {result ? (
        <Done orgId={orgId} result={result} />
      ) : preview ? (
        <Report
          preview={preview}
          isPending={commit.isPending}
          error={error}
          onBack={() => {
            setPreview(null);
            setError(null);
          }}
          onImport={onImport}
        />
      ) : upload ? (
        <MapColumns
          upload={upload}
          mapping={mapping}
          isPending={check.isPending}
          error={error}
          onChange={setMapping}
          onNext={onCheck}
        />
      ) : (
        <ChooseFile
          orgId={orgId}
          onUploaded={(uploaded) => {
            setUpload(uploaded);
            setMapping(uploaded.suggestedMapping);
          }}
        />
      )}
    </div>
  );
};
