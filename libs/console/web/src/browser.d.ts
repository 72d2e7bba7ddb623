// The console runs in the browser; the rest of the repository is type-checked against Node only. These
// references make `npm run typecheck` (one program for everything) know the DOM as well (ADR 0010).
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
