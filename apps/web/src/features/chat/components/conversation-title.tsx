import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { renameConversationInputSchema, type Conversation } from '@aiceo/shared/chat';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useDeleteConversation } from '../api/delete-conversation';
import { useRenameConversation } from '../api/rename-conversation';

/** The open conversation's title, with rename (in place) and delete (after a confirmation). */
export const ConversationTitle = ({ orgId, conversation }: { orgId: string; conversation: Conversation }) => {
  const [isEditing, setEditing] = useState(false);
  const [title, setTitle] = useState(conversation.title);
  const [error, setError] = useState<string | null>(null);
  const rename = useRenameConversation(orgId);
  const remove = useDeleteConversation(orgId);
  const navigate = useNavigate();
  const toast = useToast();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = renameConversationInputSchema.safeParse({ title });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter a title');
      return;
    }
    rename.mutate(
      { conversationId: conversation.id, title: parsed.data.title },
      {
        onSuccess: () => {
          setEditing(false);
          setError(null);
        },
        onError: (failure) => setError(errorMessage(failure)),
      },
    );
  };

  if (isEditing) {
    return (
      <form className="chat-title-form" onSubmit={onSubmit} noValidate aria-label="Rename conversation">
        <div className="field">
          <label htmlFor="conversation-title">Title</label>
          <input
            id="conversation-title"
            value={title}
            maxLength={120}
            onChange={(event) => setTitle(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'conversation-title-error' : undefined}
            autoFocus
          />
          {error ? (
            <p className="error" id="conversation-title-error">
              {error}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <Button type="submit" size="small" isPending={rename.isPending}>
            Save
          </Button>
          <Button
            variant="secondary"
            size="small"
            onClick={() => {
              setEditing(false);
              setTitle(conversation.title);
              setError(null);
            }}
          >
            Cancel
          </Button>
        </div>
      </form>
    );
  }
  return (
    <div className="chat-title">
      <h2>{conversation.title}</h2>
      <div className="actions">
        <Button variant="secondary" size="small" onClick={() => setEditing(true)}>
          Rename
        </Button>
        <ConfirmButton
          title="Delete this conversation?"
          description={`“${conversation.title}” and all its messages are deleted. This cannot be undone.`}
          confirmLabel="Delete"
          pendingLabel="Deleting…"
          onConfirm={async () => {
            await remove.mutateAsync(conversation.id);
            toast('Conversation deleted');
            void navigate(paths.orgs.chat.getHref(orgId), { replace: true });
          }}
        >
          Delete
        </ConfirmButton>
      </div>
    </div>
  );
};
