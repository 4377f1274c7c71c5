/** Spending at a glance ("41k tok · $0.12"), every count in the tooltip, and in words for screen readers. */
export function UsageAmount({
  compact,
  detail,
  spoken = detail,
  className,
  lead = '',
}: {
  compact: string;
  detail: string;
  /** What a screen reader says instead of the compact line (the detail unless given). */
  spoken?: string;
  className: string;
  /** Shown before it, e.g. " · " in a row of facts. */
  lead?: string;
}) {
  return (
    <span className={className} title={detail}>
      <span aria-hidden="true">
        {lead}
        {compact}
      </span>
      <span className="visually-hidden">{`${lead ? ', ' : ''}usage: ${spoken.replace(/\n/g, '; ')}`}</span>
    </span>
  );
}
