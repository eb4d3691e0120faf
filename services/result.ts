/** What the service module answers: a typed value, or a refusal with a Swedish message. */
export type Refusal = {
  code: string;
  /** the whole explanation in Swedish, as the user should read it */
  message: string;
  /** every reason when the rules refused, each with what to do instead */
  reasons: { code: string; message: string }[];
  /** the form field the refusal concerns, if any */
  field?: string;
};
export type Result<T> = { ok: true; value: T } | { ok: false; error: Refusal };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const refused = (code: string, message: string, field?: string, reasons?: Refusal['reasons']): Result<never> => ({
  ok: false,
  error: { code, message, reasons: reasons ?? [{ code, message }], ...(field ? { field } : {}) },
});
