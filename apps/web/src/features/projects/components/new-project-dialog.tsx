import { useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { projectInputSchema } from '@aiceo/shared/projects';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { useCreateProject } from '../api/create-project';
import { ProjectFields, projectFormSchema, toProjectInput } from './project-fields';
import './projects.css';

/** "New project" opens a modal form; on success the new project's page opens. */
export const NewProjectDialog = ({ orgId, currency }: { orgId: string; currency: string }) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const create = useCreateProject(orgId);
  const toast = useToast();
  const navigate = useNavigate();
  // A new key after each close starts the fields (and the lead picker) afresh.
  const [round, setRound] = useState(0);
  const form = useZodForm({
    schema: projectFormSchema(projectInputSchema, currency),
    toInput: (values) => toProjectInput(values, currency),
    onSubmit: async (input) => {
      const project = await create.mutateAsync(input);
      dialogRef.current?.close();
      toast(`Project ${project.name} created`);
      await navigate(paths.orgs.project.getHref(orgId, project.id));
    },
  });
  return (
    <>
      <Button aria-haspopup="dialog" onClick={() => dialogRef.current?.showModal()}>
        New project
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        className="project-dialog"
        onClose={() => {
          form.reset();
          setRound((n) => n + 1);
        }}
      >
        <h2 id={titleId}>New project</h2>
        <form key={round} className="form" onSubmit={form.handleSubmit} noValidate aria-label="New project">
          <FormError>{form.formError}</FormError>
          <ProjectFields orgId={orgId} currency={currency} errors={form.errors} />
          <div className="actions dialog-actions">
            <Button variant="secondary" onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" isPending={create.isPending} pendingLabel="Creating…">
              Create project
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
};
