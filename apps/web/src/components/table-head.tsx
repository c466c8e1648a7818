/** A table's header row; an empty string makes an unlabelled column (for buttons). */
export function TableHead({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed header row; labels may repeat or be empty
          <th key={i}>{c}</th>
        ))}
      </tr>
    </thead>
  );
}
