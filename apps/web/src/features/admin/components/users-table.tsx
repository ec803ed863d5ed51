import type { AdminUser } from '@aiceo/shared/platform';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { formatDate } from '@/utils/format';

const columns: DataTableColumn<AdminUser>[] = [
  {
    header: 'Name',
    isRowHeader: true,
    cell: (user) => (
      <>
        {user.name} {user.isPlatformAdmin ? <span className="badge good">Platform admin</span> : null}
      </>
    ),
  },
  { header: 'Email', cell: (user) => user.email },
  { header: 'Organisations', cell: (user) => user.orgCount },
  { header: 'Signed up', cell: (user) => formatDate(user.createdAt) },
];

export const UsersTable = ({ users }: { users: readonly AdminUser[] }) => (
  <DataTable caption="Users" columns={columns} rows={users} />
);
