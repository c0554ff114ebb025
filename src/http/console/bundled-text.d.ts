/** Files the Worker bundles as text (wrangler.toml, [[rules]] type = "Text"). */
declare module 'uplot/dist/uPlot.iife.min.js' {
  const text: string;
  export default text;
}
declare module 'uplot/dist/uPlot.min.css' {
  const text: string;
  export default text;
}
