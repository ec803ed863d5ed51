import { useMutation } from '@tanstack/react-query';
import { leadEndpoints, type LeadImportMapping } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';

export const previewImport = ({
  orgId,
  importId,
  mapping,
}: {
  orgId: string;
  importId: string;
  mapping: LeadImportMapping;
}) => request(leadEndpoints.previewImport, { params: { orgId, importId }, body: { mapping } });

export const usePreviewImport = (orgId: string) =>
  useMutation({
    mutationFn: (input: { importId: string; mapping: LeadImportMapping }) => previewImport({ orgId, ...input }),
  });
