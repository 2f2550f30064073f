import { useId } from 'preact/hooks';

interface FieldProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  isInvalid?: boolean;
}

/** A labelled text input; the hint is tied to it with aria-describedby. */
export function Field({
  label,
  value,
  onValue,
  hint,
  type = 'text',
  autocomplete,
  required = false,
  minLength,
  maxLength,
  isInvalid = false,
}: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const common = {
    id,
    value,
    onInput: (event: Event & { currentTarget: HTMLInputElement }) => onValue(event.currentTarget.value),
    required,
    'aria-invalid': isInvalid,
    ...(hint ? { 'aria-describedby': hintId } : {}),
    ...(autocomplete ? { autocomplete } : {}),
    ...(minLength === undefined ? {} : { minLength }),
    ...(maxLength === undefined ? {} : { maxLength }),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p id={hintId} class="hint">
          {hint}
        </p>
      )}
      {/* One element per type: Preact's input typings are a union discriminated by `type`. */}
      {type === 'password' ? (
        <input type="password" {...common} />
      ) : type === 'email' ? (
        <input type="email" {...common} />
      ) : (
        <input type="text" {...common} />
      )}
    </div>
  );
}
