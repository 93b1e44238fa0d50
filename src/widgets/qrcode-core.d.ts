/**
 * `qrcode`'s encoder without its canvas, SVG and terminal renderers, which the app does not
 * call; its `create` is the one `@types/qrcode` describes for the package's entry point.
 */
declare module 'qrcode/lib/core/qrcode' {
  export { create } from 'qrcode'
}
