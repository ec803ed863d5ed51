import { queryOptions, useQuery } from '@tanstack/react-query';
import { widgetInboxEndpoints } from '@aiceo/shared/widget-inbox';
import { request } from '@/lib/api-client';
import { websiteChatKey } from './keys';

export const getWidgetSettings = (orgId: string) => request(widgetInboxEndpoints.getSettings, { params: { orgId } });

export const widgetSettingsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...websiteChatKey(orgId), 'settings'], queryFn: () => getWidgetSettings(orgId) });

export const useWidgetSettings = (orgId: string) => useQuery(widgetSettingsQueryOptions(orgId));
