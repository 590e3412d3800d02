// Create an AI application (name, description); versions are added to it afterwards. Checked with
// the API's own schema as you submit; the server's field errors (a taken name) land on the fields.
import { zodResolver } from "@hookform/resolvers/zod";
import { APPLICATION_DESCRIPTION_MAX_LENGTH, CreateAiApplicationRequestSchema, NAME_MAX_LENGTH, type AiApplication } from "@rts/contracts";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useCreateAiApplication } from "../../../api/ai-applications/ai-applications.ts";
import { Button } from "../../../components/ui/button/button.tsx";
import { FormAlert } from "../../../components/ui/form-alert/form-alert.tsx";
import { TextField } from "../../../components/ui/text-field/text-field.tsx";
import { placeServerErrors } from "../server-errors.ts";

const FIELDS = ["name", "description"] as const;

export function CreateApplicationForm({ onCreated }: { onCreated: (application: AiApplication) => void }) {
  const create = useCreateAiApplication();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(CreateAiApplicationRequestSchema), defaultValues: { name: "", description: "" } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (request) => {
    setFormError(null);
    try {
      const application = await create.mutateAsync(request);
      form.reset();
      onCreated(application);
    } catch (error) {
      const placed = placeServerErrors(error, FIELDS);
      for (const field of FIELDS) {
        const message = placed.fields[field];
        if (message) form.setError(field, { type: "server", message }, { shouldFocus: true });
      }
      setFormError(placed.form);
    }
  });

  return (
    <form className="panel" onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby="create-application-title">
      <h2 id="create-application-title">Create AI application</h2>
      <div className="form-row">
        <TextField
          label="Name"
          autoComplete="off"
          maxLength={NAME_MAX_LENGTH}
          hint="A letter, then letters, digits, - or _."
          error={errors.name?.message}
          {...form.register("name", { setValueAs: (value: string) => value.trim() })}
        />
        <TextField
          label="Description"
          autoComplete="off"
          maxLength={APPLICATION_DESCRIPTION_MAX_LENGTH}
          hint={`Optional, at most ${APPLICATION_DESCRIPTION_MAX_LENGTH} characters.`}
          error={errors.description?.message}
          className="field-grow"
          {...form.register("description")}
        />
      </div>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="form-actions" style={{ marginTop: "1rem" }}>
        <Button type="submit" variant="primary" busy={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? "Creating…" : "Create AI application"}
        </Button>
      </div>
    </form>
  );
}
