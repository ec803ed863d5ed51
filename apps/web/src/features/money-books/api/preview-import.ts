import { useMutation } from '@tanstack/react-query';
import { financeImportEndpoints, type StatementMapping } from '@aiceo/shared/finance-imports';
import { request } from '@/lib/api-client';

/** Reads the uploaded file again with the owner's mapping; the API keeps it for the commit. */
export const previewImport = ({
  orgId,
  importId,
  mapping,
}: {
  orgId: string;
  importId: string;
  mapping: StatementMapping;
}) => request(financeImportEndpoints.preview, { params: { orgId, importId }, body: { mapping } });

export const usePreviewImport = (orgId: string) =>
  useMutation({
    mutationFn: (input: { importId: string; mapping: StatementMapping }) => previewImport({ orgId, ...input }),
  });
