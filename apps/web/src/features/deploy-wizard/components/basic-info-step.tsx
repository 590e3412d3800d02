import { DESCRIPTION_MAX_LENGTH, MODIFY_MESSAGES, NAME_MAX_LENGTH } from "@rts/contracts";
import { useFormContext, useWatch } from "react-hook-form";
import type { DeployFormValues } from "../deploy-form.ts";
import { FieldError, hintId, useFieldA11y } from "./field-state.tsx";

/** `nameFixed`: Modify mode, where the name is shown but cannot change (R16). */
export function BasicInfoStep({ nameFixed = false }: { nameFixed?: boolean }) {
  const { register, control } = useFormContext<DeployFormValues>();
  const description = useWatch({ control, name: "description" }) ?? "";
  const name = useFieldA11y("name", hintId("name"));
  const desc = useFieldA11y("description", hintId("description"));
  return (
    <div className="deploy-fields">
      <div className="deploy-field">
        <label htmlFor={name.inputProps.id}>Name</label>
        <input
          type="text"
          autoComplete="off"
          maxLength={NAME_MAX_LENGTH * 2}
          readOnly={nameFixed || undefined}
          {...name.inputProps}
          {...register("name")}
        />
        <p className="deploy-hint" id={hintId("name")}>
          {nameFixed
            ? MODIFY_MESSAGES.fixed.name.message
            : `Start with a letter; use letters, digits, hyphens (-) and underscores (_); at most ${NAME_MAX_LENGTH} characters.`}
        </p>
        <FieldError path="name" message={name.error} />
      </div>
      <div className="deploy-field">
        <label htmlFor={desc.inputProps.id}>Description</label>
        <textarea rows={2} {...desc.inputProps} {...register("description")} />
        <p className="deploy-hint" id={hintId("description")}>
          Optional. {description.length}/{DESCRIPTION_MAX_LENGTH} characters.
        </p>
        <FieldError path="description" message={desc.error} />
      </div>
    </div>
  );
}
