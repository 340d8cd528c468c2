// Types for js/web.js: the same as the package entry.
export * from "./index";
