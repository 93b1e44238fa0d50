import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'],
    environment: 'node',
    coverage: {
      provider: 'v8',
      include: ['src/trakt/**', 'src/auth/**'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95 },
    },
  },
})
