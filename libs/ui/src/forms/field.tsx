import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from 'react';

interface FieldFrame {
  label: ReactNode;
  /** The messages the API gave for this field; shown beside it and announced with it. */
  errors?: readonly string[];
  hint?: ReactNode;
  required?: boolean;
}

function useFrame({ errors = [], hint }: FieldFrame) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  return { id, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined, invalid: errors.length > 0 };
}

function Feedback({ id, errors }: { id?: string; errors?: readonly string[] }) {
  if (!id || !errors?.length) return null;
  return (
    <div id={id} className="invalid-feedback d-block" role="alert">
      {errors.join(' · ')}
    </div>
  );
}

function Label({ id, label, required }: { id: string; label: ReactNode; required?: boolean }) {
  return (
    <label htmlFor={id} className="form-label fw-semibold">
      {label}
      {required ? <span aria-hidden="true"> *</span> : null}
    </label>
  );
}

interface ControlProps {
  id: string;
  className: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
  required?: boolean;
}

/** Label, control, hint and the API's messages, wired together for assistive technology. */
function Frame({
  label,
  errors,
  hint,
  required,
  className = 'mb-3',
  control,
}: FieldFrame & { className?: string; control: (props: ControlProps) => ReactNode }) {
  const f = useFrame({ label, errors, hint });
  return (
    <div className={className}>
      <Label id={f.id} label={label} required={required} />
      {control({ id: f.id, className: f.invalid ? ' is-invalid' : '', 'aria-invalid': f.invalid, 'aria-describedby': f.describedBy, required })}
      {hint ? (
        <small id={f.hintId} className="form-text">
          {hint}
        </small>
      ) : null}
      <Feedback id={f.errorId} errors={errors} />
    </div>
  );
}

/**
 * A Bootstrap Italia text field whose API errors sit beside it (aria-invalid, aria-describedby).
 * `type="text"` unless told otherwise: Bootstrap Italia underlines only a typed input, and an
 * untyped one showed no edge at all.
 */
export function TextField({ label, errors, hint, required, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Frame
      label={label}
      errors={errors}
      hint={hint}
      required={required}
      control={({ className, ...a11y }) => <input type="text" className={`form-control${className}`} {...a11y} {...input} />}
    />
  );
}

export function TextAreaField({ label, errors, hint, required, ...input }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Frame
      label={label}
      errors={errors}
      hint={hint}
      required={required}
      control={({ className, ...a11y }) => <textarea className={`form-control${className}`} rows={3} {...a11y} {...input} />}
    />
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  label,
  errors,
  hint,
  required,
  options,
  placeholder,
  ...select
}: FieldFrame & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly Option[]; placeholder?: string }) {
  return (
    <Frame
      label={label}
      errors={errors}
      hint={hint}
      required={required}
      // Bootstrap's form-select, not Bootstrap Italia's select-wrapper: that one floats the label
      // upward over whatever sits above it, where it takes the clicks meant for it.
      control={({ className, ...a11y }) => (
        <select className={`form-select${className}`} {...a11y} {...select}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** Checkboxes for a set of values (programmes, concerns). */
export function CheckboxGroup({
  legend,
  options,
  value,
  onChange,
  errors,
}: {
  legend: ReactNode;
  options: readonly Option[];
  value: readonly string[];
  onChange: (next: string[]) => void;
  errors?: readonly string[];
}) {
  const id = useId();
  return (
    <fieldset className="mb-3" aria-describedby={errors?.length ? `${id}-error` : undefined}>
      <legend className="form-label fw-semibold fs-6">{legend}</legend>
      {options.map((option) => (
        <div className="form-check" key={option.value}>
          <input
            id={`${id}-${option.value}`}
            type="checkbox"
            className="form-check-input"
            checked={value.includes(option.value)}
            onChange={(event) => onChange(event.target.checked ? [...value, option.value] : value.filter((v) => v !== option.value))}
          />
          <label htmlFor={`${id}-${option.value}`} className="form-check-label">
            {option.label}
          </label>
        </div>
      ))}
      <Feedback id={errors?.length ? `${id}-error` : undefined} errors={errors} />
    </fieldset>
  );
}
