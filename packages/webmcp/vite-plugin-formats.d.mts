import type { Plugin } from 'vite';
/** Vite/Rollup plugin: `format` keywords are annotations only (JSON Schema 2020-12 default). */
export declare function formatsAsAnnotations(): Plugin;
