import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { useLogout } from '@/features/auth/api/logout';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { ProfileForm } from '@/features/auth/components/profile-form';
import { useUser } from '@/lib/auth';

export const Component = () => {
  const user = useUser();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <div className="stack">
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        {/* Remounted when the saved user changes, so the fields show what is stored. */}
        <ProfileForm key={`${user.name}|${user.email}`} user={user} />
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <ChangePasswordForm />
      </section>
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p>Signed in on another device you no longer use? Sign out of every session, this one included.</p>
        <ConfirmButton
          variant="secondary"
          size="normal"
          title="Log out everywhere?"
          description="Every session of your account ends, on every device, this one included."
          confirmLabel="Log out everywhere"
          pendingLabel="Logging out…"
          onConfirm={() => logout.mutateAsync(true).then(() => navigate(paths.auth.login.getHref(), { replace: true }))}
        >
          Log out everywhere
        </ConfirmButton>
      </section>
    </div>
  );
};
