/** A row an upload does not load: where it is in the file, the field at fault as the file names it, its value, and why. */
export interface Reject {
  rowNumber: number;
  field: string;
  value: string | null;
  reason: string;
}
