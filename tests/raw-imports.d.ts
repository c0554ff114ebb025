// Vite's ?raw suffix: a file's exact text, so fixtures keep their 18-digit ids as written.
declare module '*?raw' {
  const text: string;
  export default text;
}
