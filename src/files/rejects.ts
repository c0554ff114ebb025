/** Why a row holding a NUL character is refused: Postgres text cannot store one, and the row would fail its chunk's load. */
export const NUL_REASON = 'contains a NUL byte';

/** A row an upload does not load: where it is in the file, the field at fault as the file names it, its value, and why. */
export interface Reject {
  rowNumber: number;
  field: string;
  value: string | null;
  reason: string;
}
