import type { AdminUser } from '@aiceo/shared/platform';
import { formatDate } from '@/utils/format';

export const UsersTable = ({ users }: { users: readonly AdminUser[] }) => (
  <div className="table-wrap">
    <table>
      <caption className="visually-hidden">Users</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Organisations</th>
          <th scope="col">Signed up</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <th scope="row">
              {user.name} {user.isPlatformAdmin ? <span className="badge good">Platform admin</span> : null}
            </th>
            <td>{user.email}</td>
            <td>{user.orgCount}</td>
            <td>{formatDate(user.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
