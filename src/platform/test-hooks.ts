/**
 * Mirrors what the app shows into `document.body.dataset`, so that end-to-end tests and a
 * person debugging on a device can read the state of a canvas app. Only words that are on
 * the screen anyway go here; never a token.
 */

/** Sets (or, with `undefined`, removes) `data-<name>` on `<body>`. */
export function exposeState(values: Readonly<Record<string, string | undefined>>): void {
  const dataset = document.body.dataset
  for (const name of Object.keys(values)) {
    const value = values[name]
    if (value === undefined) Reflect.deleteProperty(dataset, name)
    else dataset[name] = value
  }
}
