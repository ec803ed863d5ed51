import { useId, useRef, useState } from 'react';
import { projectUpdateSchema, type Project } from '@aiceo/shared/projects';
import { Button } from '@/components/ui/button';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { useUpdateProject } from '../api/update-project';
import { ProjectFields, projectFormSchema, toProjectInput } from './project-fields';
import './projects.css';

type EditFormProps = { orgId: string; project: Project; onDone: () => void };

const EditForm = ({ orgId, project, onDone }: EditFormProps) => {
  const update = useUpdateProject(orgId);
  const toast = useToast();
  const form = useZodForm({
    schema: projectFormSchema(projectUpdateSchema, project.currency),
    toInput: (values) => toProjectInput(values, project.currency),
    onSubmit: async (body) => {
      await update.mutateAsync({ projectId: project.id, body });
      toast('Project saved');
      onDone();
    },
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Project details">
      <FormError>{form.formError}</FormError>
      <ProjectFields orgId={orgId} currency={project.currency} errors={form.errors} project={project} />
      <div className="actions dialog-actions">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" isPending={update.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
};

/** "Edit details": name, description, client, lead, dates and budget in a modal. */
export const EditProjectDialog = ({ orgId, project }: { orgId: string; project: Project }) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [isOpen, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="secondary"
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true);
          dialogRef.current?.showModal();
        }}
      >
        Edit details
      </Button>
      <dialog ref={dialogRef} aria-labelledby={titleId} className="project-dialog" onClose={() => setOpen(false)}>
        <h2 id={titleId}>Edit project</h2>
        {isOpen ? <EditForm orgId={orgId} project={project} onDone={() => dialogRef.current?.close()} /> : null}
      </dialog>
    </>
  );
};
