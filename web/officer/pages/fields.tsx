/** An FKUI select field with its label and the message beside it (the worklist's and the item list's filters). */
export function SelectField({ id, name, label, error, value, options }: {
  id: string; name: string; label: string; error?: string | undefined; value?: string | undefined; options: { value: string; label: string }[];
}) {
  return (
    <div class={`select-field${error ? ' select-field--error' : ''}`}>
      <label class="label" for={id}>
        {label}
        {error && <span class="label__message label__message--error" id={`${id}-fel`}>{error}</span>}
      </label>
      <div class="select-field__icon-wrapper">
        <select class="select-field__select" id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-fel` : undefined}>
          {options.map((o) => <option value={o.value} selected={(value ?? '') === o.value}>{o.label}</option>)}
        </select>
      </div>
    </div>
  );
}
