/** A sentence from the host about what went wrong, announced to screen readers. */
export function ErrorText({ id, children }: { id?: string; children: string | null }) {
  if (!children) return null;
  return (
    <p id={id} className="error" role="alert">
      {children}
    </p>
  );
}
