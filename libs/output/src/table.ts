/** One column of a table: its header and how to read a cell from a row. */
export interface TableColumn<Row> {
  header: string;
  value: (row: Row) => string | number | undefined;
  /** Right-align (numbers). Default: false. */
  alignRight?: boolean;
}

/** Renders rows as space-aligned columns with a header line. */
export function renderTable<Row>(
  rows: Row[],
  columns: Array<TableColumn<Row>>,
  header: (text: string) => string = (text) => text,
): string {
  const cells = rows.map((row) => columns.map((column) => String(column.value(row) ?? '')));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => line[index].length)),
  );
  const pad = (text: string, index: number) =>
    columns[index].alignRight ? text.padStart(widths[index]) : text.padEnd(widths[index]);
  const lines = [
    header(
      columns
        .map((column, index) => pad(column.header, index))
        .join('  ')
        .trimEnd(),
    ),
    ...cells.map((line) => line.map(pad).join('  ').trimEnd()),
  ];
  return `${lines.join('\n')}\n`;
}
