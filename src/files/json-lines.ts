/** The records of a JSON Lines chunk: every non-blank line, trimmed (a blank line is no record). */
export function jsonLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
