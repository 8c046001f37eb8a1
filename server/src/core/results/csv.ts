// A small RFC 4180 reader for the CSV results formats (Locust, JMeter): quoted fields may
// hold commas, quotes ("") and line breaks. Linear in the text, no regex backtracking.

/** Rows of fields; a final empty line gives no row. `maxRows` bounds the work on a hostile file. */
export function parseCsv(text: string, maxRows: number): { rows: string[][] } | { error: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      if (rows.length > maxRows) return { error: `more than ${maxRows.toLocaleString('en-US')} rows` };
    } else field += c;
  }
  if (quoted) return { error: 'a quoted field is not closed (truncated file?)' };
  if (field !== '' || row.length) endRow();
  return { rows };
}
