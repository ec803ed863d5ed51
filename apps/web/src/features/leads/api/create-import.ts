import { useMutation } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';

export const createImport = ({ orgId, fileName, csv }: { orgId: string; fileName: string; csv: string }) =>
  request(leadEndpoints.createImport, { params: { orgId }, body: { fileName, csv } });

export const useCreateImport = (orgId: string) =>
  useMutation({ mutationFn: (file: { fileName: string; csv: string }) => createImport({ orgId, ...file }) });
