import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: ['build/', 'dist/', 'coverage/', 'artifacts/', 'releases/', 'node_modules/', '.tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // What ships to the TV must run on the engines of 2017–2019 TVs (Chrome 38–63) once the
    // es5 build's polyfills are in: these APIs are neither there nor polyfilled.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'globalThis', message: 'Missing before Chrome 71; use the plain global.' },
        { name: 'structuredClone', message: 'Missing before Chrome 98.' },
        { name: 'queueMicrotask', message: 'Missing before Chrome 71.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='finally']",
          message: 'Promise.prototype.finally is missing before Chrome 63.',
        },
        {
          selector: "MemberExpression[object.name='Object'][property.name='fromEntries']",
          message: 'Object.fromEntries is missing before Chrome 73.',
        },
        {
          selector: "MemberExpression[object.name='AbortSignal'][property.name=/^(timeout|any)$/]",
          message: 'AbortSignal.timeout/any are missing before Chrome 103/116.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^(replaceAll|at|findLast)$/]',
          message: 'Missing before Chrome 85–97.',
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'sandbox/**', 'test/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
)
